"""``manage.py db_worker``: django-tasks-db's worker, taking each task in one statement (docs/decisions/0037).

The project's apps come before ``django_tasks_db`` in ``INSTALLED_APPS``, so this command replaces the library's
under the same name and options; deployments and tests run it unchanged. Only how a task is taken differs.
"""

import random
import time

from django.db import close_old_connections, connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult, get_date_max


def claim_statement(
    *, backend_name: str, queue_names: list[str], excluded: list[str], worker_id: str
) -> tuple[str, list]:
    """The SQL and parameters of the one statement that claims the next ready task (PostgreSQL).

    It picks the same row as the library (ready, of this backend and these queues, in the model's order:
    priority, then run_after, then enqueued_at), locks it so that no other worker takes it, and records the same
    things (status, started_at, the worker appended to worker_ids). A worker of one queue reads only that
    queue's ready tasks (index ``lms_tasks_ready_queue_idx``), however many of other queues wait (ADR 0039).
    """
    model = DBTaskResult._meta
    quote = connections["default"].ops.quote_name
    table = quote(model.db_table)
    now = timezone.now()
    where = [f"{quote('status')} = %s", f"{quote('backend_name')} = %s"]
    params = [TaskResultStatus.READY, backend_name]
    where.append(f"({quote('run_after')} = %s OR {quote('run_after')} <= %s)")
    params += [get_date_max(), now]
    if "*" not in queue_names and len(queue_names) == 1:
        # Equality, not ANY: the index on ready tasks by backend and queue (lms/migrations/0001) then gives the
        # rows of this queue already in order, without stepping over the other queues' waiting tasks.
        where.append(f"{quote('queue_name')} = %s")
        params.append(queue_names[0])
    elif "*" not in queue_names:
        where.append(f"{quote('queue_name')} = ANY(%s)")
        params.append(list(queue_names))
    if excluded:
        where.append(f"NOT ({quote('queue_name')} = ANY(%s))")
        params.append(list(excluded))
    columns = ", ".join(quote(field.column) for field in model.concrete_fields)
    sql = (
        f"UPDATE {table} SET {quote('status')} = %s, {quote('started_at')} = %s, "  # noqa: S608 (quoted names)
        f"{quote('worker_ids')} = {quote('worker_ids')} || jsonb_build_array(%s::text) "
        f"WHERE {quote('id')} = (SELECT {quote('id')} FROM {table} WHERE {' AND '.join(where)} "
        f"ORDER BY {quote('priority')} DESC, {quote('run_after')} ASC, {quote('enqueued_at')} ASC "
        f"LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING {columns}"
    )
    return sql, [TaskResultStatus.RUNNING, now, worker_id, *params]


def claim_next(*, backend_name: str, queue_names: list[str], excluded: list[str], worker_id: str):
    """Take the next ready task for ``worker_id`` and return its row marked RUNNING, or None.

    The library takes a task in four statements (``BEGIN``, ``SELECT … FOR UPDATE SKIP LOCKED``, ``UPDATE``,
    ``COMMIT``), each compiled by the ORM; on PostgreSQL this is one ``UPDATE … WHERE id = (SELECT … FOR UPDATE
    SKIP LOCKED) RETURNING``, committed on its own (:func:`claim_statement`).
    """
    sql, params = claim_statement(
        backend_name=backend_name, queue_names=queue_names, excluded=excluded, worker_id=worker_id
    )
    rows = list(DBTaskResult.objects.raw(sql, params))
    return rows[0] if rows else None


class Worker(db_worker.Worker):
    """The library's worker (signals, batch mode, max tasks, graceful shutdown, running and recording each
    task as it does), taking tasks with :func:`claim_next` on PostgreSQL."""

    def run(self) -> None:
        if connections["default"].vendor != "postgresql":
            return super().run()
        db_worker.logger.info(
            "Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names)
        )
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # as the library does: workers started together do not poll together
        while self.running:
            close_old_connections()  # a dropped or expired connection is replaced before the claim
            task_result = claim_next(
                backend_name=self.backend_name,
                queue_names=self.queue_names,
                excluded=self.excluded_queue_names,
                worker_id=self.worker_id,
            )
            if task_result is not None:
                self.run_task(task_result)
            elif self.batch:
                db_worker.logger.info(
                    "No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id
                )
                return None
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                db_worker.logger.info(
                    "Run maximum tasks (%d) on worker=%s - exiting gracefully.",
                    self._run_tasks,
                    self.worker_id,
                )
                return None
            if self.running and task_result is None:
                time.sleep(self.interval)
        return None


class Command(db_worker.Command):
    help = db_worker.Command.help + " (taking each task in one statement on PostgreSQL)"

    def handle(self, **options) -> None:
        # The library's handle builds its own Worker by name; build ours from the same parsed options.
        saved, db_worker.Worker = db_worker.Worker, Worker
        try:
            super().handle(**options)
        finally:
            db_worker.Worker = saved
