"""Check-in services: signed rotating tokens, six-digit codes, present or late, once per learner."""

import datetime

import pytest
from django.core import signing
from django.test import override_settings
from django.utils import timezone

from classes import attendance
from classes.attendance import CheckinError
from classes.models import Attendance, AttendanceChange, ClassMember

from ..factories import UserFactory
from .attendance_world import make_attendance_class


@pytest.fixture
def world(catalog, tree):
    return make_attendance_class(catalog, tree["ptdt"])


def test_checkin_by_token_records_present_once(world):
    _class, session, _trainer, members = world
    learner = members[0].user
    now = timezone.now()
    token = attendance.checkin_token(session=session, now=now)
    first = attendance.checkin_by_token(session=session, user=learner, token=token, now=now)
    second = attendance.checkin_by_token(session=session, user=learner, token=token, now=now)
    assert first.recorded and not second.recorded
    record = Attendance.objects.get(session=session, member=members[0])
    assert (record.status, record.method, record.recorded_by) == ("present", "qr", learner)
    assert record.checked_in_at == now
    assert Attendance.objects.filter(session=session).count() == 1
    change = AttendanceChange.objects.get(attendance=record)
    assert (change.from_status, change.to_status, change.changed_by) == ("", "present", learner)


@override_settings(LMS_CHECKIN_LATE_AFTER_MINUTES=15)
def test_checkin_after_the_grace_time_is_late(world):
    _class, session, _trainer, members = world
    now = session.starts_at + datetime.timedelta(minutes=16)
    token = attendance.checkin_token(session=session, now=now)
    result = attendance.checkin_by_token(session=session, user=members[0].user, token=token, now=now)
    assert result.attendance.status == Attendance.Status.LATE
    just_in_time = session.starts_at + datetime.timedelta(minutes=15)
    token = attendance.checkin_token(session=session, now=just_in_time)
    result = attendance.checkin_by_token(session=session, user=members[1].user, token=token, now=just_in_time)
    assert result.attendance.status == Attendance.Status.PRESENT


@override_settings(LMS_CHECKIN_TOKEN_MAX_AGE=90, LMS_CHECKIN_ROTATE_SECONDS=30)
def test_expired_token_records_nothing(world):
    _class, session, _trainer, members = world
    shown = timezone.now()
    token = attendance.checkin_token(session=session, now=shown)
    with pytest.raises(CheckinError, match=r"hết hạn|expired"):
        attendance.checkin_by_token(
            session=session, user=members[0].user, token=token, now=shown + datetime.timedelta(seconds=91)
        )
    # Still inside the window a minute later.
    attendance.checkin_by_token(
        session=session, user=members[1].user, token=token, now=shown + datetime.timedelta(seconds=60)
    )
    assert list(Attendance.objects.values_list("member", flat=True)) == [members[1].pk]


def test_forged_token_records_nothing(world):
    _class, session, _trainer, members = world
    now = timezone.now()
    token = attendance.checkin_token(session=session, now=now)
    payload, _sep, signature = token.rpartition(":")
    forged = f"{payload}:{'A' * len(signature)}"
    other_salt = signing.TimestampSigner(salt="another.purpose").sign_object({"s": session.pk, "t": 1})
    for bad in (forged, other_salt, "not-a-token", ""):
        with pytest.raises(CheckinError, match=r"không hợp lệ|not valid"):
            attendance.checkin_by_token(session=session, user=members[0].user, token=bad, now=now)
    assert not Attendance.objects.exists()


def test_token_of_another_session_records_nothing(world, catalog, tree):
    _class, session, _trainer, members = world
    _other_class, other_session, _t, _m = make_attendance_class(
        catalog, tree["ptdt"], code="LBD-02", learners=0
    )
    now = timezone.now()
    token = attendance.checkin_token(session=other_session, now=now)
    with pytest.raises(CheckinError, match=r"buổi học khác|another session"):
        attendance.checkin_by_token(session=session, user=members[0].user, token=token, now=now)
    assert not Attendance.objects.exists()


def test_only_registered_members_check_in(world):
    _training_class, session, _trainer, members = world
    now = timezone.now()
    token = attendance.checkin_token(session=session, now=now)
    stranger = UserFactory()
    with pytest.raises(CheckinError):
        attendance.checkin_by_token(session=session, user=stranger, token=token, now=now)
    ClassMember.objects.filter(pk=members[0].pk).update(status=ClassMember.Status.WITHDRAWN)
    with pytest.raises(CheckinError):
        attendance.checkin_by_token(session=session, user=members[0].user, token=token, now=now)
    assert not Attendance.objects.exists()


def test_checkin_outside_the_window_is_refused(world):
    _class, session, _trainer, members = world
    for now in (
        session.starts_at - datetime.timedelta(hours=2),
        session.ends_at + datetime.timedelta(minutes=1),
    ):
        token = attendance.checkin_token(session=session, now=now)
        with pytest.raises(CheckinError):
            attendance.checkin_by_token(session=session, user=members[0].user, token=token, now=now)
    assert not Attendance.objects.exists()


def test_checkin_corrects_an_earlier_absent_mark_with_an_audit_row(world):
    _class, session, trainer, members = world
    from classes.services import attendance_record

    attendance_record(session=session, member=members[0], status="absent", by=trainer)
    now = timezone.now()
    token = attendance.checkin_token(session=session, now=now)
    attendance.checkin_by_token(session=session, user=members[0].user, token=token, now=now)
    record = Attendance.objects.get(session=session, member=members[0])
    assert record.status == "present"
    assert list(record.changes.order_by("changed_at", "pk").values_list("from_status", "to_status")) == [
        ("", "absent"),
        ("absent", "present"),
    ]


@override_settings(LMS_CHECKIN_TOKEN_MAX_AGE=90, LMS_CHECKIN_ROTATE_SECONDS=30)
def test_numeric_code_checks_in_while_current(world):
    _class, session, _trainer, members = world
    now = timezone.now()
    slot = attendance.checkin_slot(now=now)
    code = attendance.checkin_code(session=session, slot=slot)
    assert len(code) == 6 and code.isdigit()
    assert code == attendance.checkin_code(session=session.pk, slot=slot)  # same on every worker
    assert code != attendance.checkin_code(session=session, slot=slot + 1)
    result = attendance.checkin_by_code(user=members[0].user, code=f"{code[:3]} {code[3:]}", now=now)
    assert result.recorded and result.attendance.method == Attendance.Method.CODE
    later = now + datetime.timedelta(seconds=200)
    with pytest.raises(CheckinError):
        attendance.checkin_by_code(user=members[1].user, code=code, now=later)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(CheckinError):
        attendance.checkin_by_code(user=members[1].user, code=wrong, now=now)
    with pytest.raises(CheckinError):
        attendance.checkin_by_code(user=members[1].user, code="12", now=now)
    assert Attendance.objects.count() == 1


def test_checkin_counts(world):
    _class, session, _trainer, members = world
    now = timezone.now()
    token = attendance.checkin_token(session=session, now=now)
    attendance.checkin_by_token(session=session, user=members[0].user, token=token, now=now)
    counts = attendance.checkin_counts(session=session)
    assert (counts.registered, counts.present, counts.late) == (3, 1, 0)
