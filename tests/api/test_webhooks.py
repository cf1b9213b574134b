"""Webhooks: events of the subscriber's subtree, signed (HMAC-SHA256, timestamped), delivered by the real task
worker to a real HTTP server on 127.0.0.1, retried with backoff, and retried from the admin when failed."""

import json
import re
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from api import services
from api.models import WebhookDelivery, WebhookSubscriber
from api.signing import signature_header, signature_verify
from certificates import services as certificate_services
from certificates.models import Certificate
from classes import services as class_services
from classes.models import ClassMember, ClassSession, TrainingClass
from courses.models import Enrollment
from courses.signals import course_completed
from lms.settings.base import tasks_settings
from tests.factories import UserFactory, make_official
from tests.test_tasks_workers import WORKER_COMMANDS, shared_database

EVENTS = ["course.completed", "certificate.issued", "certificate.revoked", "attendance.recorded"]


class Receiver:
    """An HTTP server on 127.0.0.1 that records each POST; the first ``fail_first`` answers are 500."""

    def __init__(self, fail_first=0):
        self.received, self.fail_first = [], fail_first
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((self.headers, body))  # case-insensitive
                failing = len(receiver.received) <= receiver.fail_first
                self.send_response(500 if failing else 204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/lms-events"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def accepted(self):
        """(headers, event) of the deliveries answered 2xx."""
        return [(h, json.loads(b)) for i, (h, b) in enumerate(self.received) if i >= self.fail_first]


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def test_signature_round_trip_and_refusals():
    body = b'{"type":"course.completed"}'
    header = signature_header(secret="bí-mật", body=body, timestamp=1_800_000_000)
    assert signature_verify(secret="bí-mật", body=body, header=header, now=1_800_000_010)
    assert not signature_verify(secret="bí-mật", body=body + b" ", header=header, now=1_800_000_010)
    assert not signature_verify(secret="khác", body=body, header=header, now=1_800_000_010)
    # Replayed later than the tolerance: refused even though the signature is genuine.
    assert not signature_verify(secret="bí-mật", body=body, header=header, now=1_800_000_000 + 301)
    assert not signature_verify(secret="bí-mật", body=body, header="v1=abc", now=1_800_000_000)


def test_backoff_doubles():
    base = settings.LMS_WEBHOOK_BACKOFF_SECONDS
    assert [services.backoff_seconds(n) for n in (1, 2, 3, 4)] == [base, 2 * base, 4 * base, 8 * base]


@pytest.mark.django_db
@override_settings(LMS_WEBHOOK_BACKOFF_SECONDS=0, LMS_WEBHOOK_MAX_ATTEMPTS=2)
def test_events_reach_only_subscribers_of_the_learner_subtree_and_failures_show_in_the_admin(
    tree, completed_enrollment, staff_admin_client, receiver, django_capture_on_commit_callbacks
):
    completed_enrollment.unit = tree["ptdt"]
    completed_enrollment.save()
    ours = WebhookSubscriber.objects.create(
        name="Sở Xây dựng", url=receiver.url, unit=tree["sxd"], events=["course.completed"]
    )
    WebhookSubscriber.objects.create(
        name="Sở KH&CN", url=receiver.url, unit=tree["khcn"], events=["course.completed"]
    )
    dead = WebhookSubscriber.objects.create(
        name="Cổng đã tắt", url="http://127.0.0.1:9/", unit=tree["province"], events=["course.completed"]
    )
    # Test transactions never commit; the receivers publish on commit, so run them as a commit would.
    with django_capture_on_commit_callbacks(execute=True):
        course_completed.send(sender=Enrollment, enrollment=completed_enrollment)
    deliveries = WebhookDelivery.objects.order_by("subscriber__name")
    assert {d.subscriber_id for d in deliveries} == {ours.pk, dead.pk}
    [(headers, event)] = receiver.accepted()
    assert event["type"] == "course.completed"
    assert event["data"]["learner_id"] == str(completed_enrollment.user.public_id)
    assert signature_verify(
        secret=ours.secret,
        body=json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode(),
        header=headers["X-LMS-Signature"],
    )

    failed = WebhookDelivery.objects.get(subscriber=dead)
    assert failed.status == "failed" and failed.attempts == 2 and failed.last_error
    listing = staff_admin_client.get("/admin/webhookdelivery/?status=failed").content.decode()
    assert "Cổng đã tắt" in listing and "Gửi lại" in listing

    failed.subscriber.url = receiver.url
    failed.subscriber.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_admin_client.post(f"/admin/api/deliveries/{failed.pk}/retry/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "delivered"
    assert len(receiver.accepted()) == 2


def run_worker(database_url, tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "LMS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.test",
        DATABASE_URL=database_url,
        LMS_TEST_WORKER_TASKS="database",
        LMS_TEST_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        LMS_WEBHOOK_BACKOFF_SECONDS="0",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", *WORKER_COMMANDS["database"]],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_every_event_signed_retrying_a_failure(
    tmp_path, catalog, tree, completed_enrollment
):
    receiver = Receiver(fail_first=1)
    try:
        completed_enrollment.unit = tree["ptdt"]
        completed_enrollment.save()
        learner = completed_enrollment.user
        subscriber = WebhookSubscriber.objects.create(
            name="Phần mềm nhân sự", url=receiver.url, unit=tree["sxd"], events=EVENTS
        )
        hr = make_official(tree["sxd"]).user
        from accounts.models import HRScope

        HRScope.objects.create(user=hr, unit=tree["sxd"])
        with override_settings(TASKS=tasks_settings("database", settings.TASK_QUEUES)):
            # As enrollment_completion_refresh does once the completion commits; certificates listens too
            # and queues the certificate, which the worker issues (certificate.issued).
            course_completed.send(sender=Enrollment, enrollment=completed_enrollment)
            start = timezone.now() + timedelta(days=1)
            training_class = TrainingClass.objects.create(
                course=completed_enrollment.course,
                name="Lớp quy hoạch",
                code="API-01",
                starts_on=start.date(),
                ends_on=start.date(),
                status=TrainingClass.Status.OPEN,
            )
            session = ClassSession.objects.create(
                training_class=training_class, starts_at=start, ends_at=start + timedelta(hours=2)
            )
            member = ClassMember.objects.create(
                training_class=training_class, user=learner, status=ClassMember.Status.REGISTERED
            )
            class_services.attendance_record(session=session, member=member, status="present", by=hr)
            with shared_database(tmp_path) as database_url:
                run_worker(database_url, tmp_path)
            certificate = Certificate.objects.get(enrollment=completed_enrollment)
            certificate_services.certificate_revoke(
                certificate=certificate, reason="Cấp nhầm", by=UserFactory(is_superuser=True)
            )
            with shared_database(tmp_path) as database_url:
                run_worker(database_url, tmp_path)
    finally:
        receiver.close()

    accepted = receiver.accepted()
    assert sorted(event["type"] for _h, event in accepted) == sorted(EVENTS)
    for headers, event in accepted:
        body = json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()
        assert signature_verify(secret=subscriber.secret, body=body, header=headers["X-Lms-Signature"])
        assert headers["X-Lms-Event"] == event["type"] and headers["X-Lms-Delivery"] == event["id"]
    revoked = next(e for _h, e in accepted if e["type"] == "certificate.revoked")
    assert revoked["data"]["serial"] == certificate.serial and revoked["data"]["revoked_reason"] == "Cấp nhầm"
    # The first POST got a 500; the worker queued the next attempt and it went through.
    deliveries = WebhookDelivery.objects.filter(subscriber=subscriber)
    assert set(deliveries.values_list("status", flat=True)) == {"delivered"}
    assert sorted(deliveries.values_list("attempts", flat=True)) == [1, 1, 1, 2]


@pytest.mark.django_db
def test_deliveries_cannot_be_added_by_hand_and_subscribers_list_in_vietnamese(staff_admin_client, tree):
    listing = staff_admin_client.get("/admin/webhookdelivery/").content.decode()
    assert "Thêm lượt gửi webhook" not in listing and "/admin/webhookdelivery/new/" not in listing
    assert staff_admin_client.get("/admin/webhookdelivery/new/").status_code in (302, 403)
    assert staff_admin_client.post("/admin/webhookdelivery/new/", {}).status_code in (302, 403)
    assert not WebhookDelivery.objects.exists()
    # Subscribers are added there as before.
    assert staff_admin_client.get("/admin/webhooksubscriber/new/").status_code == 200
    WebhookSubscriber.objects.create(
        name="Cổng", url="http://127.0.0.1:9/", unit=make_official(tree["sxd"]).organisation_unit
    )
    listing = staff_admin_client.get("/admin/webhooksubscriber/").content.decode()
    assert "Cổng" in listing and "True" not in listing and re.search(r"<td[^>]*>\s*Có\s*</td>", listing)
