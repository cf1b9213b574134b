import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Notification
from certificates.models import Certificate
from courses import services

from ..factories import make_course, make_hr_manager, make_lesson, make_official


@pytest.fixture
def assigned(catalog, tree, with_totp, django_capture_on_commit_callbacks):
    course = make_course(catalog, title="Kỹ năng số", for_officials=True)
    make_lesson(course, title="Bài 1")
    learner = make_official(tree["ptdt"]).user
    hr = make_hr_manager(tree["sxd"])
    with django_capture_on_commit_callbacks(execute=True):
        services.course_assign(
            course=course, by=hr, due_at=timezone.now() + datetime.timedelta(days=7), users=[learner]
        )
    return course, learner


@pytest.mark.django_db
def test_assignment_sends_one_vietnamese_email_with_text_and_html(assigned):
    _course, learner = assigned
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    assert "Kỹ năng số" in message.subject and "giao" in message.subject.lower()
    assert message.alternatives[0].mimetype == "text/html"
    assert "Kỹ năng số" in message.body


@pytest.mark.django_db
def test_due_reminders_are_sent_once_and_respect_opt_out(assigned):
    _course, learner = assigned
    mail.outbox.clear()
    call_command("send_reminders")
    call_command("send_reminders")
    assert len(mail.outbox) == 1
    assert "7 ngày" in mail.outbox[0].subject
    learner.profile.email_opt_out = True
    learner.profile.save()
    Notification.objects.all().delete()
    mail.outbox.clear()
    call_command("send_reminders")
    assert mail.outbox == []


@pytest.mark.django_db
def test_overdue_reminder_once(assigned):
    _course, learner = assigned
    learner.enrollments.update(due_at=timezone.now() - datetime.timedelta(days=1))
    mail.outbox.clear()
    call_command("send_reminders")
    call_command("send_reminders")
    assert len(mail.outbox) == 1 and "Quá hạn" in mail.outbox[0].subject


@pytest.mark.django_db
def test_enrollment_and_certificate_emails(catalog, django_capture_on_commit_callbacks, settings, tmp_path):
    from ..factories import ProfileFactory

    settings.MEDIA_ROOT = tmp_path
    # A one-month certificate expires 28 to 31 days after it is issued, depending on today's month.
    settings.LMS_CERTIFICATE_EXPIRY_NOTICE_DAYS = 31
    course = make_course(catalog, title="Dịch vụ công", certificate_validity_months=1)
    lesson = make_lesson(course, title="Bài")
    learner = ProfileFactory().user
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = services.enrollment_create(user=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_mark_complete(enrollment=enrollment, lesson=lesson)
    subjects = [m.subject for m in mail.outbox]
    certificate = Certificate.objects.get()
    assert any("Dịch vụ công" in s for s in subjects)
    assert any(certificate.serial in s for s in subjects)
    mail.outbox.clear()
    call_command("send_reminders")
    call_command("send_reminders")
    assert len(mail.outbox) == 1 and certificate.serial in mail.outbox[0].subject
