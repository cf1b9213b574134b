"""The production stack for browser journeys: gunicorn, ``lms.settings.production``, PostgreSQL, Redis and the
task worker, each a real process, on a throw-away database.

The test process never touches that database through the ORM (pytest-django points it at the test settings):
it reads what it needs through the browser, the e-mails the servers print, or ``manage.py shell`` run with the
stack's environment.

Import the fixtures into a test module: ``from .production import *`` (``__all__`` lists them).
"""

import contextlib
import email
import email.policy
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from lms.static_state import static_is_current

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
__all__ = ["production_page", "production_stack"]

PG_URL_BASE = os.environ.get("LMS_E2E_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("LMS_E2E_REDIS_URL", "redis://127.0.0.1:6379/5")
# The console mail backend writes each message followed by this line (django.core.mail.backends.console).
MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"
STARTUP_TIMEOUT = 60


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres(dbname: str = "postgres"):
    import psycopg

    return psycopg.connect(f"{PG_URL_BASE}/{dbname}", autocommit=True, connect_timeout=3)


def _services_or_skip() -> None:
    """Skip (never fail) when the machine has no PostgreSQL or Redis: they are what the journeys exercise."""
    import redis

    try:
        _postgres().close()
    except Exception as error:  # any connection failure means "no PostgreSQL here"
        pytest.skip(f"production journeys need PostgreSQL at {PG_URL_BASE} ({error})")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as error:  # any connection failure means "no Redis here"
        pytest.skip(f"production journeys need Redis at {REDIS_URL} ({error})")


@dataclass
class ProductionStack:
    url: str
    env: dict[str, str]
    logs: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def manage(self, *args: str, timeout: float = 900) -> str:
        """Run a management command with the stack's environment; return its standard output."""
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def query(self, code: str, **params) -> object:
        """Run ``code`` in ``manage.py shell`` on the stack's database; it prints one JSON value, returned here.

        ``params`` reach the code as the dict ``params``, JSON-encoded, so no value is pasted into code.
        """
        prelude = f"import json\nparams = json.loads({json.dumps(json.dumps(params))})\n"
        out = self.manage("shell", "-v0", "-c", prelude + code)
        return json.loads(out.strip().splitlines()[-1])

    def emails(self) -> list[email.message.EmailMessage]:
        """Every e-mail sent so far by the web workers and the task worker, oldest first per process."""
        messages = []
        for name in ("gunicorn", "worker"):
            raw = (self.logs / f"{name}.out").read_bytes()
            for chunk in raw.split(MAIL_SEPARATOR):
                if b"Subject:" in chunk:
                    messages.append(email.message_from_bytes(chunk.lstrip(), policy=email.policy.default))
        return messages

    def wait_for_email(
        self, *, to: str, subject: str = "", timeout: float = 30
    ) -> email.message.EmailMessage:
        """The latest e-mail to ``to`` whose subject contains ``subject``, waiting for it (the task worker sends
        most of them)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in self.emails() if to in str(m["To"]) and subject in str(m["Subject"])]
            if found:
                return found[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"no e-mail to {to} within {timeout}s")
            time.sleep(0.5)

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                err = (self.logs / f"{name}.err").read_text(errors="replace")[-3000:]
                raise AssertionError(f"{name} exited with {process.returncode}:\n{err}")


def _start(stack: ProductionStack, name: str, args: list[str]) -> None:
    stack.processes[name] = subprocess.Popen(
        args,
        cwd=ROOT,
        env=stack.env,
        stdout=(stack.logs / f"{name}.out").open("wb"),
        stderr=(stack.logs / f"{name}.err").open("wb"),
        start_new_session=True,  # its own process group, so teardown stops gunicorn's workers too
    )


def _wait_until_up(stack: ProductionStack) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        stack.check_alive()
        try:
            with urllib.request.urlopen(stack.url + "/", timeout=5) as response:  # noqa: S310 (local URL)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"gunicorn did not answer on {stack.url} within {STARTUP_TIMEOUT}s")
        time.sleep(0.3)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@contextlib.contextmanager
def run_production_stack() -> Iterator[ProductionStack]:
    """gunicorn (2 workers) + the task worker on a fresh PostgreSQL database with the demo data; torn down after.

    The environment is the one a deployment sets (see ``.env.example``), except: plain HTTP on localhost (no SSL
    redirect; Chromium treats http://localhost as a secure context, so Secure cookies still work), e-mails
    printed by the console backend into log files the tests read, and media in a temporary folder.
    """
    import redis

    _services_or_skip()
    database = f"lms_e2e_{os.getpid()}"
    port = _free_port()
    logs = Path(tempfile.mkdtemp(prefix="lms-e2e-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))},
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"{PG_URL_BASE}/{database}",
        "REDIS_URL": REDIS_URL,
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_BASE_URL": f"http://localhost:{port}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "DJANGO_MEDIA_ROOT": str(logs / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    stack = ProductionStack(url=f"http://localhost:{port}", env=env, logs=logs)
    with _postgres() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    redis.Redis.from_url(REDIS_URL).flushdb()  # sessions and rate-limit counters of an earlier run
    try:
        static = None
        if not static_is_current():
            # Runs alongside migrate: both mostly wait on different things (disk and compression vs the database).
            static = subprocess.Popen(
                [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env
            )
        stack.manage("migrate", "--noinput", "-v0")
        # The demo renders documents that name static files, which the manifest must hold by then.
        if static is not None and static.wait(timeout=300):
            raise AssertionError("collectstatic failed")
        stack.manage("load_demo", "--quiet")
        _start(
            stack,
            "gunicorn",
            [
                *(GUNICORN, "lms.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"),
                *("--access-logfile", str(logs / "access.log"), "--timeout", "60"),
                # The control socket defaults to one path per user, which a second server would take over.
                "--no-control-socket",
            ],
        )
        _start(
            stack,
            "worker",
            [
                *(PYTHON, "manage.py", "db_worker", "--backend", "background", "--queue-name", "*"),
                *("--interval", "0.5", "--no-startup-delay"),
            ],
        )
        _wait_until_up(stack)
        yield stack
    finally:
        for process in stack.processes.values():
            _stop(process)
        with _postgres() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        redis.Redis.from_url(REDIS_URL).flushdb()
        if os.environ.get("LMS_E2E_KEEP_LOGS"):
            print(f"production stack logs kept in {logs}")
        else:
            shutil.rmtree(logs, ignore_errors=True)


@pytest.fixture(scope="session")
def production_stack():
    with run_production_stack() as stack:
        yield stack


@pytest.fixture
def production_page(browser, production_stack):
    """Opens a new tab, in its own browser context (own cookies), as a Vietnamese phone user would."""
    contexts = []

    def open_page():
        context = browser.new_context(
            base_url=production_stack.url,
            locale="vi-VN",
            viewport={"width": 390, "height": 844},
            accept_downloads=True,
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
