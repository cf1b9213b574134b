"""A worker killed mid-task (#12): the task is found stuck, failed and requeued; missed certificates are
issued by reconcile_certificates; /healthz says "stuck" meanwhile."""

import io
import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from certificates.models import Certificate
from courses.models import Enrollment
from lms.settings.base import tasks_settings
from lms.tasks import recover_stuck_tasks

from .test_tasks_workers import ROOT, WORKER_COMMANDS, shared_database


def _running_row(task_path, args, minutes_ago):
    return DBTaskResult.objects.create(
        status="RUNNING",
        task_path=task_path,
        args_kwargs={"args": args, "kwargs": {}},
        queue_name="certificates",
        backend_name="background",
        run_after=get_date_max(),
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
        worker_ids=["dead-worker"],
    )


@pytest.mark.django_db
def test_stuck_tasks_fail_the_health_check_then_are_recovered(client, completed_enrollment, caplog):
    fresh = _running_row("certificates.tasks.issue_certificate", [completed_enrollment.pk], 1)
    stuck = _running_row("certificates.tasks.issue_certificate", [completed_enrollment.pk], 45)
    other = _running_row("reports.tasks.not_idempotent", [1], 45)
    response = client.get("/healthz")
    assert response.status_code == 503 and json.loads(response.content)["checks"]["worker"] == "stuck"
    assert not Certificate.objects.exists()

    out = io.StringIO()
    call_command("recover_tasks", stdout=out)
    assert "Marked 2 stuck task(s) failed; queued 1 again." in out.getvalue()
    for row in (stuck, other):
        row.refresh_from_db()
        assert row.status == "FAILED" and row.exception_class_path == "lms.tasks.TaskLost"
    fresh.refresh_from_db()
    assert fresh.status == "RUNNING"  # younger than LMS_TASK_STUCK_MINUTES
    # The requeued issue ran (the tests' immediate backend) and issued the certificate.
    assert Certificate.objects.filter(enrollment=completed_enrollment).count() == 1
    assert recover_stuck_tasks() == {"failed": 0, "requeued": 0}
    assert json.loads(client.get("/healthz").content)["checks"]["worker"] == "ok"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_killed_while_issuing_loses_nothing(tmp_path, completed_enrollment):
    """A real db_worker is SIGKILLed while it issues (it waits on the enrollment row this test holds locked)."""
    from certificates.tasks import issue_certificate

    with override_settings(TASKS=tasks_settings("database", settings.TASK_QUEUES)):
        result = issue_certificate.enqueue(completed_enrollment.pk)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "LMS_"))}
    with shared_database(tmp_path) as database_url:
        env.update(
            DJANGO_SETTINGS_MODULE="lms.settings.test",
            DATABASE_URL=database_url,
            LMS_TEST_WORKER_TASKS="database",
            LMS_TEST_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        )
        command = [arg for arg in WORKER_COMMANDS["database"] if arg != "--batch"]
        with transaction.atomic():
            Enrollment.objects.select_for_update().get(pk=completed_enrollment.pk)
            worker = subprocess.Popen(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                deadline = time.monotonic() + 120
                while DBTaskResult.objects.get(pk=result.id).status != "RUNNING":
                    assert worker.poll() is None, "the worker exited"
                    assert time.monotonic() < deadline, "the worker never started the task"
                    time.sleep(0.05)
                time.sleep(0.5)  # it is now inside certificate_issue, waiting for the row lock
            finally:
                worker.send_signal(signal.SIGKILL)
                worker.wait(timeout=30)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "RUNNING" and not Certificate.objects.exists()  # lost: RUNNING forever

    assert recover_stuck_tasks() == {"failed": 0, "requeued": 0}  # not stuck long enough yet
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - timedelta(hours=1))
    assert recover_stuck_tasks() == {"failed": 1, "requeued": 1}
    call_command("reconcile_certificates", stdout=io.StringIO())
    assert Certificate.objects.filter(enrollment=completed_enrollment).count() == 1
    assert DBTaskResult.objects.get(pk=row.pk).status == "FAILED"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_killed_between_issue_and_render_loses_nothing(tmp_path, completed_enrollment):
    """A real db_worker commits the certificate (step one) and is SIGKILLed while rendering its PDF (step two);
    recovery renders it: one certificate, one file, no serial skipped or taken twice."""
    from certificates.models import SerialCounter
    from certificates.tasks import issue_certificate

    pdfs = Path(settings.STORAGES["certificates"]["OPTIONS"]["location"])
    before = set(pdfs.rglob("*.pdf"))
    with override_settings(TASKS=tasks_settings("database", settings.TASK_QUEUES)):
        issue = issue_certificate.enqueue(completed_enrollment.pk)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "LMS_"))}
    with shared_database(tmp_path) as database_url:
        env.update(
            DJANGO_SETTINGS_MODULE="lms.settings.test",
            DATABASE_URL=database_url,
            LMS_TEST_WORKER_TASKS="database",
            LMS_TEST_MEDIA_ROOT=str(settings.MEDIA_ROOT),
            LMS_TEST_RENDER_PAUSE="120",
        )
        command = [arg for arg in WORKER_COMMANDS["database"] if arg != "--batch"]
        worker = subprocess.Popen(
            [sys.executable, "tests/slow_render_worker.py", *command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        render_path = "certificates.tasks.render_certificate_file"
        try:
            deadline = time.monotonic() + 120
            while not DBTaskResult.objects.filter(task_path=render_path, status="RUNNING").exists():
                assert worker.poll() is None, "the worker exited"
                assert time.monotonic() < deadline, "the worker never started rendering"
                time.sleep(0.05)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
    assert DBTaskResult.objects.get(pk=issue.id).status == "SUCCESSFUL"
    certificate = Certificate.objects.get(enrollment=completed_enrollment)
    assert certificate.sequence == 1 and certificate.file_pending  # step one committed, step two lost
    render = DBTaskResult.objects.get(task_path=render_path)
    assert render.status == "RUNNING" and render.args_kwargs["args"] == [certificate.pk]

    # Recovery as cron runs it: the stuck render is failed and queued again (run inline here), then the
    # periodic check finds nothing left to do.
    DBTaskResult.objects.filter(pk=render.pk).update(started_at=timezone.now() - timedelta(hours=1))
    assert recover_stuck_tasks() == {"failed": 1, "requeued": 1}
    out = io.StringIO()
    call_command("reconcile_certificates", "--minutes", "0", stdout=out)
    assert "Issued 0 missing certificate(s); queued the PDF of 0 certificate(s)" in out.getvalue()

    certificate = Certificate.objects.get(enrollment=completed_enrollment)
    assert Path(certificate.pdf.path).read_bytes().startswith(b"%PDF")
    assert set(pdfs.rglob("*.pdf")) - before == {Path(certificate.pdf.path)}
    assert Certificate.objects.count() == 1 and SerialCounter.objects.get().last == 1
    assert certificate.serial.endswith("-000001")


@pytest.mark.django_db(transaction=True)
def test_render_never_queued_is_caught_by_the_periodic_check(completed_enrollment, monkeypatch):
    """The process died between the commit and queueing the render (nothing RUNNING to recover)."""
    from certificates import services

    class Lost:
        def enqueue(self, *args, **kwargs):
            pass

    with monkeypatch.context() as patch:
        patch.setattr(services.tasks, "render_certificate_file", Lost())
        certificate = services.certificate_issue(enrollment=completed_enrollment)
    assert recover_stuck_tasks() == {"failed": 0, "requeued": 0}
    Certificate.objects.filter(pk=certificate.pk).update(issued_at=timezone.now() - timedelta(hours=1))
    call_command("reconcile_certificates", stdout=io.StringIO())
    call_command("reconcile_certificates", stdout=io.StringIO())
    certificate.refresh_from_db()
    assert certificate.pdf and Certificate.objects.count() == 1 and certificate.sequence == 1
