"""The project's ``db_worker`` (lms/management/commands/db_worker.py): it takes a task in one statement on
PostgreSQL and must take the same task, and record the same claim, as django-tasks-db's worker does."""

import importlib
from datetime import timedelta

import psycopg
import pytest
from django.apps import apps
from django.core.management import get_commands
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from psycopg import sql

from lms.management.commands.db_worker import claim_next


def _row(*, queue="certificates", backend="background", priority=0, status="READY", run_after=None, **extra):
    return DBTaskResult.objects.create(
        status=status,
        task_path="lms.tasks.heartbeat",
        args_kwargs={"args": [], "kwargs": {}},
        queue_name=queue,
        backend_name=backend,
        priority=priority,
        run_after=run_after or get_date_max(),
        **extra,
    )


def _claim(worker_id="w1", queues=("certificates",), excluded=()):
    return claim_next(
        backend_name="background", queue_names=list(queues), excluded=list(excluded), worker_id=worker_id
    )


def test_the_project_db_worker_replaces_the_librarys():
    assert get_commands()["db_worker"] == "lms"


@pytest.mark.postgres
@pytest.mark.django_db
def test_claim_next_takes_ready_tasks_in_the_librarys_order_and_marks_each_running():
    now = timezone.now()
    low = _row(priority=-5)
    due = _row(run_after=now - timedelta(minutes=1))
    high = _row(priority=10, worker_ids=["an-earlier-worker"])
    _row(priority=20, run_after=now + timedelta(hours=1))  # not due yet
    _row(priority=30, queue="emails")  # another queue
    _row(priority=30, backend="default")  # another backend
    _row(priority=30, status="RUNNING")
    _row(priority=30, status="SUCCESSFUL")

    taken = [_claim(worker_id=f"w{i}") for i in range(4)]

    # Priority first, then run_after (a due task before one without a time), as the model's ordering says.
    assert [row.pk if row else None for row in taken] == [high.pk, due.pk, low.pk, None]
    high.refresh_from_db()
    assert high.status == "RUNNING"
    assert high.worker_ids == ["an-earlier-worker", "w0"]
    assert now <= high.started_at <= timezone.now()
    # The returned row is a full model instance the library's run_task can run and record.
    assert taken[0].task_result.args == [] and taken[0].task.name == "heartbeat"


@pytest.mark.postgres
@pytest.mark.django_db
def test_claim_next_honours_every_queue_and_excluded_queues():
    email = _row(queue="emails", priority=1)
    export = _row(queue="exports")
    assert _claim(queues=("*",), excluded=("emails",)).pk == export.pk
    assert _claim(queues=("*",), excluded=("emails",)) is None
    assert _claim(queues=("certificates", "emails")).pk == email.pk


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_claim_next_skips_a_task_another_worker_is_taking():
    first = _row(priority=5)
    second = _row()
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"],
        port=params["PORT"] or 5432,
    ) as other:
        # Another worker's claim in progress: the first task's row is locked until it commits.
        table = sql.Identifier(DBTaskResult._meta.db_table)
        other.execute(sql.SQL("SELECT 1 FROM {} WHERE id = %s FOR UPDATE").format(table), [first.pk])
        taken = _claim()
        assert taken.pk == second.pk
        assert _claim() is None
    first.refresh_from_db()
    assert first.status == "READY" and first.worker_ids == []


@pytest.mark.postgres
@pytest.mark.django_db
def test_claim_of_one_queue_reads_only_that_queues_ready_tasks_in_order():
    """However many tasks of other queues wait (the e-mails a certificates worker leaves), the claim walks the
    index of ready tasks by backend and queue (lms/migrations/0001) from its own queue's first task, with no
    sort; the library's index would step over every e-mail queued before it (ADR 0039)."""
    from lms.management.commands.db_worker import claim_statement

    for _ in range(30):
        _row(queue="emails")
    first = _row()
    _row()
    statement, params = claim_statement(
        backend_name="background", queue_names=["certificates"], excluded=[], worker_id="w1"
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small would otherwise be read whole
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + statement, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan using lms_tasks_ready_queue_idx" in plan
    assert "Sort" not in plan
    assert "Rows Removed by Filter" not in plan  # no e-mail row was read
    first.refresh_from_db()
    assert first.status == "RUNNING"  # EXPLAIN ANALYZE ran it: the first ready task of the queue was claimed


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_ready_tasks_index_is_built_concurrently_and_an_interrupted_build_is_redone():
    """Deployments migrate while workers queue and claim: the index is built CONCURRENTLY (a non-atomic
    migration). An interrupted concurrent build leaves an invalid index that IF NOT EXISTS alone would keep."""
    migration = importlib.import_module("lms.migrations.0001_ready_tasks_by_queue_index")
    assert migration.Migration.atomic is False
    valid = "SELECT indisvalid FROM pg_index WHERE indexrelid = %s::regclass"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE pg_index SET indisvalid = false WHERE indexrelid = %s::regclass", [migration.INDEX]
        )
        cursor.execute(valid, [migration.INDEX])
        assert cursor.fetchone() == (False,)
    with CaptureQueriesContext(connection) as ran, connection.schema_editor(atomic=False) as editor:
        migration.create(apps, editor)
    built = [query["sql"] for query in ran.captured_queries if "INDEX" in query["sql"]]
    assert [statement.split(" IF ")[0] for statement in built] == [
        "DROP INDEX CONCURRENTLY",
        "CREATE INDEX CONCURRENTLY",
    ]
    with connection.cursor() as cursor:
        cursor.execute(valid, [migration.INDEX])
        assert cursor.fetchone() == (True,)
