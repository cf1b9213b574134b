"""Reads about learning. Aggregates run in the database; nothing queries once per row."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AUDIENCE_ACCOUNTS, Audience, Profile, User
from accounts.prepared import PreparedQuery
from accounts.scoping import in_subtrees
from accounts.selectors import profiles_visible_to, user_roles
from assessment import selectors as assessment_selectors
from assessment.models import Quiz, QuizAttempt
from cms.caching import content_cached
from cms.models import CompletionRule, CoursePage, EnrollmentMode, LessonPage
from cms.selectors import course_outline

from . import completion, records
from .models import Enrollment, LessonProgress

STUDYING = records.STUDYING


def _enrollment_query(user_id, course_id) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(user_id=user_id, course_id=course_id).order_by("pk")[:1]


def _enrollment_with_done_query(user_id, course_id) -> QuerySet[Enrollment]:
    done = (
        LessonProgress.objects.filter(enrollment=OuterRef("pk"))
        .order_by()
        .values("enrollment")
        .annotate(ids=StringAgg(Cast("lesson_id", CharField()), delimiter=Value(",")))
        .values("ids")
    )
    return _enrollment_query(user_id, course_id).annotate(
        done_lesson_ids=Subquery(done, output_field=TextField())
    )


# Compiled once per process (accounts.prepared): the course, lesson and quiz pages read them on every view, and
# compiling the one with the lessons done cost four times what running it does (#20).
_ENROLLMENT = PreparedQuery(_enrollment_query, slots=2)
_ENROLLMENT_WITH_DONE = PreparedQuery(_enrollment_with_done_query, slots=2)


def enrollment_for(*, user: User, course: CoursePage, lesson: LessonPage | None = None) -> Enrollment | None:
    """The user's enrollment in the course.

    With ``lesson``, the same query also reads the ids of every lesson the learner has done (``done_ids``, a
    set) and whether ``lesson`` is one of them (``lesson_done``): the lesson page ticks its outline and
    offers "mark as done" from this one query.
    """
    if not user.is_authenticated:
        return None
    if lesson is None:
        return _ENROLLMENT.first(user.pk, course.pk)
    enrollment = _ENROLLMENT_WITH_DONE.first(user.pk, course.pk)
    if enrollment is not None:
        raw = enrollment.done_lesson_ids or ""
        enrollment.done_ids = {int(pk) for pk in raw.split(",") if pk}
        enrollment.lesson_done = lesson.pk in enrollment.done_ids
    return enrollment


def enrollment_for_request(
    *, request, course: CoursePage, lesson: LessonPage | None = None
) -> Enrollment | None:
    """``enrollment_for`` the request's user, looked up once per request, course and lesson.

    A lesson needs it twice, in the gate (``before_serve_page``) and in the lesson panel of the template.
    """
    cached = request.__dict__.setdefault("_lms_enrollments", {})
    key = (course.pk, lesson.pk if lesson else None)
    if key not in cached:
        cached[key] = enrollment_for(user=request.user, course=course, lesson=lesson)
    return cached[key]


def enrollment_block_reason(*, user: User, course: CoursePage, now: datetime | None = None) -> str | None:
    """Why ``user`` may not enroll (or ask to) in ``course`` now, as a message for them; None when they may."""
    now = now or timezone.now()
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return _("Complete your learner profile before enrolling.")
    if course.enrollment_mode == EnrollmentMode.ASSIGNED:
        return _("This course is open only to learners it has been assigned to.")
    refusal = enrollment_audience_refusal(audience=profile.audience, course=course)
    if refusal:
        return refusal
    if course.enrollment_opens_at and now < course.enrollment_opens_at:
        return _("Enrollment opens on %(date)s.") % {
            "date": timezone.localtime(course.enrollment_opens_at).strftime("%d/%m/%Y %H:%M")
        }
    if course.enrollment_closes_at and now > course.enrollment_closes_at:
        return _("Enrollment closed on %(date)s.") % {
            "date": timezone.localtime(course.enrollment_closes_at).strftime("%d/%m/%Y %H:%M")
        }
    if course.capacity is not None and seats_taken(course=course) >= course.capacity:
        return _("This course is full.")
    missing = missing_prerequisites(user=user, course=course)
    if missing:
        return _("Complete these courses first: %(courses)s.") % {
            "courses": ", ".join(c.title for c in missing)
        }
    return None


def learner_audience(*, user: User) -> str | None:
    """The audience of ``user``'s learner profile (None without one)."""
    return Profile.objects.filter(user=user).values_list("audience", flat=True).first()


