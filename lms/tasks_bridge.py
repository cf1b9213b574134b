"""Let one worker run both task frameworks (see docs/decisions/0005).

Wagtail 8 enqueues through the ``django_tasks`` backport (``TASKS["default"]``); the project uses Django 6's
``django.tasks`` (``TASKS["background"]``). ``LMS_TASKS`` (lms/settings/base.py) sets both aliases:

- ``database`` (default, no extra service): "background" is django-tasks-db; "default" is ``ForwardingBackend``,
  which turns each backport task into one ``lms.tasks.run_backport_task`` row on "background", so ``db_worker`` runs
  Wagtail's work too (django-tasks-db on Django 6 refuses backport tasks).
- ``redis``: both aliases are django-tasks-rq, whose RQ job accepts both task classes; ``rqworker`` runs them.
"""

import django_rq
from django.db import transaction
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TASK_MAX_PRIORITY, TaskResult, TaskResultStatus
from django_tasks.base import Task as BackportTask
from django_tasks.exceptions import InvalidTaskError
from django_tasks.utils import get_random_id
from django_tasks_rq.backend import Job, failed_callback, success_callback
from django_tasks_rq.backend import RQBackend as BaseRQBackend
from rq.job import Callback, JobStatus


class ForwardingBackend(BaseTaskBackend):
    """A backport backend that queues its tasks on a Django 6 backend (the "background" alias).

    The forwarded task keeps the queue, priority and run_after; it is written in the caller's transaction,
    so the worker never sees a task for a row that was rolled back.
    """

    supports_defer = True
    supports_priority = True
    supports_get_result = False  # results live on the "background" alias, under the id we return

    def __init__(self, alias: str, params: dict) -> None:
        super().__init__(alias, params)
        self.target = self.options.get("TARGET", "background")

    def validate_task(self, task: BackportTask) -> None:
        super().validate_task(task)
        if task.takes_context:
            raise InvalidTaskError("Forwarded tasks cannot take a context.")

    def enqueue(self, task, args, kwargs):
        from lms.tasks import run_backport_task  # a task module: importing it resolves "background"

        self.validate_task(task)
        forwarded = run_backport_task.using(
            queue_name=task.queue_name,
            priority=task.priority,
            run_after=task.run_after,
            backend=self.target,
        ).enqueue(task.module_path, list(args), dict(kwargs))
        return TaskResult(
            task=task,
            id=forwarded.id,
            status=TaskResultStatus.READY,
            enqueued_at=forwarded.enqueued_at,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )


class RQBackend(BaseRQBackend):
    """django-tasks-rq, pushing to Redis only once the caller's transaction commits.

    Wagtail enqueues from post_save, inside the page's transaction: pushed at once, a worker could pick the job
    up before the row is committed (or after it was rolled back). The result id is chosen up front so the
    caller's TaskResult still finds the job.
    """

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result_id = get_random_id()
        # Outside a transaction on_commit runs at once, so a Redis error still reaches the caller.
        transaction.on_commit(lambda: self._push(task, args, kwargs, result_id))
        return TaskResult(
            task=task,
            id=result_id,
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )

    def _push(self, task, args, kwargs, result_id):
        queue = django_rq.get_queue(task.queue_name, job_class=Job)
        job = queue.create_job(
            task.module_path,
            args=args,
            kwargs=kwargs,
            job_id=result_id,
            status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
            on_failure=Callback(failed_callback),
            on_success=Callback(success_callback),
            meta={"backend_name": self.alias},
        )
        if task.run_after is None:
            queue.enqueue_job(job, at_front=task.priority == TASK_MAX_PRIORITY)
        else:
            queue.schedule_job(job, task.run_after)
