"""Background work of the reports (Django's tasks framework, "background" alias; see docs/decisions/0004)."""

from django.tasks import task

from . import services


@task(backend="background", queue_name="default")
def refresh_report_summary() -> str:
    """Rebuild the report summary (queued by the report pages when it is older than a minute)."""
    return services.report_summary_refresh().refreshed_at.isoformat()
