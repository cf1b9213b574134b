"""This app's part of the personal-data export and erasure (accounts sends the signals)."""

from django.dispatch import receiver

from accounts.models import User
from accounts.signals import collect_personal_data, personal_data_erase

from .models import Attendance, CalendarFeed, ClassMember


def _iso(value):
    return value.isoformat() if value else None


def classes_record_of(*, user: User) -> dict:
    """Class memberships (status, source, dates), attendance with reasons, and whether a calendar address
    exists (never the secret token itself)."""
    members = ClassMember.objects.filter(user=user).select_related("training_class").order_by("joined_at")
    attendance = (
        Attendance.objects.filter(member__user=user)
        .select_related("session__training_class")
        .order_by("session__starts_at")
    )
    return {
        "classes": [
            {
                "class": m.training_class.name,
                "code": m.training_class.code,
                "status": m.status,
                "status_label": str(m.get_status_display()),
                "source": m.source,
                "joined_at": _iso(m.joined_at),
                "registered_at": _iso(m.registered_at),
                "waitlisted_at": _iso(m.waitlisted_at),
                "withdrawn_at": _iso(m.withdrawn_at),
            }
            for m in members
        ],
        "attendance": [
            {
                "class": a.session.training_class.code,
                "session_starts_at": _iso(a.session.starts_at),
                "status": a.status,
                "status_label": str(a.get_status_display()),
                "reason": a.reason,
                "checked_in_at": _iso(a.checked_in_at),
                "method": a.method,
            }
            for a in attendance
        ],
        "calendar_address": CalendarFeed.objects.filter(user=user).exists(),
    }


def classes_record_erase(*, user: User) -> dict:
    """Delete the learner's class memberships (their attendance and its audit rows go with them) and their
    calendar address."""
    attendance = Attendance.objects.filter(member__user=user).count()
    return {
        "attendance": attendance,
        "class_memberships": ClassMember.objects.filter(user=user).delete()[0],
        "calendar_feeds": CalendarFeed.objects.filter(user=user).delete()[0],
    }


@receiver(collect_personal_data)
def export_classes_record(sender, user, **kwargs):
    return "classes", classes_record_of(user=user)


@receiver(personal_data_erase)
def erase_classes_record(sender, user, **kwargs):
    return "classes", classes_record_erase(user=user)
