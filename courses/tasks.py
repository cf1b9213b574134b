"""E-mails about learning, sent in the background ("emails" queue). Each notification is sent once."""

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from accounts.notifications import notify

from .models import Enrollment


def _context(enrollment: Enrollment) -> dict:
    return {
        "enrollment": enrollment,
        "course": enrollment.course,
        "course_url": enrollment.course.full_url or "",
    }


@task(backend="background", queue_name="emails")
def send_enrollment_confirmed(enrollment_id: int) -> bool:
    enrollment = Enrollment.objects.select_related("user", "course").get(pk=enrollment_id)
    return notify(
        user=enrollment.user,
        kind="enrollment_confirmed",
        key=str(enrollment.pk),
        context=_context(enrollment),
    )


@task(backend="background", queue_name="emails")
def send_course_assigned(enrollment_ids: list[int]) -> int:
    sent = 0
    for enrollment in Enrollment.objects.filter(pk__in=enrollment_ids).select_related("user", "course"):
        key = f"{enrollment.pk}:{enrollment.due_at:%Y%m%d}"
        sent += notify(user=enrollment.user, kind="course_assigned", key=key, context=_context(enrollment))
    return sent


@task(backend="background", queue_name="emails")
def send_due_reminders() -> int:
    """Reminders N days before the due date (LMS_REMINDER_DAYS) and once when overdue; re-running sends nothing
    new. Queued daily by ``manage.py send_reminders``."""
    now = timezone.now()
    today = timezone.localdate(now)
    sent = 0
    open_assigned = Enrollment.objects.filter(
        status=Enrollment.Status.ACTIVE, due_at__isnull=False
    ).select_related("user", "course")
    horizon = now + timedelta(days=max(settings.LMS_REMINDER_DAYS, default=0) + 1)
    for enrollment in open_assigned.filter(due_at__lte=horizon).iterator(chunk_size=500):
        due = timezone.localdate(enrollment.due_at)
        days_left = (due - today).days
        context = {**_context(enrollment), "days_left": days_left}
        if days_left < 0:
            sent += notify(
                user=enrollment.user,
                kind="overdue",
                key=f"{enrollment.pk}:{due:%Y%m%d}",
                context=context,
                essential=False,
            )
        elif days_left in settings.LMS_REMINDER_DAYS:
            sent += notify(
                user=enrollment.user,
                kind="due_soon",
                key=f"{enrollment.pk}:{due:%Y%m%d}:{days_left}",
                context=context,
                essential=False,
            )
    return sent
