"""Reads about classes: rosters, seats, attendance figures, schedule conflicts. Nothing here writes."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Audience, Profile, User
from accounts.scoping import readable_by_user_filter, unit_in_subtrees

from .models import Attendance, ClassMember, ClassSession, TrainingClass


def seats_taken(*, training_class: TrainingClass) -> int:
    return ClassMember.objects.filter(
        training_class=training_class, status=ClassMember.Status.REGISTERED
    ).count()


def has_free_seat(*, training_class: TrainingClass) -> bool:
    if training_class.capacity is None:
        return True
    return seats_taken(training_class=training_class) < training_class.capacity


def registration_block_reason(
    *, training_class: TrainingClass, user: User, now: datetime | None = None
) -> str | None:
    """Why ``user`` may not register for ``training_class`` themselves now (a message for them); None when
    they may. A full class is no reason: the learner joins the waiting list."""
    now = now or timezone.now()
    if training_class.status != TrainingClass.Status.OPEN:
        # "Not open yet" only for a class still being planned: a class under way, ended or cancelled says so.
        return {
            TrainingClass.Status.RUNNING: _("This class is under way; it no longer takes registrations."),
            TrainingClass.Status.FINISHED: _("This class has ended."),
            TrainingClass.Status.CANCELLED: _("This class was cancelled."),
        }.get(training_class.status, _("This class is not open for registration."))
    if training_class.enrollment_opens_at and now < training_class.enrollment_opens_at:
        return _("Registration opens on %(date)s.") % {
            "date": timezone.localtime(training_class.enrollment_opens_at).strftime("%d/%m/%Y %H:%M")
        }
    if training_class.enrollment_closes_at and now > training_class.enrollment_closes_at:
        return _("Registration closed on %(date)s.") % {
            "date": timezone.localtime(training_class.enrollment_closes_at).strftime("%d/%m/%Y %H:%M")
        }
    return eligibility_block_reason(training_class=training_class, user=user)


def eligibility_block_reason(
    *, training_class: TrainingClass, user: User, profile: Profile | None = None, units: list | None = None
) -> str | None:
    """Whether ``user``'s audience and unit fit the class (units include their sub-units). Pass ``profile``
    (with its unit) and ``units`` (the class's) when checking many people, to save their queries."""
    if profile is None:
        profile = Profile.objects.filter(user=user).select_related("organisation_unit").first()
    if profile is None:
        return _("Complete your learner profile before registering.")
    if profile.audience not in training_class.audiences:
        return _("This class is intended for: %(audiences)s.") % {
            "audiences": ", ".join(str(label) for label in training_class.audience_labels())
        }
    units = list(training_class.units.all()) if units is None else units
    if units and profile.audience == Audience.OFFICIAL:
        unit = profile.organisation_unit
        if unit is None or not unit_in_subtrees(unit=unit, roots=units):
            return _("This class is open to officials of: %(units)s.") % {
                "units": ", ".join(u.name for u in units)
            }
    return None


def session_conflicts(
    *,
    starts_at: datetime,
    ends_at: datetime,
    venue_id: int | None,
    trainer_id: int | None,
    exclude_pk: int | None = None,
) -> QuerySet[ClassSession]:
    """Sessions of other classes or the same one that overlap in time and share the venue or the trainer
    (cancelled classes left out). Overlap is strict: one ending at 10:00 and one starting at 10:00 do not."""
    shared = Q(pk__in=[])
    if venue_id:
        shared |= Q(venue_id=venue_id)
    if trainer_id:
        shared |= Q(trainer_id=trainer_id)
    sessions = (
        ClassSession.objects.filter(shared, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(training_class__status=TrainingClass.Status.CANCELLED)
        .select_related("training_class", "venue", "trainer")
        .order_by("starts_at")
    )
    if exclude_pk:
        sessions = sessions.exclude(pk=exclude_pk)
    return sessions


@dataclass(frozen=True)
class AttendanceSummary:
    """A member's attendance against the class's rule. ``percent`` is rounded down (integer division)."""

    sessions_total: int
    sessions_held: int
    attended: int
    excused: int
    counted: int
    percent: int
    required_percent: int

    @property
    def met(self) -> bool:
        return self.sessions_total == 0 or self.counted * 100 >= self.required_percent * self.sessions_total

    @property
    def sessions_needed(self) -> int:
        """More sessions to attend before the rule is met (0 once met)."""
        needed = -(-self.required_percent * self.sessions_total // 100) - self.counted  # ceiling division
        return max(0, needed)


def attendance_summary(*, member: ClassMember, now: datetime | None = None) -> AttendanceSummary:
    """The member's attendance: present and late count as attended; excused per the class's setting.
    The rule is measured against every session of the class, held or not. Two queries."""
    now = now or timezone.now()
    training_class = member.training_class
    sessions = ClassSession.objects.filter(training_class_id=member.training_class_id).aggregate(
        total=Count("pk"), held=Count("pk", filter=Q(starts_at__lte=now))
    )
    marks = Attendance.objects.filter(member=member).aggregate(
        attended=Count("pk", filter=Q(status__in=Attendance.ATTENDED)),
        excused=Count("pk", filter=Q(status=Attendance.Status.EXCUSED)),
    )
    counted = marks["attended"] + (marks["excused"] if training_class.excused_counts else 0)
    total = sessions["total"]
    return AttendanceSummary(
        sessions_total=total,
        sessions_held=sessions["held"],
        attended=marks["attended"],
        excused=marks["excused"],
        counted=counted,
        percent=(counted * 100 // total) if total else 0,
        required_percent=training_class.min_attendance_percent,
    )


def attendance_unmet(*, enrollment) -> list[str]:
    """The completion requirement ``classes`` registers with ``courses``: a learner holding a seat in a class
    of the course must attend enough of its sessions. Enrollments outside any class are not affected."""
    members = ClassMember.objects.filter(
        enrollment_id=enrollment.pk, status=ClassMember.Status.REGISTERED
    ).select_related("training_class")
    unmet = []
    for member in members:
        summary = attendance_summary(member=member)
        if not summary.met:
            unmet.append(
                _(
                    "Attend at least %(percent)s%% of the sessions of class %(code)s (%(counted)s of %(total)s so far)."
                )
                % {
                    "percent": summary.required_percent,
                    "code": member.training_class.code,
                    "counted": summary.counted,
                    "total": summary.sessions_total,
                }
            )
    return unmet


# --- Who may do what ------------------------------------------------------------------------------


def classes_visible_to(*, user: User) -> QuerySet[TrainingClass]:
    """Classes ``user`` manages: every class for administrators and holders of ``manage_all_classes``, else
    the classes they teach (as a class trainer, a session's trainer or a trainer of the course)."""
    if not user.is_authenticated:
        return TrainingClass.objects.none()
    if user.is_superuser or user.has_perm("classes.manage_all_classes"):
        return TrainingClass.objects.all()
    taught = (
        Q(trainers=user)
        | Q(pk__in=ClassSession.objects.filter(trainer=user).values("training_class_id"))
        | Q(course__trainers=user)
    )
    return TrainingClass.objects.filter(pk__in=TrainingClass.objects.filter(taught).values("pk"))


def can_manage_class(*, user: User, training_class: TrainingClass) -> bool:
    return classes_visible_to(user=user).filter(pk=training_class.pk).exists()


def users_outside_scope(*, users: list[User], by: User) -> list[User]:
    """The ``users`` whose unit lies outside ``by``'s HR scope (all of them for someone without a scope)."""
    if by.is_superuser:
        return []
    readable = set(
        Profile.objects.filter(
            readable_by_user_filter(user=by, unit_field="organisation_unit"),
            user__in=[u.pk for u in users],
            organisation_unit__isnull=False,
        ).values_list("user_id", flat=True)
    )
    return [u for u in users if u.pk not in readable]


def schedule_warnings(*, training_class: TrainingClass) -> list[str]:
    """Warnings for the class's sessions as saved: each overlap with another session (of this class or
    another, cancelled classes left out) that shares the trainer or the venue, reported once per pair.
    One query per session (a class has a few dozen at most)."""
    warnings, seen = [], set()
    sessions = training_class.sessions.select_related("venue", "trainer").order_by("starts_at")
    for session in sessions:
        clashes = session_conflicts(
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            venue_id=session.venue_id,
            trainer_id=session.trainer_id,
            exclude_pk=session.pk,
        )
        when = timezone.localtime(session.starts_at).strftime("%d/%m/%Y %H:%M")
        for clash in clashes:
            pair = frozenset((session.pk, clash.pk))
            if pair in seen:
                continue
            seen.add(pair)
            warnings.append(_conflict_text(when=when, session=session, other=clash))
    return warnings


def _conflict_text(*, when: str, session: ClassSession, other: ClassSession) -> str:
    other_when = timezone.localtime(other.starts_at).strftime("%d/%m/%Y %H:%M")
    if session.trainer_id and other.trainer_id == session.trainer_id:
        return _("The session at %(when)s overlaps %(other)s (%(other_when)s): same trainer, %(name)s.") % {
            "when": when,
            "other": other.training_class.code,
            "other_when": other_when,
            "name": other.trainer.get_full_name() or other.trainer.email,
        }
    return _("The session at %(when)s overlaps %(other)s (%(other_when)s): same venue, %(name)s.") % {
        "when": when,
        "other": other.training_class.code,
        "other_when": other_when,
        "name": other.venue.name,
    }


# --- The learner's classes ------------------------------------------------------------------------

# Statuses shown on "My classes" (withdrawn and rejected rows are history, not a class of theirs).
SHOWN = (ClassMember.Status.PENDING, ClassMember.Status.REGISTERED, ClassMember.Status.WAITLISTED)


def _with_attendance_counts(members: QuerySet[ClassMember]) -> QuerySet[ClassMember]:
    sessions = (
        ClassSession.objects.filter(training_class_id=OuterRef("training_class_id"))
        .order_by()
        .values("training_class_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return members.annotate(
        sessions_total=Coalesce(Subquery(sessions), 0),
        attended=Count("attendance", filter=Q(attendance__status__in=Attendance.ATTENDED), distinct=True),
        excused=Count("attendance", filter=Q(attendance__status=Attendance.Status.EXCUSED), distinct=True),
    )


def _summary_from_counts(member: ClassMember, *, held: int) -> AttendanceSummary:
    training_class = member.training_class
    counted = member.attended + (member.excused if training_class.excused_counts else 0)
    total = member.sessions_total
    return AttendanceSummary(
        sessions_total=total,
        sessions_held=held,
        attended=member.attended,
        excused=member.excused,
        counted=counted,
        percent=(counted * 100 // total) if total else 0,
        required_percent=training_class.min_attendance_percent,
    )


def my_classes(*, user: User, now: datetime | None = None) -> list[ClassMember]:
    """The learner's classes for "My classes", each with ``summary`` (AttendanceSummary), ``next_session``
    (the next one not yet ended, or None), ``checkin_open`` (that session's check-in window is open now),
    ``held`` and ``course_record`` (the course's enrollment with what is left, or None without a seat). A
    fixed number of queries however many classes."""
    from courses.selectors import my_enrollments

    now = now or timezone.now()
    members = list(
        _with_attendance_counts(ClassMember.objects.filter(user=user, status__in=SHOWN))
        .select_related("training_class__course", "enrollment")
        .order_by("-training_class__starts_on", "training_class__code")
    )
    class_ids = [m.training_class_id for m in members]
    upcoming: dict[int, ClassSession] = {}
    held: dict[int, int] = {}
    sessions = ClassSession.objects.filter(training_class_id__in=class_ids).select_related("venue", "trainer")
    for session in sessions.order_by("starts_at"):
        if session.starts_at <= now:
            held[session.training_class_id] = held.get(session.training_class_id, 0) + 1
        if session.ends_at > now and session.training_class_id not in upcoming:
            upcoming[session.training_class_id] = session
    left = {e.pk: e for e in my_enrollments(user=user, now=now)} if members else {}
    for member in members:
        member.next_session = upcoming.get(member.training_class_id)
        opens_before = timedelta(minutes=settings.LMS_CHECKIN_OPENS_MINUTES_BEFORE)
        member.checkin_open = bool(
            member.has_seat
            and member.next_session
            and member.next_session.starts_at - opens_before <= now < member.next_session.ends_at
        )
        member.held = held.get(member.training_class_id, 0)
        member.summary = _summary_from_counts(member, held=member.held)
        enrollment = left.get(member.enrollment_id) if member.has_seat else None
        member.course_record = enrollment
    return members


def class_detail_for(*, training_class: TrainingClass, user: User, now: datetime | None = None) -> dict:
    """What the class page shows ``user``: the sessions, their membership (or None), whether they may register
    and why not, seats left and their place on the waiting list. A fixed number of queries."""
    now = now or timezone.now()
    member = ClassMember.objects.filter(training_class=training_class, user=user).first()
    sessions = list(training_class.sessions.select_related("venue", "trainer").order_by("starts_at"))
    taken = seats_taken(training_class=training_class)
    seats_left = None if training_class.capacity is None else max(0, training_class.capacity - taken)
    waitlist_position = None
    if member and member.status == ClassMember.Status.WAITLISTED:
        waitlist_position = (
            ClassMember.objects.filter(
                training_class=training_class,
                status=ClassMember.Status.WAITLISTED,
                waitlisted_at__lt=member.waitlisted_at,
            ).count()
            + 1
        )
    joined = member is not None and member.status in SHOWN
    block = None if joined else registration_block_reason(training_class=training_class, user=user, now=now)
    summary = attendance_summary(member=member, now=now) if member and member.has_seat else None
    return {
        "member": member if joined else None,
        "sessions": sessions,
        "seats_left": seats_left,
        "waitlist_position": waitlist_position,
        "block_reason": block,
        "summary": summary,
        "shows_links": joined and member.has_seat,
    }


def class_visible_to_learner(*, user: User) -> QuerySet[TrainingClass]:
    """Classes a signed-in person may open: every class past planning, and the ones they are on or manage."""
    return TrainingClass.objects.filter(
        ~Q(status=TrainingClass.Status.PLANNED)
        | Q(members__user=user)
        | Q(pk__in=classes_visible_to(user=user).values("pk"))
    ).distinct()


def learner_calendar_sessions(*, user: User) -> QuerySet[ClassSession]:
    """Sessions of the classes where ``user`` holds a seat (the private feed)."""
    return (
        ClassSession.objects.filter(
            training_class__members__user=user, training_class__members__status=ClassMember.Status.REGISTERED
        )
        .select_related("training_class", "venue")
        .order_by("starts_at")
    )


def public_calendar_sessions(*, training_class: TrainingClass) -> QuerySet[ClassSession]:
    return training_class.sessions.select_related("training_class", "venue").order_by("starts_at")


def holds_class_seat() -> Exists:
    """Whether the enrollment holds a seat in a class (an annotation of Enrollment named ``holds_class_seat``,
    which lets :func:`class_statement` skip its query for the many enrollments outside any class)."""
    return Exists(_seats().filter(enrollment_id=OuterRef("pk")))


def _seats() -> QuerySet[ClassMember]:
    return ClassMember.objects.filter(status=ClassMember.Status.REGISTERED)


def class_statement(*, enrollment) -> str:
    """What a certificate states about the class ``enrollment`` was completed in: "Lớp: <name> (<code>), từ
    ngày dd/mm/yyyy đến ngày dd/mm/yyyy" (the certificate is a Vietnamese document), or "" outside a class.
    The latest class where the learner holds a seat wins. One query, none when ``enrollment`` was read with
    :func:`holds_class_seat` and holds no seat."""
    if getattr(enrollment, "holds_class_seat", True) is False:
        return ""
    member = (
        _seats()
        .filter(enrollment_id=enrollment.pk)
        .select_related("training_class")
        .order_by("-training_class__starts_on")
        .first()
    )
    if member is None:
        return ""
    training_class = member.training_class
    return (
        f"Lớp: {training_class.name} ({training_class.code}), từ ngày {training_class.starts_on:%d/%m/%Y} "
        f"đến ngày {training_class.ends_on:%d/%m/%Y}"
    )


def pending_members_for(*, user: User) -> QuerySet[ClassMember]:
    """Registrations awaiting approval that ``user`` may decide, oldest first: every one for administrators,
    those in the classes they teach or manage for trainers, those of learners in their subtrees for HR
    managers."""
    pending = ClassMember.objects.filter(status=ClassMember.Status.PENDING).select_related(
        "user__profile__organisation_unit", "training_class", "nominated_by"
    )
    if not user.is_authenticated:
        return pending.none()
    if not user.is_superuser:
        readable = Profile.objects.filter(readable_by_user_filter(user=user, unit_field="organisation_unit"))
        pending = pending.filter(
            Q(training_class__in=classes_visible_to(user=user).values("pk"))
            | Q(user_id__in=readable.values("user_id"))
        )
    return pending.order_by("joined_at", "pk")


def may_decide_member(*, user: User, member: ClassMember) -> bool:
    """Whether ``user`` may approve or reject ``member``'s registration (the rule of ``pending_members_for``)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or can_manage_class(user=user, training_class=member.training_class):
        return True
    return Profile.objects.filter(
        readable_by_user_filter(user=user, unit_field="organisation_unit"), user_id=member.user_id
    ).exists()


def nominations_by(*, user: User) -> QuerySet[ClassMember]:
    return (
        ClassMember.objects.filter(nominated_by=user)
        .select_related("user", "training_class")
        .order_by("-joined_at")
    )


def classes_open_to_nomination() -> QuerySet[TrainingClass]:
    return TrainingClass.objects.filter(
        status__in=(TrainingClass.Status.PLANNED, TrainingClass.Status.OPEN, TrainingClass.Status.RUNNING)
    ).order_by("starts_on", "code")
