"""E-mails about classes, sent in the background ("emails" queue). Each notification is sent once."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from accounts.notifications import notify

from .models import ClassMember, ClassSession, TrainingClass


def _class_url(training_class: TrainingClass) -> str:
    path = reverse("classes:detail", kwargs={"pk": training_class.pk})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _context(member: ClassMember) -> dict:
    training_class = member.training_class
    return {
        "member": member,
        "training_class": training_class,
        "course": training_class.course,
        "class_url": _class_url(training_class),
    }


@task(backend="background", queue_name="emails")
def send_class_seat_granted(member_ids: list[int]) -> int:
    """Tell learners promoted from the waiting list that they now have a seat."""
    sent = 0
    members = ClassMember.objects.filter(
        pk__in=member_ids, status=ClassMember.Status.REGISTERED
    ).select_related("user", "training_class__course")
    for member in members:
        sent += notify(
            user=member.user,
            kind="class_seat_granted",
            key=f"{member.pk}:{member.registered_at:%Y%m%d%H%M%S}",
            context=_context(member),
        )
    return sent


def session_when(session: ClassSession) -> str:
    """ "Thứ Năm 10/12/2026, 08:00–11:15" in Vietnam's time zone (the reminder and the learner page)."""
    from django.utils.formats import date_format

    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return f"{date_format(start, 'l')} {start:%d/%m/%Y}, {start:%H:%M}–{end:%H:%M}"


@task(backend="background", queue_name="emails")
def send_session_reminders(now: str | None = None) -> int:
    """E-mail every registered member of the sessions that start tomorrow (Vietnam's date), once per session:
    the session is stamped ``reminder_sent_at`` and each e-mail is keyed by session, so a re-run sends nothing
    new. Queued daily by ``manage.py send_reminders``."""
    moment = datetime.fromisoformat(now) if now else timezone.now()
    tomorrow = timezone.localdate(moment) + timedelta(days=1)
    zone = timezone.get_current_timezone()
    start = datetime.combine(tomorrow, time.min, tzinfo=zone)
    sessions = (
        ClassSession.objects.filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
        .filter(reminder_sent_at__isnull=True)
        .exclude(training_class__status=TrainingClass.Status.CANCELLED)
        .select_related("training_class__course", "venue")
    )
    sent = 0
    for session in sessions:
        members = ClassMember.objects.filter(
            Q(training_class_id=session.training_class_id), status=ClassMember.Status.REGISTERED
        ).select_related("user")
        for member in members:
            member.training_class = session.training_class
            context = {**_context(member), "session": session, "when": session_when(session)}
            sent += notify(
                user=member.user,
                kind="class_session_reminder",
                key=str(session.pk),
                context=context,
                essential=False,
            )
        ClassSession.objects.filter(pk=session.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=moment
        )
    return sent
