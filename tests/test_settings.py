import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "lms.settings.production",
    "DJANGO_SECRET_KEY": "x7Gq2-very-long-random-secret-for-the-deploy-check-only-9f3kLm0pQrStUvWxYz",
    "DATABASE_URL": "sqlite://:memory:",
    "DJANGO_ALLOWED_HOSTS": "daotao.example.gov.vn",
    "DJANGO_PUBLIC_BASE_URL": "https://daotao.example.gov.vn",
}

# Each test runs manage.py or pytest in a process of its own, on settings of its own.
pytestmark = pytest.mark.database_independent


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_with_production_settings_is_clean():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DATABASE_URL"])
def test_production_settings_refuse_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_development_logs_each_record_once():
    # Under DEBUG Django's default "django" handler used to print a plain second copy (task worker lines).
    code = (
        "import logging; tasks = logging.getLogger('django.tasks'); tasks.setLevel(logging.INFO)  # as db_worker\n"
        "tasks.info('Task id=42 state=SUCCESSFUL')"
    )
    result = run_manage("shell", "-c", code, env={"DJANGO_SETTINGS_MODULE": "lms.settings.dev"})
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "Task id=42" in line]
    assert len(lines) == 1 and " INFO django.tasks " in lines[0]


@pytest.mark.parametrize(
    "address", [None, "http://daotao.example.gov.vn", "https://127.0.0.1:8000", "https://x.vn/lms"]
)
def test_deploy_check_refuses_a_public_base_url_certificates_cannot_print(address):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_PUBLIC_BASE_URL"}
    if address:
        env["DJANGO_PUBLIC_BASE_URL"] = address
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "certificates.E010" in result.stdout + result.stderr
