"""`manage.py send_reminders` (daily cron) queues the reminder tasks; the workers send the e-mails (#13 item 6)."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certificates import services
from certificates.models import Certificate
from courses.models import Enrollment

from ..factories import ProfileFactory, make_course


@pytest.mark.django_db(transaction=True)
def test_send_reminders_queues_both_tasks_and_the_worker_sends_each_once(catalog, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    course = make_course(catalog, title="Kỹ năng số")
    due = Enrollment.objects.create(
        user=ProfileFactory().user,
        course=course,
        status="active",
        enrolled_at=timezone.now(),
        due_at=timezone.now() + datetime.timedelta(days=7),
    )
    holder = Enrollment.objects.create(
        user=ProfileFactory().user,
        course=course,
        status="completed",
        enrolled_at=timezone.now(),
        completed_at=timezone.now(),
    )
    certificate = Certificate.objects.create(
        enrollment=holder,
        user=holder.user,
        course=course,
        template=services.ensure_default_template(),
        serial="TN-2026-000001",
        year=2026,
        sequence=1,
        learner_name="Lê Thị Hoa",
        course_title=course.title,
        hours=4,
        completed_on=timezone.localdate(),
        issuer_name="Ủy ban nhân dân tỉnh Tây Ninh",
        expires_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    tasks = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES},
    }
    with override_settings(TASKS=tasks):
        out = io.StringIO()
        call_command("send_reminders", stdout=out)
        assert "Queued the due-date reminders" in out.getvalue()
        queued = DBTaskResult.objects.order_by("task_path")
        assert [(row.task_path, row.queue_name, row.status) for row in queued] == [
            ("certificates.tasks.send_expiry_reminders", "emails", "READY"),
            ("classes.tasks.send_session_reminders", "emails", "READY"),
            ("courses.tasks.send_due_reminders", "emails", "READY"),
            ("evaluations.tasks.open_evaluations", "default", "READY"),
            ("evaluations.tasks.send_evaluation_reminders", "emails", "READY"),
        ]
        assert mail.outbox == []  # queued, not sent
        for _ in range(2):  # the cron job ran twice: the second run sends nothing new
            call_command(
                "db_worker", "--batch", "--no-startup-delay", "--backend", "background", "--queue-name", "*"
            )
            call_command("send_reminders", stdout=io.StringIO())
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--backend", "background", "--queue-name", "*"
        )
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert sorted(message.to[0] for message in mail.outbox) == sorted([due.user.email, holder.user.email])
    assert any("7 ngày" in message.subject for message in mail.outbox)
    assert any(certificate.serial in message.subject for message in mail.outbox)
