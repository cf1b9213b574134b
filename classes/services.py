"""Writes about classes: joining (self-registration, HR nomination, approval, waiting list), withdrawing,
and attendance. Every rule is checked here, on the server.

Seats are taken under a row lock on the class (``select_for_update``), so twenty learners racing for the last
seat leave exactly one registered and the others on the waiting list. A member with a seat holds the course's
enrollment (``courses.services.enrollment_activate``); completion is ``courses``' (attendance reaches it
through the requirement registered in ``classes.completion``).
"""

import secrets
from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Profile, User
from assessment.services import LearningError
from courses import services as course_services
from courses.models import Enrollment

from . import selectors
from .models import Attendance, AttendanceChange, CalendarFeed, ClassMember, ClassSession, TrainingClass
from .tasks import send_class_seat_granted

ACTIVE = (ClassMember.Status.PENDING, ClassMember.Status.REGISTERED, ClassMember.Status.WAITLISTED)


class ClassError(LearningError):
    """A class rule refused the action; the message is for the person who tried."""


def _lock(training_class: TrainingClass) -> TrainingClass:
    return TrainingClass.objects.select_for_update().get(pk=training_class.pk)


def _seat(*, member: ClassMember, now: datetime) -> None:
    """Give ``member`` a seat: registered, holding the course's enrollment. Caller holds the class lock."""
    source = (
        Enrollment.Source.ASSIGNED
        if member.source == ClassMember.Source.NOMINATED
        else Enrollment.Source.SELF
    )
    member.enrollment = course_services.enrollment_activate(
        user=member.user, course=member.training_class.course, source=source, now=now
    )
    member.status = ClassMember.Status.REGISTERED
    member.registered_at = now
    member.waitlisted_at = None


def _place(*, member: ClassMember, training_class: TrainingClass, now: datetime) -> None:
    """A seat if one is free, else the end of the waiting list. Caller holds the class lock."""
    if selectors.has_free_seat(training_class=training_class):
        _seat(member=member, now=now)
    else:
        member.status = ClassMember.Status.WAITLISTED
        member.waitlisted_at = now


def _join(
    *, training_class: TrainingClass, user: User, nominated_by: User | None, now: datetime
) -> ClassMember:
    """Add ``user`` to the locked class: awaiting approval, registered, or waiting. Idempotent."""
    member = ClassMember.objects.filter(training_class=training_class, user=user).first()
    if member and member.status in ACTIVE:
        return member
    if member is None:
        member = ClassMember(training_class=training_class, user=user)
    member.source = ClassMember.Source.NOMINATED if nominated_by else ClassMember.Source.SELF
    member.nominated_by = nominated_by
    member.decided_by = None
    member.decision_note = ""
    member.withdrawn_at = None
    member.training_class = training_class
    if training_class.requires_approval:
        member.status = ClassMember.Status.PENDING
    else:
        _place(member=member, training_class=training_class, now=now)
    member.save()
    return member


def class_register(*, training_class: TrainingClass, user: User, now: datetime | None = None) -> ClassMember:
    """The learner registers themselves: allowed while the class is open, the window current and their
    audience and unit fit. A full class puts them on the waiting list. Raises ClassError with the reason."""
    now = now or timezone.now()
    with transaction.atomic():
        training_class = _lock(training_class)
        reason = selectors.registration_block_reason(training_class=training_class, user=user, now=now)
        if reason:
            existing = ClassMember.objects.filter(training_class=training_class, user=user, status__in=ACTIVE)
            if not existing.exists():
                raise ClassError(reason)
        try:
            with transaction.atomic():
                return _join(training_class=training_class, user=user, nominated_by=None, now=now)
        except IntegrityError:
            return ClassMember.objects.get(training_class=training_class, user=user)


def class_nominate(
    *,
    training_class: TrainingClass,
    users: Iterable[User],
    by: User,
    skip_ineligible: bool = False,
    now: datetime | None = None,
) -> tuple[list[ClassMember], list[User]]:
    """HR nominates learners (cử đi học), also while registration is closed to self-registration: each must
    be in ``by``'s HR scope and fit the class's audience and units. A listed person outside the scope refuses
    the whole nomination; an ineligible one refuses it too, unless ``skip_ineligible`` (a whole unit), when
    they are left out and returned. Returns (members, skipped)."""
    now = now or timezone.now()
    users = list(users)
    if training_class.status in (TrainingClass.Status.FINISHED, TrainingClass.Status.CANCELLED):
        raise ClassError(_("This class is finished or cancelled."))
    if not users:
        raise ClassError(_("Nobody to nominate."))
    outside = selectors.users_outside_scope(users=users, by=by)
    if outside:
        raise ClassError(
            _("You may not nominate: %(names)s.")
            % {"names": ", ".join(u.get_full_name() or u.email for u in outside[:10])}
        )
    profiles = {
        p.user_id: p
        for p in Profile.objects.filter(user__in=[u.pk for u in users]).select_related("organisation_unit")
    }
    units = list(training_class.units.all())
    eligible, skipped, refused = [], [], []
    for user in users:
        reason = selectors.eligibility_block_reason(
            training_class=training_class, user=user, profile=profiles.get(user.pk), units=units
        )
        if reason is None:
            eligible.append(user)
        elif skip_ineligible:
            skipped.append(user)
        else:
            refused.append(f"{user.get_full_name() or user.email}: {reason}")
    if refused:
        raise ClassError(" ".join(refused[:10]))
    with transaction.atomic():
        training_class = _lock(training_class)
        members = [
            _join(training_class=training_class, user=user, nominated_by=by, now=now) for user in eligible
        ]
    return members, skipped


