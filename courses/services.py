"""Writes about learning: enrollment, progress, assignments. Every rule is checked here, on the server.

Quiz attempts are ``assessment``'s; this app decides who may start one (a studying enrollment) and what a
passed final quiz means for the course (completion, on ``assessment.signals.attempt_graded``).
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Audience, OrganisationUnit, Profile, User
from accounts.prepared import PreparedQuery
from accounts.scoping import units_readable_by
from accounts.selectors import profiles_visible_to
from assessment import services as assessment_services
from assessment.models import Quiz, QuizAttempt
from assessment.services import LearningError  # one error type for every learning rule
from cms.models import CoursePage, EnrollmentMode, LessonPage
from lessonmedia.selectors import lesson_watch_shortfalls

from . import selectors
from .models import Assignment, Enrollment, LessonProgress
from .signals import course_completed
from .tasks import send_course_assigned, send_enrollment_confirmed

# --- Enrollment ----------------------------------------------------------------------------------


def enrollment_units_sync(*, profile: Profile) -> int:
    """Copy the profile's unit onto the learner's enrollments (after a move, or a change of audience).

    One UPDATE, touching only the rows that differ; returns how many changed. Called on every profile save,
    so the reports never count an enrollment under a unit its learner has left.
    """
    unit_id = profile.organisation_unit_id if profile.audience == Audience.OFFICIAL else None
    return Enrollment.objects.filter(user_id=profile.user_id).exclude(unit_id=unit_id).update(unit_id=unit_id)


def enrollment_create(*, user: User, course: CoursePage, now: datetime | None = None) -> Enrollment:
    """Enroll ``user`` in ``course`` (or file a request when the course needs approval).

    Idempotent: an existing active, completed or pending enrollment is returned unchanged. Double clicks and
    concurrent requests create one row (``uniq_enrollment_user_course``); the course row is locked so two
    learners cannot take the last seat. Raises LearningError with the reason when enrollment is not allowed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        CoursePage.objects.select_for_update().filter(pk=course.pk).first()
        existing = Enrollment.objects.select_for_update().filter(user=user, course=course).first()
        if existing and existing.status in (*selectors.STUDYING, Enrollment.Status.PENDING):
            return existing
        reason = selectors.enrollment_block_reason(user=user, course=course, now=now)
        if reason:
            raise LearningError(reason)
        pending = course.enrollment_mode == EnrollmentMode.APPROVAL
        values = {
            "status": Enrollment.Status.PENDING if pending else Enrollment.Status.ACTIVE,
            "source": Enrollment.Source.SELF,
            "enrolled_at": None if pending else now,
            "withdrawn_at": None,
            "decided_by": None,
            "decision_note": "",
        }
        if existing:
            for field, value in values.items():
                setattr(existing, field, value)
            existing.save()
            if existing.status == Enrollment.Status.ACTIVE:
                _after_commit_confirm(existing)
            return existing
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(user=user, course=course, **values)
        except IntegrityError:
            return Enrollment.objects.get(user=user, course=course)
        if enrollment.status == Enrollment.Status.ACTIVE:
            _after_commit_confirm(enrollment)
        return enrollment


