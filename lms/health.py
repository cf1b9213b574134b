"""Health checks for load balancers and monitoring.

``/healthz/live``: the process answers. ``/healthz/ready``: the database and the cache answer (what a load
balancer should poll: a stuck worker must not take the web nodes out of rotation). ``/healthz``: both plus the
task worker, for monitoring. Each answers JSON, 200 or 503, never cached, without cookies, and never says why a
check failed (the reason goes to the log).
"""

import logging
from datetime import timedelta
from uuid import uuid4

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("lms.health")

HEARTBEAT_KEY = "lms:health:heartbeat"
# A new heartbeat task is queued at most once a minute; a worker that has finished none for five minutes is
# stale (a long export blocking the only worker counts: queued work is not moving either).
HEARTBEAT_INTERVAL = timedelta(minutes=1)
HEARTBEAT_STALE = timedelta(minutes=5)


def check_database() -> str:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health check: database unreachable")
        return "fail"
    return "ok"


def check_cache() -> str:
    key, value = f"lms:health:probe:{uuid4().hex}", uuid4().hex
    try:
        cache.set(key, value, 10)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception:
        logger.exception("health check: cache unreachable")
        return "fail"
    if not ok:
        logger.error("health check: cache did not return what was stored")
    return "ok" if ok else "fail"


def check_worker() -> str:
    """``ok`` (a heartbeat task finished lately), ``pending`` (one was queued lately), ``stale``, or ``stuck``
    (a database task has been RUNNING longer than LMS_TASK_STUCK_MINUTES: its worker died).

    The heartbeat is a real task on the "background" alias, run by whichever worker the deployment has; its
    state (last finish, task in flight) lives in the cache, shared by all web nodes when Redis is configured.
    """
    from django.tasks.exceptions import TaskResultDoesNotExist as DjangoResultMissing
    from django_tasks.exceptions import TaskResultDoesNotExist as BackportResultMissing

    from lms.tasks import heartbeat, stuck_tasks

    try:
        stuck = stuck_tasks().count()
    except Exception:
        logger.exception("health check: the task table could not be read")
        return "fail"
    if stuck:
        # A worker died mid-task (#12): `manage.py recover_tasks` fails and requeues them.
        logger.error("health check: %d task(s) running longer than LMS_TASK_STUCK_MINUTES", stuck)
        return "stuck"
    now = timezone.now()
    try:
        state = cache.get(HEARTBEAT_KEY) or {"id": None, "enqueued_at": None, "last_ok": None}
        if state["id"]:
            try:
                result = heartbeat.get_result(state["id"])
            except (DjangoResultMissing, BackportResultMissing):
                result = None  # expired from the backend (RQ keeps results for minutes)
            if result is None or result.status == "FAILED":
                state["id"] = None
            elif result.status == "SUCCESSFUL":
                state["id"], state["last_ok"] = None, result.finished_at or now
        due = state["last_ok"] is None or now - state["last_ok"] >= HEARTBEAT_INTERVAL
        if state["id"] is None and due:
            result = heartbeat.enqueue()
            if result.status == "SUCCESSFUL":  # an immediate backend (tests, or no worker configured)
                state["last_ok"] = result.finished_at or now
            else:
                state["id"], state["enqueued_at"] = result.id, now
        cache.set(HEARTBEAT_KEY, state, timeout=None)
    except Exception:
        logger.exception("health check: worker heartbeat could not be queued or read")
        return "fail"
    if state["last_ok"] and now - state["last_ok"] <= HEARTBEAT_STALE:
        return "ok"
    if state["id"] and now - state["enqueued_at"] <= HEARTBEAT_STALE:
        return "pending"  # e.g. the first check after a deploy, or after a long quiet spell
    logger.warning("health check: no task worker has run a heartbeat since %s", state["last_ok"])
    return "stale"


CHECKS = {"database": check_database, "cache": check_cache, "worker": check_worker}
HEALTHY = {"ok", "pending"}


def _answer(names: list[str]) -> JsonResponse:
    checks = {name: CHECKS[name]() for name in names}
    healthy = all(value in HEALTHY for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )


@never_cache
@require_safe
def live(request):
    return JsonResponse({"status": "ok", "checks": {}})


@never_cache
@require_safe
def ready(request):
    return _answer(["database", "cache"])


@never_cache
@require_safe
def healthz(request):
    return _answer(["database", "cache", "worker"])


# Included at the root by lms/urls.py.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/ready", ready, name="healthz_ready"),
    path("healthz/live", live, name="healthz_live"),
]
