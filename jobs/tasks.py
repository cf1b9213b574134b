"""Background work for jobs (Django's tasks framework, "background" alias; see docs/decisions/0004)."""

from django.tasks import task

from . import services


@task(backend="background", queue_name="default")
def run_job(job_id: int) -> str:
    """Run one job; queued by ``job_create`` on its kind's queue. Returns the job's final status."""
    return services.job_run(job_id=job_id).status


@task(backend="background", queue_name="default")
def purge_job_files() -> int:
    """Delete the files of jobs past their retention (daily, like `manage.py purge_job_files`)."""
    return services.job_files_purge()
