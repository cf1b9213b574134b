"""Large imports of officials run as background jobs (jobs pipeline, kind "officials.import"), on the
"imports" queue: the dry run and the application alike, with progress on the import's page."""

from django.utils.translation import gettext_lazy as _

from jobs.models import Job
from jobs.registry import JobError, JobKind, register

from . import services
from .models import OfficialImport

OFFICIAL_IMPORT_JOB = "officials.import"


def official_import_job_run(job: Job, out, progress) -> dict:
    record = OfficialImport.objects.select_related("owner").filter(pk=job.parameters["import_id"]).first()
    if record is None or not record.file:
        raise JobError(_("The uploaded file is no longer there; upload it again."))
    if job.parameters.get("apply"):
        services.official_import_run_apply(record=record, progress=progress)
    else:
        services.official_import_check(record=record, progress=progress)
    record.refresh_from_db()
    return {"status": record.status, **record.plan.get("counts", {})}


OFFICIAL_IMPORT = register(
    JobKind(
        name=OFFICIAL_IMPORT_JOB,
        label=_("Import of officials"),
        run=official_import_job_run,
        queue="imports",
        writes_file=False,
    )
)
