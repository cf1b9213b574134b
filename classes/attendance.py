"""Attendance check-in: the rotating QR code and numeric code of a session, and the learner's check-in.

How a check-in is proven (docs/decisions/0028-attendance-check-in.md):

* Time is cut into slots of ``LMS_CHECKIN_ROTATE_SECONDS`` (default 30). The trainer's screen shows, for the
  current slot, a QR code of a URL carrying a **token** and a six-digit **code**.
* The token is ``TimestampSigner(salt=TOKEN_SALT).sign_object({"s": session, "t": slot})``: it names its
  session, cannot be forged without the secret key, and expires ``LMS_CHECKIN_TOKEN_MAX_AGE`` seconds after
  it was made. A token of another session, purpose (salt) or key is refused.
* The code is six digits of an HMAC (``salted_hmac`` with its own salt) of session and slot, so it is the
  same on every worker, needs no storage, and is accepted for the slots still inside the validity window.
  Wrong codes are rate-limited per learner (``lms_checkin_code``).
* A check-in records ``present``, or ``late`` when it comes more than ``LMS_CHECKIN_LATE_AFTER_MINUTES``
  after the start; it is written through ``classes.services.attendance_record`` (audit row, completion
  re-check). Checking in twice records once: an existing present or late mark is left as it is, and the
  database's ``uniq_attendance_session_member`` settles two scans racing each other.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts.models import User

from . import selectors, services
from .models import Attendance, AttendanceChange, ClassMember, ClassSession, TrainingClass

TOKEN_SALT = "classes.checkin.token"  # noqa: S105 (a signing salt, not a secret)
CODE_SALT = "classes.checkin.code"
CODE_DIGITS = 6


class CheckinError(services.ClassError):
    """A check-in was refused; the message tells the learner why (nothing was recorded)."""


@dataclass(frozen=True)
class CheckinResult:
    attendance: Attendance
    #: False when the learner was already marked present or late: nothing was written.
    recorded: bool


# --- Slots, tokens and codes ----------------------------------------------------------------------


def checkin_slot(*, now: datetime | None = None) -> int:
    """The number of the time slot ``now`` falls in (slots of ``LMS_CHECKIN_ROTATE_SECONDS``)."""
    now = now or timezone.now()
    return int(now.timestamp()) // settings.LMS_CHECKIN_ROTATE_SECONDS


def checkin_slot_ends_in(*, now: datetime | None = None) -> int:
    """Seconds until the current slot ends (and the screen shows a new code), at least one."""
    now = now or timezone.now()
    rotate = settings.LMS_CHECKIN_ROTATE_SECONDS
    return max(1, rotate - int(now.timestamp()) % rotate)


def _valid_slots(*, now: datetime) -> list[int]:
    """The slots whose codes are still accepted at ``now``, newest first: every slot that overlaps the last
    ``LMS_CHECKIN_TOKEN_MAX_AGE`` seconds (a code shown at the very end of a slot stays valid that long)."""
    current = checkin_slot(now=now)
    oldest = checkin_slot(now=now - timedelta(seconds=settings.LMS_CHECKIN_TOKEN_MAX_AGE))
    return list(range(current, oldest - 1, -1))


class _ClockSigner(signing.TimestampSigner):
    """Django's TimestampSigner on the clock the caller gives (``timezone.now()`` by default), so the
    slot in a token and its timestamp agree and tests can move time."""

    def __init__(self, *, now: datetime):
        super().__init__(salt=TOKEN_SALT)
        self.now = now

    def timestamp(self):
        return signing.b62_encode(int(self.now.timestamp()))

    def unsign(self, value, max_age=None):
        value, stamp = signing.Signer.unsign(self, value).rsplit(self.sep, 1)
        age = self.now.timestamp() - signing.b62_decode(stamp)
        if max_age is not None and age > max_age:
            raise signing.SignatureExpired(f"Signature age {age} > {max_age} seconds")
        return value


def checkin_token(*, session: ClassSession, now: datetime | None = None) -> str:
    """The signed token for ``session`` in the current slot (what the QR code's URL carries)."""
    now = now or timezone.now()
    return _ClockSigner(now=now).sign_object({"s": session.pk, "t": checkin_slot(now=now)})


def checkin_code(*, session: ClassSession | int, slot: int) -> str:
    """The six-digit code of ``session`` in ``slot``; the same on every worker (derived from SECRET_KEY)."""
    session_id = session if isinstance(session, int) else session.pk
    digest = salted_hmac(CODE_SALT, f"{session_id}:{slot}", algorithm="sha256").hexdigest()
    return f"{int(digest, 16) % 10**CODE_DIGITS:0{CODE_DIGITS}d}"


def checkin_token_check(*, token: str, session: ClassSession, now: datetime | None = None) -> None:
    """Check that ``token`` is a current check-in token of ``session``; raise CheckinError with the reason
    (expired, forged or of another session) otherwise."""
    now = now or timezone.now()
    try:
        data = _ClockSigner(now=now).unsign_object(token, max_age=settings.LMS_CHECKIN_TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise CheckinError(
            _("This check-in code has expired. Scan the code shown on the screen now.")
        ) from None
    except signing.BadSignature:
        raise CheckinError(_("This check-in code is not valid. Scan the code shown on the screen.")) from None
    if not isinstance(data, dict) or data.get("s") != session.pk:
        raise CheckinError(_("This check-in code belongs to another session."))
    slot = data.get("t")
    if not isinstance(slot, int) or slot > checkin_slot(now=now) or slot not in _valid_slots(now=now):
        raise CheckinError(_("This check-in code has expired. Scan the code shown on the screen now."))


# --- Check-in -------------------------------------------------------------------------------------


def checkin_window(*, session: ClassSession) -> tuple[datetime, datetime]:
    """When learners may check in: from ``LMS_CHECKIN_OPENS_MINUTES_BEFORE`` before the start to the end."""
    opens = session.starts_at - timedelta(minutes=settings.LMS_CHECKIN_OPENS_MINUTES_BEFORE)
    return opens, session.ends_at


def checkin_status(*, session: ClassSession, now: datetime) -> str:
    """Present up to ``LMS_CHECKIN_LATE_AFTER_MINUTES`` after the start, late after that."""
    late_after = session.starts_at + timedelta(minutes=settings.LMS_CHECKIN_LATE_AFTER_MINUTES)
    return Attendance.Status.LATE if now > late_after else Attendance.Status.PRESENT


def _member_for(*, session: ClassSession, user: User) -> ClassMember:
    member = (
        ClassMember.objects.filter(
            training_class_id=session.training_class_id, user=user, status=ClassMember.Status.REGISTERED
        )
        .select_related("enrollment")
        .first()
    )
    if member is None:
        raise CheckinError(_("You are not registered in this class, so you cannot check in to its sessions."))
    return member


def checkin_record(
    *, session: ClassSession, user: User, method: str, now: datetime | None = None
) -> CheckinResult:
    """Record ``user`` at ``session`` after a valid token or code: present, or late after the grace time.

    Guards (CheckinError, nothing written): the learner holds a seat in the session's class; the class is
    not cancelled; ``now`` lies in the check-in window. An existing present or late mark is kept as it is
    (``recorded`` False): scanning twice records once. An absent or excused mark made earlier by the trainer
    is corrected to what the learner's check-in shows, with its audit row.
    """
    now = now or timezone.now()
    if session.training_class.status == TrainingClass.Status.CANCELLED:
        raise CheckinError(_("This class was cancelled, so check-in is closed."))
    member = _member_for(session=session, user=user)
    opens, closes = checkin_window(session=session)
    if now < opens:
        raise CheckinError(
            _("Check-in for this session opens at %(time)s.")
            % {"time": timezone.localtime(opens).strftime("%H:%M %d/%m/%Y")}
        )
    if now > closes:
        raise CheckinError(_("This session has ended; ask the trainer to record your attendance."))
    existing = Attendance.objects.filter(session=session, member=member).first()
    if existing and existing.status in Attendance.ATTENDED:
        return CheckinResult(attendance=existing, recorded=False)
    status = checkin_status(session=session, now=now)
    record = services.attendance_record(
        session=session, member=member, status=status, by=user, method=method, now=now
    )
    return CheckinResult(attendance=record, recorded=True)


def checkin_by_token(
    *, session: ClassSession, user: User, token: str, now: datetime | None = None
) -> CheckinResult:
    """A QR check-in: the token must be a current one of ``session`` (see ``checkin_token_check``)."""
    now = now or timezone.now()
    checkin_token_check(token=token, session=session, now=now)
    return checkin_record(session=session, user=user, method=Attendance.Method.QR, now=now)


def checkin_sessions_open_for(*, user: User, now: datetime | None = None) -> list[ClassSession]:
    """Sessions ``user`` may check in to now (a seat in the class, inside the check-in window)."""
    now = now or timezone.now()
    opens_before = timedelta(minutes=settings.LMS_CHECKIN_OPENS_MINUTES_BEFORE)
    return list(
        ClassSession.objects.filter(
            training_class__members__user=user,
            training_class__members__status=ClassMember.Status.REGISTERED,
            starts_at__lte=now + opens_before,
            ends_at__gte=now,
        )
        .exclude(training_class__status=TrainingClass.Status.CANCELLED)
        .select_related("training_class")
        .order_by("starts_at")
    )


def checkin_by_code(*, user: User, code: str, now: datetime | None = None) -> CheckinResult:
    """A typed check-in: ``code`` must be the current (or a still valid) code of a session the learner may
    check in to now. Raises CheckinError when it matches none."""
    now = now or timezone.now()
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != CODE_DIGITS:
        raise CheckinError(_("Enter the %(digits)s digits shown on the screen.") % {"digits": CODE_DIGITS})
    sessions = checkin_sessions_open_for(user=user, now=now)
    if not sessions:
        raise CheckinError(_("None of your class sessions is open for check-in now."))
    slots = _valid_slots(now=now)
    for session in sessions:
        if any(constant_time_compare(checkin_code(session=session, slot=slot), code) for slot in slots):
            return checkin_record(session=session, user=user, method=Attendance.Method.CODE, now=now)
    raise CheckinError(_("This code is wrong or has expired. Type the code shown on the screen now."))


@dataclass(frozen=True)
class CheckinCounts:
    registered: int
    present: int
    late: int


def checkin_counts(*, session: ClassSession) -> CheckinCounts:
    """Seats, present and late at ``session`` for the check-in screen. Two queries."""
    marks = Attendance.objects.filter(session=session).aggregate(
        present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
        late=Count("pk", filter=Q(status=Attendance.Status.LATE)),
    )
    registered = ClassMember.objects.filter(
        training_class_id=session.training_class_id, status=ClassMember.Status.REGISTERED
    ).count()
    return CheckinCounts(registered=registered, present=marks["present"], late=marks["late"])


# --- Roster ----------------------------------------------------------------------------------------


@dataclass
class RosterRow:
    member: ClassMember
    attendance: Attendance | None

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else ""

    @property
    def reason(self) -> str:
        return self.attendance.reason if self.attendance else ""


def session_roster(*, session: ClassSession) -> list[RosterRow]:
    """The learners of ``session``'s class holding a seat, plus anyone who has a mark at it (a member who
    withdrew later keeps their record), by name, each with their mark. Two queries."""
    marks = {
        record.member_id: record
        for record in Attendance.objects.filter(session=session).select_related("recorded_by")
    }
    members = (
        ClassMember.objects.filter(training_class_id=session.training_class_id)
        .filter(Q(status=ClassMember.Status.REGISTERED) | Q(pk__in=list(marks)))
        .select_related("user", "user__profile", "user__profile__organisation_unit", "enrollment")
        .order_by("user__full_name", "pk")
    )
    return [RosterRow(member=member, attendance=marks.get(member.pk)) for member in members]


@dataclass(frozen=True)
class Mark:
    member_id: int
    status: str
    reason: str = ""


def attendance_bulk_record(
    *, session: ClassSession, marks: list[Mark], by: User, now: datetime | None = None
) -> int:
    """Mark the roster of ``session`` at once (the trainer's form). All or nothing: ``by`` must manage the
    class, every member must be registered in it, every status valid and every excused absence give a
    reason, else ClassError lists the problems and nothing is written. A blank status leaves that learner
    as they are. Each change goes through ``services.attendance_record`` (audit row, completion re-check).
    Returns the number of marks changed."""
    now = now or timezone.now()
    if not selectors.can_manage_class(user=by, training_class=session.training_class):
        raise services.ClassError(_("You may not record attendance for this class."))
    members = {
        member.pk: member
        for member in ClassMember.objects.filter(
            training_class_id=session.training_class_id,
            pk__in=[mark.member_id for mark in marks],
            status=ClassMember.Status.REGISTERED,
        ).select_related("user", "enrollment")
    }
    problems = []
    wanted = []
    for mark in marks:
        if not mark.status:
            continue
        member = members.get(mark.member_id)
        if member is None:
            problems.append(_("A learner in the form is not registered in this class."))
            continue
        name = member.user.get_full_name() or member.user.email
        if mark.status not in Attendance.Status.values:
            problems.append(_("%(name)s: choose present, late, absent or excused.") % {"name": name})
        elif mark.status == Attendance.Status.EXCUSED and not mark.reason.strip():
            problems.append(_("%(name)s: give the reason for the excused absence.") % {"name": name})
        else:
            wanted.append((member, mark))
    if problems:
        raise services.ClassError(" ".join(problems))
    current = {
        record.member_id: (record.status, record.reason)
        for record in Attendance.objects.filter(session=session, member_id__in=[m.pk for m, _mark in wanted])
    }
    changed = 0
    with transaction.atomic():
        for member, mark in wanted:
            reason = mark.reason.strip()
            if current.get(member.pk) == (mark.status, reason):
                continue
            services.attendance_record(
                session=session, member=member, status=mark.status, by=by, reason=reason, now=now
            )
            changed += 1
    return changed


# --- Attendance per member of a class (trainer's class page, HR reports) ---------------------------


@dataclass(frozen=True)
class MemberAttendance:
    """One member's attendance in their class: the same rule as ``selectors.attendance_summary``."""

    member: ClassMember
    sessions_total: int
    attended: int
    late: int
    excused: int
    absent: int
    counted: int
    required_percent: int

    @property
    def present(self) -> int:
        """Present on time (``attended`` counts the late arrivals too)."""
        return self.attended - self.late

    @property
    def percent(self) -> int:
        return self.counted * 100 // self.sessions_total if self.sessions_total else 0

    @property
    def met(self) -> bool:
        return self.sessions_total == 0 or self.counted * 100 >= self.required_percent * self.sessions_total

    @property
    def completed(self) -> bool:
        enrollment = self.member.enrollment
        return bool(enrollment and enrollment.completed_at)

    @property
    def outcome(self) -> str:
        if self.completed:
            return _("Completed the course")
        if self.member.status != ClassMember.Status.REGISTERED:
            return str(self.member.get_status_display())
        return _("Attendance met") if self.met else _("Attendance not met yet")


def members_attendance(
    *, members, limit: int | None = None, sessions_by_class: dict[int, int] | None = None
) -> list[MemberAttendance]:
    """``members`` (a ClassMember queryset, already narrowed and ordered) with their attendance counts,
    counted in the database. Two queries whatever the number of members and classes."""
    rows = list(
        members.select_related(
            "user",
            "user__profile",
            "user__profile__organisation_unit",
            "enrollment",
            "training_class__course",
        ).annotate(
            n_present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT)),
            n_late=Count("attendance", filter=Q(attendance__status=Attendance.Status.LATE)),
            n_excused=Count("attendance", filter=Q(attendance__status=Attendance.Status.EXCUSED)),
            n_absent=Count("attendance", filter=Q(attendance__status=Attendance.Status.ABSENT)),
        )[:limit]
    )
    if sessions_by_class is None:
        class_ids = {row.training_class_id for row in rows}
        sessions_by_class = dict(
            ClassSession.objects.filter(training_class_id__in=class_ids)
            .values_list("training_class_id")
            .annotate(n=Count("pk"))
            .values_list("training_class_id", "n")
        )
    result = []
    for member in rows:
        attended = member.n_present + member.n_late
        counted = attended + (member.n_excused if member.training_class.excused_counts else 0)
        result.append(
            MemberAttendance(
                member=member,
                sessions_total=sessions_by_class.get(member.training_class_id, 0),
                attended=attended,
                late=member.n_late,
                excused=member.n_excused,
                absent=member.n_absent,
                counted=counted,
                required_percent=member.training_class.min_attendance_percent,
            )
        )
    return result


def class_attendance(*, training_class: TrainingClass) -> list[MemberAttendance]:
    """Every member of ``training_class`` who holds or held a seat, by name, with attendance."""
    members = ClassMember.objects.filter(
        training_class=training_class,
        status__in=(ClassMember.Status.REGISTERED, ClassMember.Status.WITHDRAWN),
        registered_at__isnull=False,
    ).order_by("user__full_name", "pk")
    return members_attendance(members=members)


def session_changes(*, session: ClassSession, limit: int = 50):
    """The latest attendance changes at ``session`` (the audit trail shown under the roster). One query."""
    return list(
        AttendanceChange.objects.filter(attendance__session=session)
        .select_related("attendance__member__user", "changed_by")
        .order_by("-changed_at", "-pk")[:limit]
    )
