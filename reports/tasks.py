"""Background work for reports (Django's tasks framework, "background" alias: see docs/decisions/0004)."""

from django.tasks import task

from . import services
from .models import ExportJob


@task(backend="background", queue_name="exports")
def build_export(job_id: int) -> int:
    """Build an export job's file; returns the number of rows written."""
    return services.export_job_run(job=ExportJob.objects.select_related("user").get(pk=job_id)).rows
