"""Shared set-up for benchmarks: a PostgreSQL database of their own, migrated, with Django configured."""

import os
import sys
from pathlib import Path

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
