"""Reads about learning. Aggregates run in the database; nothing queries once per row."""

from datetime import datetime

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Profile, User
from accounts.selectors import profiles_visible_to, user_roles
from assessment import selectors as assessment_selectors
from cms.models import CompletionRule, CoursePage, EnrolmentMode, LessonPage

from .models import Enrollment, LessonProgress

STUDYING = (Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED)


def enrollment_for(*, user: User, course: CoursePage, lesson: LessonPage | None = None) -> Enrollment | None:
    """The user's enrolment in the course; with ``lesson``, annotated ``lesson_done`` in the same query."""
    if not user.is_authenticated:
        return None
    enrollments = Enrollment.objects.filter(user=user, course=course)
    if lesson is not None:
        enrollments = enrollments.annotate(
            lesson_done=Exists(LessonProgress.objects.filter(enrollment=OuterRef("pk"), lesson=lesson))
        )
    return enrollments.first()


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
    """Why ``user`` may not enrol (or ask to) in ``course`` now, as a message for them; None when they may."""
    now = now or timezone.now()
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return _("Complete your learner profile before enrolling.")
    if course.enrolment_mode == EnrolmentMode.ASSIGNED:
        return _("This course is open only to learners it has been assigned to.")
    if profile.audience not in course.audiences:
        return _("This course is intended for: %(audiences)s.") % {
            "audiences": ", ".join(str(label) for label in course.audience_labels())
        }
    if course.enrolment_opens_at and now < course.enrolment_opens_at:
        return _("Enrolment opens on %(date)s.") % {
            "date": timezone.localtime(course.enrolment_opens_at).strftime("%d/%m/%Y %H:%M")
        }
    if course.enrolment_closes_at and now > course.enrolment_closes_at:
        return _("Enrolment closed on %(date)s.") % {
            "date": timezone.localtime(course.enrolment_closes_at).strftime("%d/%m/%Y %H:%M")
        }
    if course.capacity is not None and seats_taken(course=course) >= course.capacity:
        return _("This course is full.")
    missing = missing_prerequisites(user=user, course=course)
    if missing:
        return _("Complete these courses first: %(courses)s.") % {
            "courses": ", ".join(c.title for c in missing)
        }
    return None


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


def enrollment_progress(*, enrollment: Enrollment) -> dict:
    """Required lessons done / required, whether the final quiz is passed, and the resume lesson."""
    lessons = list(course_lessons(course=enrollment.course).defer("body"))
    done_ids = set(LessonProgress.objects.filter(enrollment=enrollment).values_list("lesson_id", flat=True))
    required = [lesson for lesson in lessons if lesson.required_for_completion]
    quizzes = list(
        assessment_selectors.final_quizzes(course=enrollment.course).annotate(
            passed_attempts=Count(
                "attempts", filter=Q(attempts__user=enrollment.user_id, attempts__passed=True)
            )
        )
    )
    # Resume where the learner last was; otherwise at the first lesson not yet done.
    resume = next((lesson for lesson in lessons if lesson.pk == enrollment.last_lesson_id), None) or next(
        (lesson for lesson in lessons if lesson.pk not in done_ids), None
    )
    needs_quiz = enrollment.course.completion_rule == CompletionRule.LESSONS_AND_QUIZ and bool(quizzes)
    required_done = sum(1 for lesson in required if lesson.pk in done_ids)
    return {
        "lessons": lessons,
        "done_ids": done_ids,
        "required_total": len(required),
        "required_done": required_done,
        "percent": round(100 * required_done / len(required)) if required else 100,
        "quizzes": quizzes,
        "needs_quiz": needs_quiz,
        "quiz_passed": all(q.passed_attempts for q in quizzes) if quizzes else True,
        "resume_lesson": resume or (lessons[0] if lessons else None),
    }


def completion_satisfied(*, enrollment: Enrollment) -> bool:
    progress = enrollment_progress(enrollment=enrollment)
    lessons_done = progress["required_done"] == progress["required_total"]
    return lessons_done and (progress["quiz_passed"] or not progress["needs_quiz"])


def my_enrollments(*, user: User) -> list[Enrollment]:
    """The learner's dashboard rows, with progress counted in the database (fixed number of queries)."""
    required_total = (
        LessonPage.objects.live()
        .filter(path__startswith=OuterRef("course__path"), required_for_completion=True)
        .order_by()
        .values("required_for_completion")
        .annotate(n=Count("pk"))
        .values("n")
    )
    done = (
        LessonProgress.objects.filter(
            enrollment=OuterRef("pk"), lesson__required_for_completion=True, lesson__live=True
        )
        .order_by()
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Enrollment.objects.filter(user=user)
        .exclude(status=Enrollment.Status.REJECTED)
        .select_related("course", "last_lesson")
        .annotate(
            required_total=Coalesce(Subquery(required_total, output_field=IntegerField()), 0),
            required_done=Coalesce(Subquery(done, output_field=IntegerField()), 0),
        )
        .order_by(F("due_at").asc(nulls_last=True), "-enrolled_at", "-requested_at")
    )


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
