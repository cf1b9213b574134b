"""Production settings as deployed: backends chosen by the environment, JSON logs, Vietnamese error pages."""

import json
import logging
import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from lms import urls as site_urls
from lms.jsonlog import JsonFormatter, RequestIdMiddleware

from .test_settings import PRODUCTION_ENV, ROOT, run_manage

SECRET_DETAIL = "psycopg.OperationalError: connection to 10.0.0.5 refused (user lms_owner)"

PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "tasks": {alias: conf["BACKEND"] for alias, conf in settings.TASKS.items()},
    "rq_url": settings.RQ_QUEUES["certificates"]["URL"],
    "apps": [a for a in settings.INSTALLED_APPS if a in ("django_rq", "django_tasks_db")],
    "cache": settings.CACHES["default"]["BACKEND"],
    "session": settings.SESSION_ENGINE,
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "storage": settings.STORAGES["default"],
    "redirect_exempt": settings.SECURE_REDIRECT_EXEMPT,
    "log_formatter": settings.LOGGING["handlers"]["console"]["formatter"],
}, default=str))
"""


def production_settings(**env):
    result = run_manage("shell", "-c", PRINT_SETTINGS, env={**PRODUCTION_ENV, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.database_independent
def test_defaults_database_queue_redis_cache_persistent_connections():
    values = production_settings(REDIS_URL="redis://127.0.0.1:6379/0")
    assert values["tasks"] == {
        "default": "lms.tasks_bridge.ForwardingBackend",
        "background": "django_tasks_db.DatabaseBackend",
    }
    assert values["cache"] == "lms.redis_cache.RedisCache"
    assert values["session"] == "django.contrib.sessions.backends.cached_db"
    assert (values["conn_max_age"], values["health_checks"]) == (60, True)
    assert values["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert values["log_formatter"] == "json"


@pytest.mark.database_independent
def test_redis_queue_selected_by_settings_alone():
    values = production_settings(
        LMS_TASKS="redis", REDIS_URL="redis://cache:6379/0", LMS_TASKS_REDIS_URL="redis://queue:6379/1"
    )
    assert values["tasks"] == {
        "default": "lms.tasks_bridge.RQBackend",
        "background": "lms.tasks_bridge.RQBackend",
    }
    assert values["rq_url"] == "redis://queue:6379/1"
    assert "django_rq" in values["apps"]


@pytest.mark.database_independent
def test_unknown_task_backend_is_refused():
    result = run_manage("check", env={**PRODUCTION_ENV, "LMS_TASKS": "celery"})
    assert result.returncode != 0 and "LMS_TASKS must be 'database' or 'redis'" in result.stderr


@pytest.mark.database_independent
def test_s3_storage_private_bucket_when_configured():
    values = production_settings(
        LMS_S3_BUCKET="lms-media", LMS_S3_ENDPOINT_URL="https://minio.internal:9000", LMS_S3_PREFIX="media"
    )
    assert values["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = values["storage"]["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["location"]) == (
        "lms-media",
        "https://minio.internal:9000",
        "media",
    )
    assert options["default_acl"] is None and options["querystring_auth"] is True


@pytest.mark.database_independent
def test_health_checks_are_not_redirected_to_https():
    assert production_settings()["redirect_exempt"] == ["^healthz(/|$)"]


@pytest.mark.database_independent
def test_check_deploy_is_clean_on_the_redis_backend():
    env = {**PRODUCTION_ENV, "LMS_TASKS": "redis", "REDIS_URL": "redis://127.0.0.1:6379/0"}
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_json_log_lines_carry_the_request_id(rf):
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(JsonFormatter().format(record))

    logger = logging.getLogger("lms.test")
    handler = Keep()
    logger.addHandler(handler)
    try:

        def view(request):
            logger.warning("Đã nhận yêu cầu %s", request.path, extra={"course": 7})
            return HttpResponse("ok")

        response = RequestIdMiddleware(view)(rf.get("/khoa-hoc/", HTTP_X_REQUEST_ID="lb-42"))
        forged = RequestIdMiddleware(view)(rf.get("/", HTTP_X_REQUEST_ID="bad id\nINJECTED"))
    finally:
        logger.removeHandler(handler)
    entry = json.loads(records[0])
    assert response["X-Request-ID"] == "lb-42"
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "WARNING",
        "lms.test",
        "Đã nhận yêu cầu /khoa-hoc/",
    )
    assert (entry["request_id"], entry["course"]) == ("lb-42", 7)
    assert (
        "INJECTED" not in forged["X-Request-ID"]
        and json.loads(records[1])["request_id"] == forged["X-Request-ID"]
    )


def crash(request):
    raise RuntimeError(SECRET_DETAIL)


def forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied(SECRET_DETAIL)


urlpatterns = [path("crash/", crash), path("forbidden/", forbidden), *site_urls.urlpatterns]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False, DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_error_pages_are_vietnamese_and_leak_nothing(client):
    client.raise_request_exception = False
    pages = {url: client.get(url) for url in ("/crash/", "/forbidden/", "/khong-co-trang-nay/")}
    assert [r.status_code for r in pages.values()] == [500, 403, 404]
    for response in pages.values():
        html = response.content.decode()
        assert '<html lang="vi"' in html
        assert SECRET_DETAIL not in html and "Traceback" not in html and "RuntimeError" not in html
    assert "Đã xảy ra lỗi" in pages["/crash/"].content.decode()


@pytest.mark.database_independent
def test_gunicorn_config_reads_the_environment():
    code = (
        "import runpy, json; c = runpy.run_path('lms/gunicorn.conf.py'); "
        "print(json.dumps([c['bind'], c['workers']]))"
    )
    env = {"PATH": "/usr/bin:/bin", "PORT": "8123", "WEB_CONCURRENCY": "3"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == ["127.0.0.1:8123", 3]
