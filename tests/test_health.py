"""/healthz: database, cache and task-worker checks, as a load balancer or monitoring reads them."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from lms import health
from lms.settings.base import tasks_settings

SECRET = "password authentication failed for user lms_secret_user"


def read(client, url):
    response = client.get(url)
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert not response.cookies, "a health check must not set cookies"
    return response.status_code, response.json()


@pytest.mark.django_db
def test_all_checks_ok(client):
    assert read(client, "/healthz") == (
        200,
        {"status": "ok", "checks": {"database": "ok", "cache": "ok", "worker": "ok"}},
    )
    assert read(client, "/healthz/ready") == (
        200,
        {"status": "ok", "checks": {"database": "ok", "cache": "ok"}},
    )
    assert read(client, "/healthz/live") == (200, {"status": "ok", "checks": {}})


@pytest.mark.django_db
def test_only_get_and_head(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


class BrokenConnection:
    def cursor(self):
        raise OperationalError(SECRET)


class BrokenCache:
    def set(self, *args, **kwargs):
        raise ConnectionError(SECRET)

    get = delete = set


@pytest.mark.django_db
def test_database_down_is_a_503_without_the_reason(client, monkeypatch, caplog):
    monkeypatch.setattr(health, "connections", {"default": BrokenConnection()})
    status, body = read(client, "/healthz/ready")
    assert (status, body) == (503, {"status": "fail", "checks": {"database": "fail", "cache": "ok"}})
    assert SECRET not in client.get("/healthz").content.decode()
    assert SECRET in caplog.text  # the reason goes to the log, for the operator


@pytest.mark.django_db
def test_cache_down_is_a_503(client, monkeypatch):
    monkeypatch.setattr(health, "cache", BrokenCache())
    status, body = read(client, "/healthz")
    assert status == 503
    assert body == {"status": "fail", "checks": {"database": "ok", "cache": "fail", "worker": "fail"}}
    assert SECRET not in str(body)


@pytest.mark.django_db(transaction=True)
def test_worker_pending_then_ok_once_a_worker_runs_then_stale(client, settings):
    with override_settings(TASKS=tasks_settings("database", settings.TASK_QUEUES)):
        # No worker yet: the first heartbeat is queued; not a failure until it is overdue.
        assert read(client, "/healthz") == (
            200,
            {"status": "ok", "checks": {"database": "ok", "cache": "ok", "worker": "pending"}},
        )
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--backend", "background", "--queue-name", "*"
        )
        assert read(client, "/healthz")[1]["checks"]["worker"] == "ok"

        # After a quiet spell the last heartbeat is old: a new one is queued, and the worker is given time.
        state = cache.get(health.HEARTBEAT_KEY)
        state["last_ok"] -= timedelta(minutes=6)
        cache.set(health.HEARTBEAT_KEY, state)
        assert read(client, "/healthz")[1]["checks"]["worker"] == "pending"
        # Five and a half minutes on, that heartbeat has still not run: no worker is taking jobs.
        state = cache.get(health.HEARTBEAT_KEY)
        state["enqueued_at"] = timezone.now() - timedelta(minutes=5, seconds=30)
        cache.set(health.HEARTBEAT_KEY, state)
        status, body = read(client, "/healthz")
        assert (status, body["status"], body["checks"]["worker"]) == (503, "fail", "stale")
        # The load balancer's check stays green: a stuck worker must not take the web nodes out.
        assert read(client, "/healthz/ready")[0] == 200
