"""Shared set-up for benchmarks: a PostgreSQL database of their own, migrated, with Django configured; and
``timed_get``, the one way benches time a page through the Django test client."""

import os
import sys
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def django_on_postgres(database: str) -> None:
    """Point Django at ``database`` on the local PostgreSQL (created if missing) and migrate it."""
    import psycopg

    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{database}"')
    except psycopg.OperationalError as exc:
        sys.exit(f"PostgreSQL is not reachable at {PG_SERVER}: {exc}")
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from cms.services import platform_setup

    platform_setup()


class TimedGet(NamedTuple):
    """What ``timed_get`` measured: the last answer and its query count, and the medians of every round."""

    response: Any  # the last round's response; a streamed body is already read (``content`` is not set)
    queries: int
    wall_ms: float
    cpu_ms: float


def timed_get(client, url: str, *, rounds: int = 1) -> TimedGet:
    """GET ``url`` once to warm up (templates, translations, caches), then ``rounds`` times, each inside
    ``CaptureQueriesContext``: the last round's query count, and the median wall and server CPU milliseconds.

    The CPU is ``time.process_time`` around the request: the Django test client runs the view in this process,
    so it is the view's own CPU, far less noisy than the wall clock on a shared machine. A streamed body is read
    inside the timing. Exits the bench if any answer is not 200: a fast error page is no figure."""
    import statistics
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    walls, cpus = [], []
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            cpus.append((time.process_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
        if response.status_code != 200:
            body = b"" if getattr(response, "streaming", False) else response.content[:200]
            sys.exit(f"{url}: HTTP {response.status_code} {body!r}")
    return TimedGet(response, len(captured), statistics.median(walls), statistics.median(cpus))