def enrollment_audience_refusal(*, audience: str | None, course: CoursePage) -> str | None:
    """Why a learner of ``audience`` may not enroll in ``course`` because of who it is for; None when they may.

    The one wording of that rule, for the course page and the catalogue card alike: "Khóa học này dành cho người
    dân và doanh nghiệp; tài khoản cán bộ không đăng ký học được." Without an audience (no profile) it says nothing:
    the course page asks for the profile instead.
    """
    if not audience or audience in course.audiences:
        return None
    return _("This course is for %(audiences)s; %(accounts)s cannot enroll.") % {
        "audiences": course.audience_text(),
        "accounts": AUDIENCE_ACCOUNTS[Audience(audience)],
    }


def seats_taken(*, course: CoursePage) -> int:
    return Enrollment.objects.filter(course=course, status__in=STUDYING).count()


def missing_prerequisites(*, user: User, course: CoursePage) -> list[CoursePage]:
    completed = Enrollment.objects.filter(
        user=user, course=OuterRef("pk"), status=Enrollment.Status.COMPLETED
    )
    # Query the table rather than ``course.prerequisites``, which is an in-memory relation on unsaved pages.
    required = CoursePage.objects.filter(required_by=course.pk)
    return list(required.annotate(done=Exists(completed)).filter(done=False).order_by("title"))


def course_lessons(*, course: CoursePage) -> QuerySet[LessonPage]:
    return LessonPage.objects.live().descendant_of(course).order_by("path")


def enrollment_progress(*, enrollment: Enrollment, after: LessonPage | None = None, request=None) -> dict:
    """Required lessons done / required, whether the final quiz is passed, and the next step.

    ``next`` is ``records.next_item``: the first unfinished required lesson (after ``after`` when given),
    then the first final quiz not passed, else ``DONE``. The course, its lessons (the outline) and its final
    quizzes come from the content cache (``cms.caching``); the learner's lessons done and final quizzes
    passed are one query however long the course.
    """
    course = _enrollment_course(enrollment, request=request)
    lessons = [
        lesson for section in course_outline(course=course, request=request) for lesson in section["lessons"]
    ]
    quizzes = assessment_selectors.final_quizzes_cached(course_id=course.pk, request=request)
    done_ids, passed_quiz_ids = _done_and_passed(
        enrollment=enrollment, quiz_ids=[quiz.pk for quiz in quizzes]
    )
    required = [lesson for lesson in lessons if lesson.required_for_completion]
    needs_quiz = course.completion_rule == CompletionRule.LESSONS_AND_QUIZ and bool(quizzes)
    required_done = sum(1 for lesson in required if lesson.pk in done_ids)
    step = records.next_item(
        lessons=lessons,
        done_ids=done_ids,
        quizzes=quizzes if needs_quiz else [],
        passed_quiz_ids=passed_quiz_ids,
        after_id=after.pk if after is not None else None,
    )
    return {
        "lessons": lessons,
        "done_ids": done_ids,
        "required_total": len(required),
        "required_done": required_done,
        "percent": records.percent_done(
            status=enrollment.status, required_done=required_done, required_total=len(required)
        ),
        "quizzes": quizzes,
        "needs_quiz": needs_quiz,
        "quiz_passed": all(quiz.pk in passed_quiz_ids for quiz in quizzes),
        "next": step,
        "started": bool(done_ids) or bool(passed_quiz_ids),
    }


def _enrollment_course(enrollment: Enrollment, *, request=None) -> CoursePage:
    """The enrollment's course: the one already read with it, else the content cache's copy."""
    if Enrollment.course.is_cached(enrollment):
        return enrollment.course
    course = content_cached(
        f"course:{enrollment.course_id}",
        lambda: CoursePage.objects.filter(pk=enrollment.course_id).first(),
        request=request,
    )
    return course if course is not None else enrollment.course


def _done_and_passed(*, enrollment: Enrollment, quiz_ids: list[int]) -> tuple[set[int], set[int]]:
    """The ids of the lessons ``enrollment`` has done and of the quizzes among ``quiz_ids`` its learner passed."""
    done = LessonProgress.objects.filter(enrollment=enrollment).order_by().annotate(kind=Value(0))
    rows = done.values_list("kind", "lesson_id")
    if quiz_ids:
        passed = (
            QuizAttempt.objects.filter(user_id=enrollment.user_id, quiz_id__in=quiz_ids, passed=True)
            .order_by()
            .annotate(kind=Value(1))
            .values_list("kind", "quiz_id")
        )
        rows = rows.union(passed)
    done_ids: set[int] = set()
    passed_ids: set[int] = set()
    for kind, pk in rows:
        (passed_ids if kind else done_ids).add(pk)
    return done_ids, passed_ids


