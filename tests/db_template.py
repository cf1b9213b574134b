"""The test database is migrated once per set of migrations, then copied into each xdist worker (#20).

Migrating a fresh test database (the project's migrations and Wagtail's) took each xdist worker 60-345 s at its
first test. Now the first worker to need it migrates a template once, in a process of its own, and every
worker copies it:

- SQLite: the template is a file under ``var/test-db/`` named by the key below, built under a file lock; each
  worker restores it into its in-memory test database with SQLite's backup API.
- PostgreSQL: the template is a database ``<test database>_tpl_<key>``, built under an advisory lock; each
  worker's test database is created from it (``CREATE DATABASE ... TEMPLATE``).

The key hashes every migration file of every installed app, the models of apps without migrations, the
installed packages and their versions (Django's and Wagtail's among them) and the installed apps, so a
changed migration or upgrade never meets a stale template. ``--create-db`` or ``LMS_TEST_DB_REBUILD=1``
rebuilds the template (once per run, however many workers start). ``--reuse-db``, ``--no-migrations`` and
``LMS_TEST_DB_TEMPLATE=0`` keep pytest-django's own setup (each worker migrates its own database).
"""

import fcntl
import hashlib
import importlib.metadata
import os
import sqlite3
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = Path(os.environ.get("LMS_TEST_DB_CACHE", ROOT / "var" / "test-db"))
REBUILD_ENV = "LMS_TEST_DB_REBUILD"
DISABLE_ENV = "LMS_TEST_DB_TEMPLATE"  # 0: every worker migrates its own test database, as before


def migrations_key() -> str:
    """A hash of what the migrated database depends on (see the module's docstring)."""
    from django.apps import apps
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256()
    for line in sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    ):
        digest.update(line.encode() + b"\n")
    digest.update(repr(list(settings.INSTALLED_APPS)).encode())
    digest.update(settings.DATABASES["default"]["ENGINE"].encode())
    files = []
    for app in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(app.label)
        folder = None
        if module_name:
            try:
                module = __import__(module_name, fromlist=["__name__"])
                folder = Path(next(iter(module.__path__)))
            except (ImportError, AttributeError, StopIteration):
                folder = None
        if folder is not None:
            files += sorted(folder.rglob("*.py"))
        elif app.models_module is not None and app.models_module.__file__:
            files.append(Path(app.models_module.__file__))  # made by run_syncdb from its models
    for path in files:
        digest.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def run_uid(config) -> str:
    """One id per pytest run, shared by its xdist workers (so a requested rebuild happens once)."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput and "testrunuid" in workerinput:
        return workerinput["testrunuid"]
    if not hasattr(config, "_lms_run_uid"):
        config._lms_run_uid = uuid.uuid4().hex
    return config._lms_run_uid


def _migrate(database_url: str) -> None:
    """Migrates the database at ``database_url`` in a process of its own, with the tests' settings."""
    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "lms.settings.test"),
        LMS_TEST_MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--run-syncdb", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"migrating the test database template failed:\n{result.stdout}{result.stderr}")


# SQLite ------------------------------------------------------------------------------------------------------


def sqlite_template(key: str, *, rebuild: bool, run: str) -> Path:
    """The migrated file for ``key``, built by the first worker to take the lock; the others wait for it."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"sqlite-{key}.sqlite3"
    built_by = CACHE_DIR / f"sqlite-{key}.run"
    with open(CACHE_DIR / f"sqlite-{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            stale = rebuild and (not built_by.exists() or built_by.read_text() != run)
            if stale or not path.exists():
                partial = path.with_suffix(f".partial-{os.getpid()}")
                for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
                    leftover.unlink(missing_ok=True)
                _migrate(f"sqlite:///{partial}")
                # One self-contained file (no WAL beside it) before it is renamed into place.
                with _closing(sqlite3.connect(partial)) as db:
                    db.execute("PRAGMA journal_mode=DELETE")
                os.replace(partial, path)
                built_by.write_text(run)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return path


def restore_sqlite(connection, template: Path) -> None:
    """Copies the template into the (in-memory) test database behind ``connection``."""
    connection.ensure_connection()
    with _closing(sqlite3.connect(f"file:{template}?mode=ro", uri=True)) as source:
        source.backup(connection.connection)


@contextmanager
def _closing(db):
    try:
        yield db
    finally:
        db.close()


# PostgreSQL --------------------------------------------------------------------------------------------------


def postgres_template_name(connection, key: str) -> str:
    test_name = connection.creation._get_test_db_name()
    # Without the xdist suffix (test_lms_gw0 -> test_lms): one template for all the run's workers.
    base = test_name.rsplit("_gw", 1)[0] if "_gw" in test_name else test_name
    return f"{base[:40]}_tpl_{key}"


@contextmanager
def postgres_lock(connection, name: str):
    """An advisory lock on the server (held by a connection to the maintenance database) for ``name``."""
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [f"lms-test-template:{name}"])
        try:
            yield cursor
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [f"lms-test-template:{name}"])


def ensure_postgres_template(connection, cursor, name: str, *, rebuild: bool, run: str) -> None:
    """Builds the template database ``name`` unless it exists (and, on a rebuild, was built by this run).

    Called with ``postgres_lock`` held (``cursor`` is its connection)."""
    quoted = connection.ops.quote_name(name)
    cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
    row = cursor.fetchone()
    ready = f"migrated; run {run}"
    if row is not None and row[0] and row[0].startswith("migrated") and (not rebuild or row[0] == ready):
        return
    if row is not None:
        cursor.execute(f"DROP DATABASE {quoted} WITH (FORCE)")
    cursor.execute(f"CREATE DATABASE {quoted}")
    params = connection.settings_dict
    credentials = quote(params["USER"], safe="") + (
        f":{quote(params['PASSWORD'], safe='')}" if params["PASSWORD"] else ""
    )
    host = params["HOST"] or "localhost"
    options = params.get("OPTIONS", {}).get("options")
    query = f"?options={options.replace(' ', '%20')}" if options else ""
    _migrate(f"postgres://{credentials}@{host}:{params['PORT'] or 5432}/{name}{query}")
    # Marks it complete: a template whose build was cut short has no comment and is built again.
    cursor.execute(f"COMMENT ON DATABASE {quoted} IS %s", [ready])