def enrollment_activate(
    *, user: User, course: CoursePage, source: str = Enrollment.Source.SELF, now: datetime | None = None
) -> Enrollment:
    """Give ``user`` access to ``course`` because a seat was granted elsewhere (a class, ``classes``), without
    the course's own enrollment checks (mode, window, capacity): the granting app has made its own.

    Idempotent: an active or completed enrollment is returned unchanged; a pending, withdrawn or rejected one
    becomes active (progress kept); otherwise one is created. The confirmation e-mail follows the commit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().filter(user=user, course=course).first()
        if enrollment and enrollment.is_studying:
            return enrollment
        values = {
            "status": Enrollment.Status.ACTIVE,
            "source": source,
            "enrolled_at": now,
            "withdrawn_at": None,
        }
        if enrollment is None:
            try:
                with transaction.atomic():
                    enrollment = Enrollment.objects.create(user=user, course=course, **values)
            except IntegrityError:
                return enrollment_activate(user=user, course=course, source=source, now=now)
        else:
            for field, value in values.items():
                setattr(enrollment, field, value)
            enrollment.save()
        _after_commit_confirm(enrollment)
        return enrollment


def enrollment_decide(*, enrollment: Enrollment, approve: bool, by: User, note: str = "") -> Enrollment:
    """Approve or reject a pending request. Only trainers of the course, HR of the learner's unit and
    administrators may decide; approval re-checks capacity."""
    if not selectors.can_decide_enrollment(user=by, enrollment=enrollment):
        raise LearningError(_("You may not decide on this request."))
    with transaction.atomic():
        CoursePage.objects.select_for_update().filter(pk=enrollment.course_id).first()
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if enrollment.status != Enrollment.Status.PENDING:
            raise LearningError(_("This request has already been decided."))
        course = enrollment.course
        if (
            approve
            and course.capacity is not None
            and selectors.seats_taken(course=course) >= course.capacity
        ):
            raise LearningError(_("This course is full."))
        now = timezone.now()
        enrollment.status = Enrollment.Status.ACTIVE if approve else Enrollment.Status.REJECTED
        enrollment.source = Enrollment.Source.APPROVED if approve else enrollment.source
        enrollment.enrolled_at = now if approve else None
        enrollment.decided_by = by
        enrollment.decision_note = note
        enrollment.save()
        if approve:
            _after_commit_confirm(enrollment)
    return enrollment


def _after_commit_confirm(enrollment: Enrollment) -> None:
    transaction.on_commit(lambda: send_enrollment_confirmed.enqueue(enrollment.pk))


def enrollment_withdraw(*, enrollment: Enrollment) -> Enrollment:
    """Leave a course (or cancel a request). Progress is kept for a later re-enrollment."""
    updated = Enrollment.objects.filter(
        pk=enrollment.pk, status__in=(Enrollment.Status.ACTIVE, Enrollment.Status.PENDING)
    ).update(status=Enrollment.Status.WITHDRAWN, withdrawn_at=timezone.now())
    if not updated:
        raise LearningError(_("Only a course in progress or a pending request can be withdrawn."))
    enrollment.refresh_from_db()
    return enrollment


# --- Progress -------------------------------------------------------------------------------------


def _check_lesson_in_course(*, enrollment: Enrollment, lesson: LessonPage) -> None:
    if not lesson.path.startswith(enrollment.course.path) or not lesson.live:
        raise LearningError(_("This lesson is not part of the course."))
    if not enrollment.is_studying:
        raise LearningError(_("Enroll in the course first."))


def _check_lesson_watched(*, enrollment: Enrollment, lesson: LessonPage) -> None:
    """A lesson whose video asks for "at least X % watched" is done only after that, from the recorded ranges.
    A lesson already recorded as done stays done (the requirement may have been added later)."""
    if LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).exists():
        return
    shortfalls = lesson_watch_shortfalls(user=enrollment.user, page=lesson)
    if shortfalls:
        first = shortfalls[0]
        raise LearningError(
            _(
                "Watch at least %(required)d%% of “%(title)s” before completing the lesson (watched: %(watched)d%%)."
            )
            % {"required": first.required_percent, "title": first.title, "watched": first.watched_percent}
        )


def lesson_visit(*, enrollment: Enrollment, lesson: LessonPage) -> None:
    """Remember the lesson the learner is on, so the course resumes there."""
    if enrollment.last_lesson_id != lesson.pk:
        Enrollment.objects.filter(pk=enrollment.pk).update(last_lesson=lesson)
        enrollment.last_lesson_id = lesson.pk


def lesson_mark_complete(*, enrollment: Enrollment, lesson: LessonPage, now: datetime | None = None) -> bool:
    """Record the lesson as done (once) and re-check course completion. Returns True when newly recorded."""
    _check_lesson_in_course(enrollment=enrollment, lesson=lesson)
    _check_lesson_watched(enrollment=enrollment, lesson=lesson)
    try:
        with transaction.atomic():
            _progress, created = LessonProgress.objects.get_or_create(
                enrollment=enrollment, lesson=lesson, defaults={"completed_at": now or timezone.now()}
            )
    except IntegrityError:
        created = False
    lesson_visit(enrollment=enrollment, lesson=lesson)
    enrollment_completion_refresh(enrollment=enrollment)
    return created


def enrollment_completion_refresh(*, enrollment: Enrollment, now: datetime | None = None) -> bool:
    """Record completion once when the course's rule is met; idempotent.

    The conditional UPDATE (``completed_at IS NULL``) makes concurrent calls record it exactly once, and
    only that call sends ``course_completed``, after the transaction commits.
    """
    if enrollment.status != Enrollment.Status.ACTIVE or not selectors.completion_satisfied(
        enrollment=enrollment
    ):
        return False
    best = QuizAttempt.objects.filter(
        enrollment=enrollment, quiz__is_final=True, percent__isnull=False
    ).aggregate(best=Max("percent"))["best"]
    updated = Enrollment.objects.filter(pk=enrollment.pk, completed_at__isnull=True).update(
        status=Enrollment.Status.COMPLETED, completed_at=now or timezone.now(), final_score=best
    )
    if updated:
        enrollment.refresh_from_db()
        transaction.on_commit(lambda: course_completed.send(sender=Enrollment, enrollment=enrollment))
    return bool(updated)


# --- Quizzes --------------------------------------------------------------------------------------


_STUDYING_ENROLLMENT = PreparedQuery(
    lambda user_id, course_id: Enrollment.objects.filter(
        user_id=user_id, course_id=course_id, status__in=selectors.STUDYING
    ).order_by("pk")[:1],
    slots=2,
)


def quiz_attempt_start(*, quiz: Quiz, user: User, now: datetime | None = None) -> QuizAttempt:
    """Start the learner's attempt at ``quiz`` (or return the one in progress): only a learner studying the
    quiz's course may; the attempt itself is ``assessment.services.quiz_attempt_start``'s."""
    enrollment = _STUDYING_ENROLLMENT.first(user.pk, quiz.course_id)
    if enrollment is None:
        raise LearningError(_("Enroll in the course before taking its quiz."))
    return assessment_services.quiz_attempt_start(quiz=quiz, enrollment=enrollment, now=now)


def quiz_attempt_graded(*, attempt: QuizAttempt) -> bool:
    """Re-check course completion after an attempt is graded: a passed final quiz may complete the course."""
    if attempt.passed and attempt.quiz.is_final:
        return enrollment_completion_refresh(enrollment=attempt.enrollment)
    return False


# --- Assignments ----------------------------------------------------------------------------------


def _assign_enrollments(*, course: CoursePage, users: list[User], due_at: datetime) -> int:
    """Enroll ``users`` as assigned, with the due date; existing enrollments are updated, never duplicated.

    A fixed number of queries whatever the number of users: one read, one bulk insert, one bulk update.
    """
    now = timezone.now()
    existing = {e.user_id: e for e in Enrollment.objects.filter(course=course, user__in=users)}
    units = dict(
        Profile.objects.filter(user__in=users, audience=Audience.OFFICIAL).values_list(
            "user_id", "organisation_unit_id"
        )
    )
    new = [
        Enrollment(
            user=user,
            course=course,
            unit_id=units.get(user.pk),
            status=Enrollment.Status.ACTIVE,
            source=Enrollment.Source.ASSIGNED,
            enrolled_at=now,
            due_at=due_at,
        )
        for user in users
        if user.pk not in existing
    ]
    Enrollment.objects.bulk_create(new, ignore_conflicts=True)
    changed = []
    for enrollment in existing.values():
        if enrollment.status in (
            Enrollment.Status.WITHDRAWN,
            Enrollment.Status.REJECTED,
            Enrollment.Status.PENDING,
        ):
            enrollment.status, enrollment.enrolled_at = Enrollment.Status.ACTIVE, now
        enrollment.source = Enrollment.Source.ASSIGNED
        enrollment.due_at = min(enrollment.due_at, due_at) if enrollment.due_at else due_at
        changed.append(enrollment)
    Enrollment.objects.bulk_update(changed, ["status", "enrolled_at", "source", "due_at"])
    return len(new) + len(changed)


def course_assign(
    *,
    course: CoursePage,
    by: User,
    due_at: datetime,
    unit=None,
    include_descendants: bool = True,
    users: list[User] | None = None,
    note: str = "",
) -> tuple[Assignment, int]:
    """Assign ``course`` with a due date to a unit (and, optionally, its sub-units) or to chosen learners.

    The assigning HR manager must have the unit and every learner in scope; the due date must be ahead.
    Assigning twice never duplicates an enrollment. Officials who join the unit later are enrolled too, until
    the due date (see ``assignments_apply_to_member``). All or nothing, in one transaction.
    """

    if due_at <= timezone.now():
        raise LearningError(_("The due date must be in the future."))
    if unit is None and not users:
        raise LearningError(_("Choose a unit or at least one learner."))
    if unit is not None and not units_readable_by(user=by).filter(pk=unit.pk).exists():
        raise LearningError(_("This unit is outside your responsibility."))
    users = list(users or [])
    if users:
        visible = set(profiles_visible_to(user=by).filter(user__in=users).values_list("user_id", flat=True))
        outside = [u for u in users if u.pk not in visible]
        if outside:
            raise LearningError(
                _("These learners are outside your responsibility: %(names)s.")
                % {"names": ", ".join(u.email for u in outside[:10])}
            )
    with transaction.atomic():
        assignment = Assignment.objects.create(
            course=course,
            unit=unit,
            include_descendants=include_descendants,
            due_at=due_at,
            note=note,
            assigned_by=by,
        )
        if users:
            assignment.learners.set(users)
        targets = users or list(selectors.unit_members(unit=unit, include_descendants=include_descendants))
        count = _assign_enrollments(course=course, users=targets, due_at=due_at)
        _after_commit_assigned(course=course, users=targets)
    return assignment, count


def _after_commit_assigned(*, course: CoursePage, users: list[User]) -> None:
    ids = list(Enrollment.objects.filter(course=course, user__in=users).values_list("pk", flat=True))
    transaction.on_commit(lambda: send_course_assigned.enqueue(ids))


def unit_members_joined(*, unit_id: int, user_ids: list[int]) -> int:
    """Officials placed in a unit in bulk (the officials import): their enrollments are reported under it
    and they get its open assignments, as ``enrollment_units_sync`` and ``assignments_apply_to_member`` do for
    one saved profile. A fixed number of queries per unit and assignment; returns the enrollments created."""

    Enrollment.objects.filter(user_id__in=user_ids).exclude(unit_id=unit_id).update(unit_id=unit_id)
    unit = OrganisationUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        return 0
    ancestors = [unit.path[:i] for i in range(unit.steplen, len(unit.path) + 1, unit.steplen)]
    open_assignments = Assignment.objects.filter(due_at__gt=timezone.now(), unit__isnull=False).filter(
        Q(unit=unit) | Q(unit__path__in=ancestors, include_descendants=True)
    )
    count = 0
    users = None
    for assignment in open_assignments.select_related("course"):
        users = users if users is not None else list(User.objects.filter(pk__in=user_ids))
        count += _assign_enrollments(course=assignment.course, users=users, due_at=assignment.due_at)
        _after_commit_assigned(course=assignment.course, users=users)
    return count


def assignments_apply_to_member(*, user: User, unit) -> int:
    """Enroll an official who joined ``unit`` in the open assignments covering it (due date not passed)."""
    if unit is None:
        return 0
    unit.refresh_from_db(fields=["path", "depth"])
    ancestors = [unit.path[:i] for i in range(unit.steplen, len(unit.path) + 1, unit.steplen)]
    open_assignments = Assignment.objects.filter(due_at__gt=timezone.now(), unit__isnull=False).filter(
        Q(unit=unit) | Q(unit__path__in=ancestors, include_descendants=True)
    )
    count = 0
    for assignment in open_assignments.select_related("course"):
        count += _assign_enrollments(course=assignment.course, users=[user], due_at=assignment.due_at)
        _after_commit_assigned(course=assignment.course, users=[user])
    return count