def next_step_url(*, enrollment: Enrollment, after: LessonPage | None = None) -> str:
    """Where "Tiếp tục học" leads: the next item's page, or the course page once nothing is left."""
    step = enrollment_progress(enrollment=enrollment, after=after)["next"]
    if step.kind == records.NextKind.LESSON:
        return step.lesson.url
    if step.kind == records.NextKind.QUIZ:
        return reverse("courses:quiz", args=[step.quiz.pk])
    return enrollment.course.url


def has_certificate(*, enrollment: Enrollment) -> bool:
    """Whether a valid (not revoked) certificate was issued for the enrollment; its file may still render."""
    return enrollment.certificates.filter(revoked_at__isnull=True).exists()


def completion_satisfied(*, enrollment: Enrollment) -> bool:
    progress = enrollment_progress(enrollment=enrollment)
    lessons_done = progress["required_done"] == progress["required_total"]
    if not (lessons_done and (progress["quiz_passed"] or not progress["needs_quiz"])):
        return False
    # Conditions other apps add (a class's attendance); see courses/completion.py.
    return not completion.completion_requirements_unmet(enrollment=enrollment)


def my_enrollments(*, user: User, now: datetime | None = None, request=None) -> list[Enrollment]:
    """The learner's dashboard rows (rejected requests left out), each with ``record`` (its LearningRecord).

    Progress is counted in the database: a fixed number of queries however many courses. Each course's number
    of required lessons depends only on the published pages, so it comes from the content cache
    (``request`` memoises the generation) instead of a count over the page tree in every row (#20).
    """
    now = now or timezone.now()
    required_totals = content_cached(
        "required-lessons-by-course", records.required_lessons_by_course, request=request
    )
    passed = QuizAttempt.objects.filter(quiz=OuterRef("pk"), user=user, passed=True)
    quiz_pending = (
        Quiz.objects.filter(course=OuterRef("course_id"), is_final=True)
        .annotate(passed=Exists(passed))
        .filter(passed=False)
    )
    certificates = Enrollment.certificates.rel.related_model.objects.filter(
        enrollment=OuterRef("pk"), revoked_at__isnull=True
    )
    enrollments = list(
        # No total in SQL (an empty mapping counts none): each row gets its course's from the cached mapping.
        records.with_progress_counts(Enrollment.objects.filter(user=user), required_totals={})
        .exclude(status=Enrollment.Status.REJECTED)
        .annotate(
            final_quiz_pending=ExpressionWrapper(
                Q(course__completion_rule=CompletionRule.LESSONS_AND_QUIZ) & Q(Exists(quiz_pending)),
                output_field=BooleanField(),
            ),
            has_certificate=Exists(certificates),
        )
        .select_related("course")
        .order_by(F("due_at").asc(nulls_last=True), "-enrolled_at", "-requested_at")
    )
    for enrollment in enrollments:
        enrollment.required_total = required_totals.get(enrollment.course_id, 0)
        enrollment.record = records.record_for(enrollment=enrollment, now=now)
        enrollment.left = records.what_is_left(
            status=enrollment.status,
            required_done=enrollment.required_done,
            required_total=enrollment.required_total,
            final_quiz_pending=enrollment.final_quiz_pending,
        )
    return enrollments


def can_decide_enrollment(*, user: User, enrollment: Enrollment) -> bool:
    """Trainers of the course, HR managers of the learner's unit and administrators decide requests."""
    roles = user_roles(user=user)
    if roles.is_admin and user.is_superuser:
        return True
    if enrollment.course.trainers.filter(pk=user.pk).exists():
        return True
    return profiles_visible_to(user=user).filter(user_id=enrollment.user_id).exists()


def pending_requests_for(*, user: User) -> QuerySet[Enrollment]:
    pending = Enrollment.objects.filter(status=Enrollment.Status.PENDING).select_related(
        "user", "course", "user__profile__organisation_unit"
    )
    if user.is_superuser:
        return pending.order_by("requested_at")
    visible = profiles_visible_to(user=user).values("user_id")
    return (
        pending.filter(Q(course__trainers=user) | Q(user_id__in=visible)).distinct().order_by("requested_at")
    )


# --- Learners and units (read by the enrollment and assignment services) ---------------------------


