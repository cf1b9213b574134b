"""Admin pages for importing questions (Moodle XML or the XLSX template) into the question bank.

Mounted by ``wagtail_hooks`` under the admin, so Wagtail's admin-access check runs first; each view then
requires the permission to add questions.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.admin.auth import permission_required

from jobs.models import Job

from . import import_jobs, services
from .importers import ImportFormatError, ImportReport, questions_import, xlsx_template
from .models import Question, Quiz

MAX_UPLOAD_MB = 5
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_FILENAME = "mau-ngan-hang-cau-hoi.xlsx"


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.xlsx"}),
    )
    category = forms.CharField(
        label=_("Category"),
        required=False,
        max_length=255,
        help_text=_("Optional: put every imported question under a top-level category with this name."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Interpolated here, not at import time, so the text follows the request's language.
        self.fields["file"].help_text = _(
            "A Moodle XML export (.xml) or the Excel template (.xlsx), at most %(size)s MB."
        ) % {"size": MAX_UPLOAD_MB}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB."), code="too_large", params={"size": MAX_UPLOAD_MB}
            )
        return upload


@permission_required("assessment.add_question")
@require_http_methods(["GET", "POST"])
def import_questions(request):
    """The upload form; a POST imports the file and shows the report (or why nothing was imported).

    A file above LMS_IMPORT_BACKGROUND_BYTES is imported by a background job instead: the form then
    redirects to the job's status page.
    """
    form, report, error = QuestionImportForm(), None, None
    if request.method == "POST":
        job_page, form, report, error = _upload(request)
        if job_page:
            return job_page
        if report:
            form = QuestionImportForm()
    return render(
        request,
        "assessment/admin/questions_import.html",
        {"form": form, "report": report, "imported": _imported(report), "error": error},
    )


@permission_required("assessment.add_question")
@require_http_methods(["GET", "POST"])
def import_into_quiz(request, quiz_id: int):
    """Import a question file from a quiz's own screen: into the bank, then onto the end of this quiz's pool.

    Needs the right to add questions and to change quizzes. Defaults the category to the course's one (where
    questions written on the quiz form go). A large file goes through the same background job, which
    attaches the questions when it has written them.
    """
    if not request.user.has_perm("assessment.change_quiz"):
        raise PermissionDenied
    quiz = get_object_or_404(Quiz.objects.select_related("course"), pk=quiz_id)
    initial = {"category": services.quiz_question_category(quiz=quiz)[0]}
    form, report, error = QuestionImportForm(initial=initial), None, None
    if request.method == "POST":
        job_page, form, report, error = _upload(request, quiz=quiz)
        if job_page:
            return job_page
        if report:
            added = services.quiz_questions_attach(
                quiz=quiz, question_ids=report.question_ids, by=request.user
            )
            messages.success(
                request,
                ngettext(
                    "%(count)s question added to the quiz “%(quiz)s”.",
                    "%(count)s questions added to the quiz “%(quiz)s”.",
                    added,
                )
                % {"count": added, "quiz": quiz.title},
            )
            form = QuestionImportForm(initial=initial)
    return render(
        request,
        "assessment/admin/questions_import.html",
        {"form": form, "report": report, "imported": _imported(report), "error": error, "quiz": quiz},
    )


def _upload(request, *, quiz: Quiz | None = None):
    """The POST of either import form: ``(job_page, form, report, error)``. A file above
    LMS_IMPORT_BACKGROUND_BYTES becomes a background job (``job_page`` redirects to its status page); a smaller
    one is imported here (``report``), or refused as a whole (``error``)."""
    form = QuestionImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return None, form, None, None
    upload, category = form.cleaned_data["file"], form.cleaned_data["category"] or None
    if upload.size > settings.LMS_IMPORT_BACKGROUND_BYTES:
        job = import_jobs.question_import_create(
            user=request.user, upload=upload, category=category, quiz=quiz
        )
        return redirect("questions_import_job", public_id=job.public_id), form, None, None
    try:
        return None, form, questions_import(data=upload.read(), category=category), None
    except ImportFormatError as exc:
        return None, form, None, str(exc)


def _imported(report: ImportReport | None) -> list[tuple[str, int]]:
    if report is None:
        return []
    return [(Question.Type(value).label, count) for value, count in report.imported.items() if count]


@permission_required("assessment.add_question")
@require_GET
def import_job(request, public_id):
    """The status of a background import: progress while it runs, then the same report as a direct import."""
    job = get_object_or_404(
        Job, public_id=public_id, owner=request.user, kind=import_jobs.QUESTION_IMPORT_JOB
    )
    report = None
    if job.status == Job.Status.DONE:
        report = ImportReport(
            imported=job.result.get("imported", {}),
            skipped=job.result.get("skipped", []),
            categories=job.result.get("categories", 0),
        )
    quiz = None
    if job.parameters.get("quiz_id"):
        quiz = Quiz.objects.filter(pk=job.parameters["quiz_id"]).first()
    return render(
        request,
        "assessment/admin/questions_import_job.html",
        {
            "job": job,
            "report": report,
            "imported": _imported(report),
            "quiz": quiz,
            "attached": (job.result or {}).get("attached"),
        },
    )


@permission_required("assessment.add_question")
@require_GET
def download_template(request):
    response = HttpResponse(xlsx_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILENAME}"'
    return response


urlpatterns = [
    path("", import_questions, name="questions_import"),
    path("mau.xlsx", download_template, name="questions_import_template"),
    path("viec/<uuid:public_id>/", import_job, name="questions_import_job"),
]