def class_member_decide(
    *, member: ClassMember, approve: bool, by: User, note: str = "", now: datetime | None = None
) -> ClassMember:
    """Approve (a seat, or the waiting list when full) or reject a member awaiting approval. A rejection
    needs a reason (``note``), kept on the member. Refused (nothing changed) for anyone who may not decide:
    see ``selectors.may_decide_member``."""
    now = now or timezone.now()
    note = (note or "").strip()
    if not selectors.may_decide_member(user=by, member=member):
        raise ClassError(_("You may not decide on this request."))
    if not approve and not note:
        raise ClassError(_("Give the reason for rejecting the request."))
    with transaction.atomic():
        training_class = _lock(member.training_class)
        member = ClassMember.objects.select_for_update().select_related("user").get(pk=member.pk)
        member.training_class = training_class
        if member.status != ClassMember.Status.PENDING:
            raise ClassError(_("This request has already been decided."))
        member.decided_by = by
        member.decision_note = note
        if approve:
            _place(member=member, training_class=training_class, now=now)
        else:
            member.status = ClassMember.Status.REJECTED
        member.save()
    return member


def class_member_withdraw(*, member: ClassMember, now: datetime | None = None) -> ClassMember:
    """Leave the class (or its waiting list, or a pending request). A freed seat goes to the waiting list in
    order; the course enrollment the seat gave is withdrawn unless the course is already completed."""
    now = now or timezone.now()
    with transaction.atomic():
        training_class = _lock(member.training_class)
        member = ClassMember.objects.select_for_update().get(pk=member.pk)
        if member.status not in ACTIVE:
            raise ClassError(_("You are not on this class's list."))
        if training_class.is_over:
            # Leaving a finished class would withdraw a record that is already history.
            raise ClassError(_("This class has ended."))
        had_seat = member.status == ClassMember.Status.REGISTERED
        member.status = ClassMember.Status.WITHDRAWN
        member.withdrawn_at = now
        member.waitlisted_at = None
        member.save()
        if had_seat and member.enrollment_id:
            Enrollment.objects.filter(pk=member.enrollment_id, status=Enrollment.Status.ACTIVE).update(
                status=Enrollment.Status.WITHDRAWN, withdrawn_at=now
            )
        class_waitlist_promote(training_class=training_class, now=now)
    return member


def class_waitlist_promote(
    *, training_class: TrainingClass, now: datetime | None = None
) -> list[ClassMember]:
    """Fill free seats from the waiting list, first come first served; each promoted learner is e-mailed
    after the commit. Runs under the class lock (taken here if the caller has not)."""
    now = now or timezone.now()
    promoted = []
    with transaction.atomic():
        training_class = _lock(training_class)
        waiting = (
            ClassMember.objects.filter(training_class=training_class, status=ClassMember.Status.WAITLISTED)
            .select_related("user")
            .order_by("waitlisted_at", "pk")
        )
        for member in waiting:
            if not selectors.has_free_seat(training_class=training_class):
                break
            member.training_class = training_class
            _seat(member=member, now=now)
            member.save()
            promoted.append(member)
        ids = [m.pk for m in promoted]
        if ids:
            transaction.on_commit(lambda: send_class_seat_granted.enqueue(ids))
    return promoted


# --- Attendance -----------------------------------------------------------------------------------


def attendance_record(
    *,
    session: ClassSession,
    member: ClassMember,
    status: str,
    by: User | None,
    method: str = Attendance.Method.MANUAL,
    reason: str = "",
    now: datetime | None = None,
) -> Attendance:
    """Record or correct ``member``'s attendance at ``session``. Every change (the first mark included) leaves
    an ``AttendanceChange`` with who, when, from, to and why; an unchanged mark writes nothing. Completion of
    the member's course is re-checked afterwards. Raises ClassError for a member not registered in the class
    or an excused absence without a reason."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if status not in Attendance.Status.values:
        raise ClassError(_("Choose present, late, absent or excused."))
    if (
        member.training_class_id != session.training_class_id
        or member.status != ClassMember.Status.REGISTERED
    ):
        raise ClassError(_("This learner is not registered in the class of this session."))
    if status == Attendance.Status.EXCUSED and not reason:
        raise ClassError(_("Give the reason for an excused absence."))
    with transaction.atomic():
        record = Attendance.objects.select_for_update().filter(session=session, member=member).first()
        if record and record.status == status and record.reason == reason:
            return record
        before = record.status if record else ""
        if record is None:
            record = Attendance(session=session, member=member)
        record.status = status
        record.reason = reason
        record.method = method
        record.recorded_by = by
        if status in Attendance.ATTENDED and record.checked_in_at is None:
            record.checked_in_at = now
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            # A concurrent first mark won the unique constraint: apply this one as a correction to it.
            return attendance_record(
                session=session, member=member, status=status, by=by, method=method, reason=reason, now=now
            )
        AttendanceChange.objects.create(
            attendance=record, changed_by=by, from_status=before, to_status=status, reason=reason
        )
        if member.enrollment_id:
            course_services.enrollment_completion_refresh(enrollment=member.enrollment)
    return record


# --- Calendar feeds -------------------------------------------------------------------------------


def calendar_feed_regenerate(*, user: User) -> CalendarFeed:
    """Give ``user`` a new secret calendar address (the previous one, if any, stops working at once)."""
    token = secrets.token_urlsafe(32)
    feed, _created = CalendarFeed.objects.update_or_create(user=user, defaults={"token": token})
    return feed


def calendar_feed_revoke(*, user: User) -> bool:
    """Delete ``user``'s private calendar address; True when there was one."""
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)
