"""Wagtail's own tasks and the project's tasks both run through the real worker, on each backend.

The test enqueues with the backend of ``LMS_TASKS`` (lms/settings/base.py), then starts the worker as a
separate process (``db_worker`` or ``rqworker``), as production does, against the same database, and reads the
effects back as a visitor would: the new page is found by the site search (Wagtail's search-index task), the
certificate verifies on its public page (the project's certificate task).
"""

import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import override_settings

from certificates.models import Certificate
from lms.settings.base import tasks_settings

ROOT = Path(__file__).resolve().parent.parent
WORD = "Quyhoachxanhkhongtrung"  # a word no other page holds

WORKER_COMMANDS = {
    "database": [
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--backend",
        "background",
        "--queue-name",
        "*",
    ],
    # --burst: take every queued job, then exit. The job class comes from settings.RQ.
    "redis": ["rqworker", "--burst", *settings.TASK_QUEUES],
}


@contextmanager
def shared_database(tmp_path):
    """A DATABASE_URL another process can open, holding what this test committed.

    PostgreSQL: the test database itself. SQLite: the suite's database is in memory, so it is copied to a file
    for the worker and copied back afterwards, so that this test then reads what the worker wrote.
    """
    connection = connections["default"]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"
        with sqlite3.connect(path) as target:
            connection.connection.backup(target, progress=_give_up_when_locked(time.monotonic() + 60))
        yield f"sqlite:///{path}"
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
    else:
        params = connection.settings_dict
        credentials = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
        yield f"postgres://{credentials}@{params['HOST']}:{params['PORT'] or 5432}/{params['NAME']}"


def _give_up_when_locked(deadline: float):
    """A backup progress callback that fails the test instead of waiting forever on a locked database.

    SQLite's backup retries while another connection to the shared in-memory database holds a lock (seen once:
    a thread left behind by an earlier test in the same process); the test then fails naming the threads.
    """

    def progress(status, remaining, total):
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            names = ", ".join(thread.name for thread in threading.enumerate())
            raise TimeoutError(f"the in-memory test database stayed locked for 60 s; threads: {names}")

    return progress


def run_worker(backend, database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "LMS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.test",
        DATABASE_URL=database_url,
        LMS_TEST_WORKER_TASKS=backend,
        LMS_TEST_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        LMS_TEST_REDIS_URL=settings.RQ_QUEUES["default"]["URL"],
    )
    result = subprocess.run(
        [sys.executable, "manage.py", *WORKER_COMMANDS[backend]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def redis_queues():
    """The tests' own Redis database, emptied before and after; skipped only when no Redis answers."""
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError

    client = Redis.from_url(settings.RQ_QUEUES["default"]["URL"], socket_connect_timeout=2)
    try:
        client.ping()
    except RedisConnectionError:
        pytest.skip(f"no Redis at {settings.RQ_QUEUES['default']['URL']} (needed for the RQ backend)")
    client.flushdb()
    yield client
    client.flushdb()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", ["database", "redis"])
def test_wagtail_and_project_tasks_run_on_the_worker(
    backend, request, tmp_path, catalog, completed_enrollment
):
    from wagtail.models import Page

    from certificates.tasks import issue_certificate
    from cms.models import StandardPage

    if backend == "redis":
        request.getfixturevalue("redis_queues")
    with override_settings(TASKS=tasks_settings(backend, settings.TASK_QUEUES)):
        page = StandardPage(title=f"Cẩm nang {WORD}", slug="cam-nang-quy-hoach", introduction="Giới thiệu")
        catalog.get_parent().add_child(instance=page)  # Wagtail queues its search- and reference-index tasks
        result = issue_certificate.enqueue(completed_enrollment.pk)

        # Queued, not run: nothing happened yet.
        assert not Page.objects.live().search(WORD)
        assert not Certificate.objects.exists()
        result.refresh()
        assert result.status == "READY"

        with shared_database(tmp_path) as database_url:
            run_worker(backend, database_url)

        result.refresh()
        assert result.status == "SUCCESSFUL", result.errors
    found = list(Page.objects.live().search(WORD))
    assert [p.pk for p in found] == [page.pk]
    certificate = Certificate.objects.get(enrollment=completed_enrollment)
    assert result.return_value == certificate.serial
    assert certificate.pdf and Path(certificate.pdf.path).read_bytes().startswith(b"%PDF")
