"""The production stack on loopback for the load and page-rate benchmarks (bench/load.py, bench/pages.py).

A throw-away database (PostgreSQL, or a SQLite file), migrated and seeded with ``load_demo`` in this process
under ``lms.settings.production``; then gunicorn and the task worker as child processes with the same
environment, and a small HTTP client (stdlib ``http.client``, one connection per simulated user) that keeps
its own cookies: production marks the session and CSRF cookies Secure, which a browser would not send over
plain http, but a loopback load client may. Everything is torn down by ``Stack.close()``.
"""

import contextlib
import http.client
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from _setup import PG_SERVER, ROOT

PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
# Our own Redis database numbers, flushed before and after a run: the catalogue URL and the rate limits live
# in the cache, and a previous run's entries would point at pages of a dropped database.
REDIS_SERVER = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# With BENCH_DB_SUFFIX the kept seeds get a prefix of their own ("lms_bench_x_seed_"), so that a run in another
# checkout, which drops every kept seed of its prefix but the current one, leaves them alone.
SEED_PREFIX = f"lms_bench{os.environ.get('BENCH_DB_SUFFIX', '')}_seed_"


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads, living or ended); 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def cpu_used(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds per role between two ``Stack.cpu_snapshot``s (processes started in between count whole)."""
    return {
        role: sum(max(0.0, seconds - before.get(role, {}).get(pid, 0.0)) for pid, seconds in pids.items())
        for role, pids in after.items()
    }


def psycopg_autocommit():
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True)


def collect_static() -> None:
    """``collectstatic``, unless its output is newer than every static source (``lms.static_state``): the
    manifest storage hashes and compresses every file again, which takes minutes on a loaded machine, and in CI
    the production-stack journeys have just collected them."""
    from django.core.management import call_command

    from lms.static_state import static_is_current

    if not static_is_current():
        call_command("collectstatic", interactive=False, verbosity=0)


def seed_hash() -> str:
    """Eight hex digits that change with any migration, demo file or the base settings (the password hasher the
    seeded learners' hashes were made with, for one): the key of a kept seeded database."""
    import hashlib

    digest = hashlib.sha256()
    files = [
        *sorted(ROOT.glob("*/migrations/*.py")),
        *sorted(p for p in (ROOT / "demo").rglob("*") if p.is_file()),
        ROOT / "lms" / "settings" / "base.py",
    ]
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(pct / 100 * len(ordered)) - 1))]