def learner_unit_id(*, user_id: int) -> int | None:
    """The unit an enrollment of the user is reported under: an official's unit, None for everyone else."""
    return (
        Profile.objects.filter(user_id=user_id, audience=Audience.OFFICIAL)
        .values_list("organisation_unit_id", flat=True)
        .first()
    )


def unit_members(*, unit, include_descendants: bool):
    # Paths move when a sibling is inserted before the unit (units are kept sorted by name): read it afresh.
    unit.refresh_from_db(fields=["path", "depth"])
    profiles = Profile.objects.filter(audience="official")
    if include_descendants:
        profiles = profiles.filter(in_subtrees(roots=[unit], unit_field="organisation_unit"))
    else:
        profiles = profiles.filter(organisation_unit=unit)
    return User.objects.filter(pk__in=profiles.values("user_id"), is_active=True)


def learners_from_list(*, text: str, by: User) -> tuple[list[User], list[tuple[int, str]]]:
    """Resolve a list of emails or staff codes (one per line, or the first column of a CSV) within scope.

    Returns (learners, errors by line number); callers refuse the whole list when there is any error.
    """
    rows = []
    for line, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        value = raw.split(",")[0].split(";")[0].strip().strip('"')
        if value and not (line == 1 and value.lower() in {"email", "mã cán bộ", "ma can bo", "staff_code"}):
            rows.append((line, value))
    keys = {value.lower() for _line, value in rows}
    found = {}
    for profile in profiles_visible_to(user=by).filter(
        Q(user__email__in=keys) | Q(staff_code__in=[value for _line, value in rows])
    ):
        found[profile.user.email.lower()] = profile
        if profile.staff_code:
            found[profile.staff_code.lower()] = profile
    learners, errors, seen = [], [], set()
    for line, value in rows:
        match = found.get(value.lower())
        if match is None:
            errors.append((line, _("“%(value)s” is not a learner of your units.") % {"value": value}))
        elif match.user_id not in seen:
            seen.add(match.user_id)
            learners.append(match.user)
    return learners, errors


# --- Assignment preview ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignPreview:
    """Who an assignment would reach: officials it enrolls, and those already studying the course.

    ``new`` and ``enrolled`` hold at most the preview's limit of users, in Vietnamese name order; each user
    carries ``unit_name`` (and, in ``enrolled``, ``enrollment_status`` and ``enrollment_status_label``).
    """

    total: int
    new_count: int
    enrolled_count: int
    new: list[User]
    enrolled: list[User]

    @property
    def new_more(self) -> int:
        return self.new_count - len(self.new)

    @property
    def enrolled_more(self) -> int:
        return self.enrolled_count - len(self.enrolled)


def course_assign_preview(
    *,
    course: CoursePage,
    unit=None,
    include_descendants: bool = True,
    users: list[User] | None = None,
    limit: int = 50,
) -> AssignPreview:
    """What ``services.course_assign`` with the same arguments would do, without doing it.

    The targets are the listed ``users`` when given, else the active officials of ``unit`` (and of the units
    below it with ``include_descendants``), exactly as the service picks them. "Already enrolled" means an
    enrollment that is active or completed (the service only moves its due date earlier); everyone else is
    enrolled (a pending, withdrawn or rejected enrollment is activated). The caller checks scope (the form
    offers only units and learners in scope; the service checks again). Four queries whatever the size.
    """
    if users:
        targets = User.objects.filter(pk__in=[user.pk for user in users])
    elif unit is not None:
        targets = unit_members(unit=unit, include_descendants=include_descendants)
    else:
        return AssignPreview(total=0, new_count=0, enrolled_count=0, new=[], enrolled=[])
    studying = Enrollment.objects.filter(course=course, user=OuterRef("pk"), status__in=STUDYING)
    targets = targets.annotate(already=Exists(studying))
    counts = targets.aggregate(total=Count("pk"), enrolled=Count("pk", filter=Q(already=True)))
    listed = targets.annotate(unit_name=F("profile__organisation_unit__name")).order_by("name_sort_key", "pk")
    new = list(listed.filter(already=False)[:limit])
    enrolled = list(
        listed.filter(already=True).annotate(enrollment_status=Subquery(studying.values("status")[:1]))[
            :limit
        ]
    )
    for user in enrolled:
        user.enrollment_status_label = Enrollment.Status(user.enrollment_status).label
    return AssignPreview(
        total=counts["total"],
        new_count=counts["total"] - counts["enrolled"],
        enrolled_count=counts["enrolled"],
        new=new,
        enrolled=enrolled,
    )
