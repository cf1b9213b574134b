"""Large question imports run as a background job (jobs pipeline, kind "assessment.question_import").

The upload waits in the private job storage until the worker reads it, and is deleted as soon as the import
has read it (done or failed). The job's result is the import report (counts per type, skipped questions with
their row or name and the reason); it has no file to download.
"""

import secrets

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from jobs import services as job_services
from jobs.models import Job, job_storage
from jobs.registry import JobError, JobKind, register

from . import services
from .importers import ImportFormatError, questions_import
from .models import Quiz

QUESTION_IMPORT_JOB = "assessment.question_import"


def question_import_create(*, user: User, upload, category: str | None, quiz: Quiz | None = None) -> Job:
    """Keep ``upload`` privately and queue its import on the "imports" queue; returns the job.

    With ``quiz`` (an import started from a quiz's screen) the imported questions join that quiz's pool.
    """
    name = job_storage().save(f"jobs/uploads/{secrets.token_urlsafe(24)}", upload)
    parameters = {"upload": name, "category": category, "filename": upload.name[:255], "size": upload.size}
    if quiz is not None:
        parameters["quiz_id"] = quiz.pk
    return job_services.job_create(kind=QUESTION_IMPORT_JOB, owner=user, parameters=parameters)


def question_import_run(job: Job, out, progress) -> dict:
    storage = job_storage()
    name = job.parameters["upload"]
    try:
        with storage.open(name, "rb") as handle:
            data = handle.read()
        try:
            report = questions_import(data=data, category=job.parameters.get("category"), progress=progress)
        except ImportFormatError as error:
            raise JobError(str(error)) from error
    finally:
        storage.delete(name)
    result = report.as_json()
    quiz_id = job.parameters.get("quiz_id")
    if quiz_id:
        # The quiz may have been deleted while the job waited: the questions then stay in the bank only.
        quiz = Quiz.objects.filter(pk=quiz_id).first()
        result["attached"] = (
            services.quiz_questions_attach(quiz=quiz, question_ids=report.question_ids, by=job.owner)
            if quiz is not None
            else 0
        )
    return result


QUESTION_IMPORT = register(
    JobKind(
        name=QUESTION_IMPORT_JOB,
        label=_("Question import"),
        run=question_import_run,
        queue="imports",
        writes_file=False,
    )
)
