#!/usr/bin/env python3
"""Back up the PostgreSQL database, restore it into a fresh database, and prove certificates still verify.

    DATABASE_URL=postgres://USER@HOST:5432/lms .venv/bin/python deploy/backup_restore_check.py [--keep BACKUP]

1. ``pg_dump --format=custom`` of DATABASE_URL (into --keep's path, else a temporary file);
2. a fresh database ``<name>_restore_check`` (dropped first if left over), ``pg_restore`` into it;
3. every certificate of the source is looked up on the restored copy through the public verification page
   (``/tra-cuu-chung-nhan/<code>/``), which must show the same serial and status (valid, revoked, expired);
4. the restored copy is dropped (``--keep-database`` keeps it). Exit status 0 only if every check passed.

Media files (certificate PDFs, uploads) are not in the database: back them up with the object store's own
versioning or a file copy (docs/deploy.md).
"""

# ruff: noqa: S603, S607 -- an operator script: it runs the PostgreSQL client tools from PATH by design.

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def database_params(url: str) -> dict:
    import dj_database_url

    params = dj_database_url.parse(url)
    if params["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("error: DATABASE_URL must point to PostgreSQL")
    return params


def libpq_env(params: dict) -> dict:
    env = {**os.environ, "PGHOST": params["HOST"] or "", "PGPORT": str(params["PORT"] or 5432)}
    env["PGUSER"] = params["USER"] or ""
    if params["PASSWORD"]:
        env["PGPASSWORD"] = params["PASSWORD"]
    return env


def with_name(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


def run_phase(phase: str, database_url: str, *extra: str) -> str:
    """Run this script's snapshot/verify phase in a process of its own, with Django set up on that database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or os.urandom(32).hex(),
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        # A cache of the check's own (in memory): the lookups must not count against, or reach, production's.
        "REDIS_URL": "",
    }
    result = subprocess.run(
        [sys.executable, __file__, phase, *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"error: the {phase} step failed")
    return result.stdout


def snapshot() -> None:
    from certificates.models import Certificate

    rows = [
        {"serial": c.serial, "code": c.verification_code, "status": c.status}
        for c in Certificate.objects.order_by("pk")
    ]
    print(json.dumps(rows))


def verify(snapshot_path: str) -> None:
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client, override_settings

    expected = json.loads(Path(snapshot_path).read_text())
    # The check is about the data, not the static files: pages link their CSS without the collected manifest,
    # so it runs on a machine (or a CI step) where collectstatic has not run.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()
    client = Client()
    failures = []
    for row in expected:
        cache.clear()  # the public lookup is rate-limited per address; this check is one address
        response = client.get(f"/tra-cuu-chung-nhan/{row['code']}/", secure=True)
        page = response.content.decode()
        if response.status_code != 200 or row["serial"] not in page or f"status-{row['status']}" not in page:
            failures.append(f"{row['serial']}: HTTP {response.status_code}")
    valid = sum(row["status"] == "valid" for row in expected)
    if failures:
        print(f"{len(failures)} of {len(expected)} certificates do not verify: " + "; ".join(failures[:20]))
        sys.exit(1)
    print(f"{len(expected)} certificates verify on the restored database ({valid} valid)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", help="write the backup here and keep it")
    parser.add_argument("--keep-database", action="store_true", help="do not drop the restored database")
    args = parser.parse_args()
    source_url = os.environ.get("DATABASE_URL") or sys.exit("error: set DATABASE_URL")
    params = database_params(source_url)
    env = libpq_env(params)
    restored = f"{params['NAME']}_restore_check"[:63]
    with tempfile.TemporaryDirectory(prefix="lms-backup-") as tmp:
        backup = Path(args.keep or Path(tmp) / "lms.dump")
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={backup}", params["NAME"]],
            env=env,
            check=True,
        )
        print(f"backup: {backup} ({backup.stat().st_size} bytes)")
        for statement in (f'DROP DATABASE IF EXISTS "{restored}"', f'CREATE DATABASE "{restored}"'):
            subprocess.run(["psql", "-q", "-d", "postgres", "-c", statement], env=env, check=True)
        try:
            subprocess.run(
                ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", str(backup)],
                env=env,
                check=True,
            )
            print(f"restored into a fresh database: {restored}")
            snapshot_path = Path(tmp) / "certificates.json"
            snapshot_path.write_text(run_phase("snapshot", source_url))
            print(run_phase("verify", with_name(source_url, restored), str(snapshot_path)).strip())
        finally:
            if not args.keep_database:
                subprocess.run(
                    ["psql", "-q", "-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{restored}"'],
                    env=env,
                    check=False,
                )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in {"snapshot", "verify"}:
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        snapshot() if sys.argv[1] == "snapshot" else verify(sys.argv[2])
    else:
        main()