class Stack:
    """Database, settings and processes of one benchmark run; use as a context manager."""

    def __init__(self, *, name: str, sqlite: bool = False, redis_db: int = 13):
        # BENCH_DB_SUFFIX keeps parallel runs on one PostgreSQL server apart (each drops its database at the end).
        self.name = name + os.environ.get("BENCH_DB_SUFFIX", "")
        self.sqlite = sqlite
        self.tmp = Path(tempfile.mkdtemp(prefix=f"{name}-"))
        self.processes: list[subprocess.Popen] = []
        # BENCH_REDIS_DB overrides the benchmark's own number (parallel runs on one Redis each take their own).
        redis_db = int(os.environ.get("BENCH_REDIS_DB", redis_db))
        self.redis_url = "" if sqlite else f"{REDIS_SERVER}/{redis_db}"
        if sqlite:
            self.sqlite_path = self.tmp / "bench.sqlite3"
            self.database_url = f"sqlite:///{self.sqlite_path}"
        else:
            self.database_url = f"{PG_SERVER}/{self.name}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": self.database_url,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            # Loopback only: mail goes nowhere rather than to an SMTP server that is not there.
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "DJANGO_MEDIA_ROOT": str(self.tmp / "media"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        if self.redis_url:
            self.env["REDIS_URL"] = self.redis_url
        else:
            self.env.pop("REDIS_URL", None)

    # --- database and Django in this process -------------------------------------------------
    def __enter__(self) -> "Stack":
        if not self.sqlite:
            self._pg(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._pg(f'CREATE DATABASE "{self.name}"')
        self._flush_redis()
        os.environ.update(self.env)
        if not self.redis_url:
            os.environ.pop("REDIS_URL", None)
        import django

        django.setup()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _pg(self, sql: str) -> None:
        with psycopg_autocommit() as conn:
            conn.execute(sql)

    def _flush_redis(self) -> None:
        if not self.redis_url:
            return
        import redis

        redis.Redis.from_url(self.redis_url).flushdb()

    def seed_demo(self, *, reuse: bool = False) -> None:
        """Migrate, collect static files (production serves them hashed, through WhiteNoise), load the demo.

        ``reuse`` keeps the seeded database, keyed by the hash of the migrations and the demo code, with a copy
        of its media under ``var/bench-seed/``, and the next run with the same hash copies it instead of seeding
        again (seeding takes minutes on a loaded machine): on PostgreSQL a template database
        (``lms_bench_seed_<hash>``) that ``CREATE DATABASE ... TEMPLATE`` clones, on SQLite a copy of the file.
        Either way each run then works on a copy of its own.
        """
        from django.core.management import call_command

        started = time.perf_counter()
        template = f"{SEED_PREFIX}{seed_hash()}" if reuse else ""
        kept = ROOT / "var" / "bench-seed" / (f"{template}-sqlite" if self.sqlite else template)
        if template and self._seed_kept(template, kept):
            if self.sqlite:
                self._sqlite_copy(kept / "bench.sqlite3", self.sqlite_path)
            else:
                self._pg(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                self._pg(f'CREATE DATABASE "{self.name}" TEMPLATE "{template}"')
            shutil.copytree(kept / "media", self.tmp / "media", dirs_exist_ok=True)
            collect_static()
            print(f"seeded: copied {kept.name} + collectstatic in {time.perf_counter() - started:.0f} s")
            return
        call_command("migrate", verbosity=0)
        collect_static()
        call_command("load_demo", seed=1, quiet=True)
        # The demo enqueues work (certificate PDFs, e-mails); drop it so that the worker starts idle and the
        # measured load is only the load.
        with contextlib.suppress(ImportError):
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.all().delete()
        print(f"seeded: migrate + collectstatic + load_demo in {time.perf_counter() - started:.0f} s")
        if template:
            from django.db import connections

            connections.close_all()
            # Copies of another hash are stale; the other backend's copy of this hash stays.
            for old in (ROOT / "var" / "bench-seed").glob("*"):
                if not old.name.startswith(template):
                    shutil.rmtree(old, ignore_errors=True)
            shutil.rmtree(kept, ignore_errors=True)
            if self.sqlite:
                kept.mkdir(parents=True)
                self._sqlite_copy(self.sqlite_path, kept / "bench.sqlite3")
            else:
                with psycopg_autocommit() as conn:
                    stale = conn.execute(
                        "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{SEED_PREFIX}%"]
                    ).fetchall()
                for (old,) in stale:
                    self._pg(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
                self._pg(f'CREATE DATABASE "{template}" TEMPLATE "{self.name}"')
            shutil.copytree(self.tmp / "media", kept / "media", dirs_exist_ok=True)
            print(f"kept the seeded database as {kept.name} (--reuse-seed copies it)")

    def _seed_kept(self, template: str, kept: Path) -> bool:
        if not (kept / "media").is_dir():
            return False
        return (kept / "bench.sqlite3").is_file() if self.sqlite else self._pg_exists(template)

    @staticmethod
    def _sqlite_copy(source: Path, target: Path) -> None:
        """A consistent copy through SQLite's backup API (the file alone could miss a write-ahead log)."""
        import sqlite3

        with (
            contextlib.closing(sqlite3.connect(source)) as src,
            contextlib.closing(sqlite3.connect(target)) as dst,
        ):
            src.backup(dst)

    def _pg_exists(self, database: str) -> bool:
        with psycopg_autocommit() as conn:
            return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone())

    # --- processes ----------------------------------------------------------------------------
    def start_server(
        self,
        *,
        workers: int | None = None,
        worker_class: str | None = None,
        threads: int | None = None,
        extra_env: dict | None = None,
    ) -> "Server":
        """gunicorn with production's settings (lms/gunicorn.conf.py, through bench/gunicorn_ledger.py).

        ``workers``, ``worker_class`` and ``threads`` override production's choice when given; each request's
        CPU goes to the server's ledger (``Server.ledger``).
        """
        port = free_port()
        log = open(self.tmp / f"gunicorn-{port}.log", "w")  # noqa: SIM115 (closed with the process)
        ledger = self.tmp / f"ledger-{port}"
        ledger.mkdir()
        env = {**self.env, "BIND": f"127.0.0.1:{port}", "BENCH_CPU_LEDGER": str(ledger), **(extra_env or {})}
        for name, value in (
            ("WEB_CONCURRENCY", workers),
            ("GUNICORN_WORKER_CLASS", worker_class),
            ("GUNICORN_THREADS", threads),
        ):
            if value is not None:
                env[name] = str(value)
        cmd = [GUNICORN, "-c", str(ROOT / "bench" / "gunicorn_ledger.py"), "lms.wsgi"]
        proc = subprocess.Popen(  # noqa: S603 (our own venv's gunicorn, fixed arguments)
            cmd,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(proc)
        server = Server(port=port, proc=proc, log_path=Path(log.name), ledger=ledger)
        server.wait_ready()
        server.config = gunicorn_config(env)
        return server

    def start_worker(self) -> None:
        log = open(self.tmp / "worker.log", "w")  # noqa: SIM115
        proc = subprocess.Popen(  # noqa: S603
            [PYTHON, "manage.py", "db_worker", "--backend", "background", "--queue-name", "*"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(proc)
        self.worker = proc

    def cpu_snapshot(self, server: "Server") -> dict[str, dict[int, float]]:
        """CPU seconds so far of each process taking part, by role (from /proc/<pid>/stat)."""
        from django.db import connection

        backends = []
        if not self.sqlite:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    [self.name],
                )
                backends = [pid for (pid,) in cursor.fetchall()]
        roles = {
            "gunicorn": server.pids(),
            "PostgreSQL backends": backends,
            "task worker": [self.worker.pid] if getattr(self, "worker", None) else [],
            "load client": [os.getpid()],
        }
        if self.redis_url:
            import redis

            roles["Redis (shared server)"] = [
                redis.Redis.from_url(self.redis_url).info("server")["process_id"]
            ]
        return {role: {pid: process_cpu(pid) for pid in pids} for role, pids in roles.items()}

    def stop(self, proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def close(self) -> None:
        for proc in reversed(self.processes):
            self.stop(proc)
        self.processes.clear()
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if not self.sqlite:
            with contextlib.suppress(Exception):
                self._pg(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        with contextlib.suppress(Exception):
            self._flush_redis()
        shutil.rmtree(self.tmp, ignore_errors=True)


def gunicorn_config(env: dict) -> dict:
    """The workers, worker class, threads and keep-alive production's gunicorn.conf.py gives under ``env``."""
    out = subprocess.run(  # noqa: S603
        [
            PYTHON,
            "-c",
            "import json, runpy; c = runpy.run_path('lms/gunicorn.conf.py'); "
            "print(json.dumps({k: c.get(k) for k in ('workers', 'worker_class', 'threads', 'keepalive')}))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


@dataclass
class Server:
    port: int
    proc: subprocess.Popen
    log_path: Path
    ledger: Path | None = None
    config: dict = field(default_factory=dict)

    def describe(self) -> str:
        c = self.config
        threads = f" x {c['threads']} threads" if c.get("worker_class") == "gthread" else ""
        return (
            f"{c.get('workers')} {c.get('worker_class')} workers{threads}, keep-alive {c.get('keepalive')} s"
        )

    def ledger_rows(self) -> list[tuple[str, int, float, float | None]]:
        """(endpoint, status, worker CPU ms, PostgreSQL backend CPU ms or None) of every request so far."""
        rows = []
        for path in sorted(self.ledger.glob("*.tsv")) if self.ledger else []:
            for line in path.read_text().splitlines():
                endpoint, status, app, pg = line.split("\t")
                rows.append((endpoint, int(status), float(app), None if pg == "-" else float(pg)))
        return rows

    def clear_ledger(self) -> None:
        for path in self.ledger.glob("*.tsv") if self.ledger else []:
            path.write_text("")

    def pids(self) -> list[int]:
        """gunicorn's master and its workers."""
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            return [self.proc.pid, *map(int, children.read_text().split())]
        except OSError:
            return [self.proc.pid]

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"gunicorn exited:\n{self.log_path.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/", headers={"Host": "127.0.0.1"})
                if conn.getresponse().status < 500:
                    return
            time.sleep(0.3)
        sys.exit(f"gunicorn did not answer within {timeout:.0f} s")

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]


# --- accounts and sessions --------------------------------------------------------------------
def make_learners(*, count: int, course, prefix: str = "bench") -> list:
    """``count`` officials enrolled (active) in ``course``; rows written in bulk, as seeding data.

    They share one password hash, computed once (production hashing takes a large fraction of a second).
    """
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import Audience, OrganisationUnit, Profile, User
    from courses.models import Enrollment

    unit = OrganisationUnit.objects.order_by("path").first()
    password = make_password(LEARNER_PASSWORD)
    users = User.objects.bulk_create(
        User(email=f"{prefix}{i}@bench.test", full_name=f"Học viên {prefix} {i}", password=password)
        for i in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    Profile.objects.bulk_create(
        Profile(user=u, audience=Audience.OFFICIAL, organisation_unit=unit, position="Chuyên viên")
        for u in users
    )
    now = timezone.now()
    Enrollment.objects.bulk_create(
        Enrollment(user=u, course=course, status=Enrollment.Status.ACTIVE, enrolled_at=now) for u in users
    )
    return users


LEARNER_PASSWORD = "Bench-TayNinh-2026"  # noqa: S105 (throw-away accounts of a throw-away database)


def session_cookie(user) -> tuple[str, str]:
    """A logged-in session created the way ``django.contrib.auth.login`` stores one; (cookie name, key).

    Logging 300 learners in through the form would mostly measure the password hasher (and trip the
    per-IP login rate limit); the login form itself is exercised by a few real logins in bench/load.py.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return settings.SESSION_COOKIE_NAME, store.session_key


# --- the HTTP client ------------------------------------------------------------------------
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Sample:
    endpoint: str
    status: int  # 0: no response (connection error or client timeout)
    seconds: float
    started: float


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


class Client:
    """One simulated browser: its own connection and cookie jar; no redirects followed automatically."""

    def __init__(self, port: int, recorder: Recorder, cookies: dict | None = None, timeout: float = 60):
        self.port = port
        self.recorder = recorder
        self.cookies = dict(cookies or {})
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        self.conn.timeout = timeout
        if self.conn.sock is not None:
            self.conn.sock.settimeout(timeout)
        return self.conn

    def request(
        self,
        method: str,
        path: str,
        *,
        endpoint: str,
        form: dict | list | None = None,
        timeout: float | None = None,
        record: bool = True,
    ) -> tuple[int, dict, str]:
        # The endpoint's name goes along for the server's CPU ledger (bench/gunicorn_ledger.py).
        headers = {"Host": "127.0.0.1", "User-Agent": "lms-bench", "X-Bench-Endpoint": endpoint}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            conn = self._connection(timeout or self.timeout)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            status = response.status
            self._store_cookies(response.headers.get_all("Set-Cookie") or [])
            response_headers = {k.lower(): v for k, v in response.getheaders()}
            if response_headers.get("connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException):
            self.close()
            status, response_headers, text = 0, {}, ""
        if record:
            self.recorder.add(Sample(endpoint, status, time.perf_counter() - started, started))
        return status, response_headers, text

    def get(self, path: str, *, endpoint: str, **kwargs) -> tuple[int, dict, str]:
        return self.request("GET", path, endpoint=endpoint, **kwargs)

    def post(self, path: str, form, *, endpoint: str, **kwargs) -> tuple[int, dict, str]:
        return self.request("POST", path, endpoint=endpoint, form=form, **kwargs)

    def _store_cookies(self, headers: list[str]) -> None:
        for header in headers:
            pair, _, attributes = header.partition(";")
            name, _, value = pair.strip().partition("=")
            expired = "max-age=0" in attributes.lower().replace(" ", "") or value in ('""', "")
            if expired:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def csrf_token(html: str) -> str:
    match = CSRF_INPUT.search(html)
    return match.group(1) if match else ""


def summarise(samples: list[Sample], *, wall_seconds: float) -> list[str]:
    """Lines: requests per second over the wall time, then p50/p95 and status classes per endpoint."""
    lines = []
    total = len(samples)
    lines.append(f"requests: {total} in {wall_seconds:.1f} s = {total / wall_seconds:.1f} req/s")
    lines.append(
        f"  {'endpoint':<26} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'2xx':>5} {'3xx':>5} "
        f"{'4xx':>4} {'5xx':>4} {'none':>4}"
    )
    endpoints = sorted({s.endpoint for s in samples})
    for name in endpoints:
        rows = [s for s in samples if s.endpoint == name]
        times = [s.seconds * 1000 for s in rows]
        classes = {c: sum(1 for s in rows if s.status // 100 == c) for c in (2, 3, 4, 5, 0)}
        lines.append(
            f"  {name:<26} {len(rows):>5} {percentile(times, 50):>8.0f} {percentile(times, 95):>8.0f} "
            f"{max(times):>8.0f} {classes[2]:>5} {classes[3]:>5} {classes[4]:>4} {classes[5]:>4} {classes[0]:>4}"
        )
    return lines
