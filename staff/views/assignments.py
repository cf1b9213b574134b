"""Assigning courses (HR area): to a unit, or to learners listed by email or staff code, typed or uploaded."""

import datetime
import io

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import PlainTextField
from accounts.models import OrganisationUnit
from accounts.scoping import units_readable_by
from accounts.text import file_size_text
from cms.models import CoursePage
from courses import selectors, services
from courses.models import Assignment

from ..permissions import hr_area_required

MAX_UPLOAD = 2 * 1024 * 1024
PREVIEW_NAMES = 50  # names listed per group on the preview; the rest are counted


class AssignmentForm(forms.Form):
    course = forms.ModelChoiceField(
        label=gettext_lazy("Course"),
        queryset=CoursePage.objects.none(),
        help_text=gettext_lazy("Published courses only."),
    )
    due_date = forms.DateField(
        label=gettext_lazy("Due date"),
        help_text=gettext_lazy("The last day to complete the course."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Organisation unit"),
        queryset=OrganisationUnit.objects.none(),
        required=False,
        help_text=gettext_lazy("Every official of the unit; officials who join it before the due date too."),
    )
    include_descendants = forms.BooleanField(
        label=gettext_lazy("Include sub-units"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Also the officials of every unit below the chosen one."),
    )
    learners = forms.CharField(
        label=gettext_lazy("Or learners: one email or staff code per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Used instead of the unit when filled in. Only learners of your units."),
    )
    upload = forms.FileField(
        label=gettext_lazy("Or a CSV/XLSX file of emails or staff codes (first column)"),
        required=False,
    )
    note = PlainTextField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Kept with the assignment for HR (at most 500 characters)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["unit"].queryset = units_readable_by(user=user).order_by("path")
        self.fields["unit"].label_from_instance = lambda unit: unit.indented_name
        # Written from MAX_UPLOAD in the request's language, so the limit is said the way it is enforced.
        self.fields["upload"].help_text = _(
            "At most %(size)s. A first row “email” or “mã cán bộ” is skipped."
        ) % {"size": file_size_text(MAX_UPLOAD)}

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date must be in the future."))
        return due

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload and upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.") % {"size": file_size_text(MAX_UPLOAD)}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("learners", "")
        upload = cleaned.get("upload")
        if upload:
            text = "\n".join(filter(None, [text, _list_from_file(upload)]))
        if not cleaned.get("unit") and not text.strip():
            raise forms.ValidationError(_("Choose a unit or list at least one learner."))
        if text.strip():
            learners, errors = selectors.learners_from_list(text=text, by=self.user)
            if errors:
                raise forms.ValidationError(
                    [
                        _("Line %(line)s: %(problem)s") % {"line": line, "problem": problem}
                        for line, problem in errors
                    ]
                )
            cleaned["learner_users"] = learners
        return cleaned


def _list_from_file(upload) -> str:
    data = upload.read()
    if data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        from accounts.uploads import UnsafeArchiveError, check_zip_limits

        try:
            check_zip_limits(data)
        except UnsafeArchiveError as exc:
            raise forms.ValidationError(str(exc)) from exc
        try:
            # A read-only sheet is parsed while it is read, so a damaged one fails in the loop.
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            return "\n".join(str(row[0] or "") for row in sheet.iter_rows(values_only=True) if row)
        except Exception as exc:  # any unreadable workbook is reported to the user
            raise forms.ValidationError(_("The Excel file cannot be read.")) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise forms.ValidationError(_("The file must be UTF-8 CSV or XLSX.")) from exc
    if "\x00" in text:
        # UTF-16 text saved without a byte-order mark decodes as UTF-8 with a NUL beside each letter, and
        # PostgreSQL refuses NUL in a query: say what the file should be instead.
        raise forms.ValidationError(_("The file must be UTF-8 CSV or XLSX."))
    return text


def _confirmation_fields(data: dict) -> dict:
    """The checked choices, as the hidden fields of the confirmation form (an uploaded file travels as the
    emails it named, so nothing is uploaded twice). The form validates them again on confirmation."""
    learners = data.get("learner_users")
    return {
        "course": data["course"].pk,
        "due_date": data["due_date"].isoformat(),
        "unit": "" if learners or not data.get("unit") else data["unit"].pk,
        "include_descendants": "on" if data["include_descendants"] else "",
        "learners": "\n".join(user.email for user in learners or []),
        "note": data["note"],
    }


@hr_area_required
def assign(request):
    """Choose, preview, confirm. A POST shows who would be assigned; only a POST with ``action=confirm``
    (from the preview's form) assigns; ``action=edit`` goes back to the form with the same choices."""
    form = AssignmentForm(request.POST or None, request.FILES or None, user=request.user)
    action = request.POST.get("action")
    if request.method == "POST" and form.is_valid() and action != "edit":
        data = form.cleaned_data
        learners = data.get("learner_users")
        unit = None if learners else data["unit"]
        if action == "confirm":
            due_at = timezone.make_aware(datetime.datetime.combine(data["due_date"], datetime.time(23, 59)))
            try:
                _assignment, count = services.course_assign(
                    course=data["course"],
                    by=request.user,
                    due_at=due_at,
                    unit=unit,
                    include_descendants=data["include_descendants"],
                    users=learners,
                    note=data["note"],
                )
            except services.LearningError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Course “%(course)s” assigned: %(count)s learners enrolled or updated.")
                    % {"course": data["course"].title, "count": count},
                )
                return redirect("course_assignments")
        else:
            preview = selectors.course_assign_preview(
                course=data["course"],
                unit=unit,
                include_descendants=data["include_descendants"],
                users=learners,
                limit=PREVIEW_NAMES,
            )
            return render(
                request,
                "staff/assign_preview.html",
                {
                    "data": data,
                    "unit": unit,
                    "learners": learners,
                    "preview": preview,
                    "fields": _confirmation_fields(data),
                    "active_tab": "assign",
                },
            )
    recent = Assignment.objects.filter(assigned_by=request.user).select_related("course", "unit")[:20]
    return render(request, "staff/assign.html", {"form": form, "assignments": recent, "active_tab": "assign"})
