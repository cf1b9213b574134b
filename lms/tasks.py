"""Project-wide tasks (Django's tasks framework, "background" alias)."""

from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task as BackportTask


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
