"""Project-wide tasks (Django's tasks framework, "background" alias)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task as BackportTask

logger = logging.getLogger("lms.tasks")

# Tasks that may simply run again after their worker died: each checks what is already done (the certificate
# services lock the enrollment and issue once; a stored PDF is not rendered again; notify() sends each key once;
# a job (export, archive, import) is rebuilt whole).
IDEMPOTENT_TASKS = frozenset(
    {
        "certificates.tasks.issue_certificate",
        "certificates.tasks.render_certificate_file",
        "certificates.tasks.send_expiry_reminders",
        "courses.tasks.send_due_reminders",
        "certificates.tasks.regenerate_certificates",
        "certificates.tasks.send_certificate_issued",
        "certificates.tasks.reconcile_certificates",
        "evaluations.tasks.open_evaluations",
        "evaluations.tasks.send_evaluation_reminders",
        "jobs.tasks.run_job",
        "officials.tasks.send_official_invitations",
        "jobs.tasks.purge_job_files",
        "lms.tasks.heartbeat",
        "lessonmedia.tasks.probe_lesson_media",
        "scorm.tasks.unpack_scorm_package",
    }
)


class TaskLost(Exception):
    """Recorded as the error of a task whose worker stopped (killed, out of memory, node lost) mid-run."""


def stuck_tasks(*, minutes: int | None = None):
    """Database tasks RUNNING for longer than ``minutes`` (LMS_TASK_STUCK_MINUTES): their worker is gone.

    With the Redis backend, RQ itself moves jobs of dead workers to its failed registry; this sees none.
    """
    from django_tasks_db.models import DBTaskResult

    minutes = settings.LMS_TASK_STUCK_MINUTES if minutes is None else minutes
    return DBTaskResult.objects.filter(
        status="RUNNING", started_at__lt=timezone.now() - timedelta(minutes=minutes)
    )


def recover_stuck_tasks(*, minutes: int | None = None) -> dict[str, int]:
    """Mark stuck tasks failed and queue again those in IDEMPOTENT_TASKS (same arguments, queue and priority).

    Returns {"failed": n, "requeued": m}. Each row is claimed by a conditional update, so two runs at once
    never queue the same task twice.
    """
    from django_tasks_db.models import DBTaskResult

    failed = requeued = 0
    for row in list(stuck_tasks(minutes=minutes)):
        claimed = DBTaskResult.objects.filter(pk=row.pk, status="RUNNING").update(
            status="FAILED",
            finished_at=timezone.now(),
            exception_class_path=f"{TaskLost.__module__}.{TaskLost.__qualname__}",
            traceback=f"TaskLost: running since {row.started_at.isoformat()} on {row.worker_ids}; worker gone",
        )
        if not claimed:
            continue
        failed += 1
        logger.warning(
            "task %s (%s) was stuck since %s; marked failed", row.pk, row.task_path, row.started_at
        )
        if row.task_path not in IDEMPOTENT_TASKS:
            continue
        task_object = import_string(row.task_path)
        task_object.using(queue_name=row.queue_name, priority=row.priority).enqueue(
            *row.args_kwargs.get("args", []), **row.args_kwargs.get("kwargs", {})
        )
        requeued += 1
    return {"failed": failed, "requeued": requeued}


@task(backend="background")
def run_backport_task(module_path: str, args: list, kwargs: dict):
    """Run one backport task (e.g. Wagtail's reference-index update) inside the Django worker."""
    backport_task = import_string(module_path)
    if not isinstance(backport_task, BackportTask):
        # The path comes from our own queue, but never call an arbitrary callable named by a stored row.
        raise TypeError(f"{module_path} is not a django_tasks task")
    return backport_task.call(*args, **kwargs)


@task(backend="background", queue_name="default")
def heartbeat() -> str:
    """Done by a worker when the health check asks; its finish time proves a worker is taking jobs."""
    return timezone.now().isoformat()


@task(backend="background", queue_name="default")
def recover_tasks() -> dict[str, int]:
    """Run by cron through `manage.py recover_tasks` normally; a task too, for schedulers that queue tasks."""
    return recover_stuck_tasks()
