"""The learning record: one enrollment's state, percent done and overdue flag, defined once.

Every screen and file that shows these (the learner's pages, the HR reports, the CSV/XLSX exports and the
PostgreSQL COPY path) reads them from here, in Python (``record_for``) or in SQL (``with_learning_record``,
``overdue_q``); ``tests/courses/test_learning_record.py`` checks the two agree on a generated matrix.

Rules (docs/decisions/0016-learning-record.md):
- state: pending, rejected, withdrawn and completed follow the enrollment's status; an active enrollment is
  overdue once its due date has passed, else studying once the learner has done any lesson or quiz attempt,
  else not started.
- percent done: 100 for a completed enrollment; for an active one, the required (live) lessons done over
  the required lessons, rounded down (so 100 % never shows before the last required lesson), 100 when the
  course has none; None (not applicable) for pending, rejected and withdrawn.
- overdue: a due date in the past on an enrollment still open (active, or pending approval). A completed,
  withdrawn or rejected enrollment is never overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils.translation import gettext_lazy as _

from assessment.models import QuizAttempt
from cms.models import CoursePage, LessonPage

from .models import Enrollment, LessonProgress

Status = Enrollment.Status

# Statuses that give access to the course (the learner is "enrolled" in the HR figures).
STUDYING = Enrollment.STUDYING
# Statuses on which a due date can still be missed.
OPEN = (Status.PENDING, Status.ACTIVE)
# Statuses whose state is the status itself.
SETTLED = (Status.PENDING, Status.REJECTED, Status.WITHDRAWN, Status.COMPLETED)


class LearningState(models.TextChoices):
    """Where a learner stands in one course, as every page and export shows it."""

    PENDING = "pending", _("Awaiting approval")
    NOT_STARTED = "not_started", _("Not started")
    STUDYING = "studying", _("Studying")
    OVERDUE = "overdue", _("Overdue")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Request rejected")


@dataclass(frozen=True)
class LearningRecord:
    state: LearningState
    percent: int | None
    overdue: bool

    @property
    def state_label(self) -> str:
        return str(self.state.label)


# --- Python: one enrollment ------------------------------------------------------------------------


def is_completed(*, enrollment: Enrollment) -> bool:
    """Whether the course is completed: what earns a certificate and counts as 100 %."""
    return enrollment.status == Status.COMPLETED


def is_overdue(*, status: str, due_at: datetime | None, now: datetime) -> bool:
    return bool(due_at is not None and due_at < now and status in OPEN)


def percent_done(*, status: str, required_done: int, required_total: int) -> int | None:
    if status == Status.COMPLETED:
        return 100
    if status != Status.ACTIVE:
        return None
    if not required_total:
        return 100
    return min(100, 100 * required_done // required_total)


def learning_state(*, status: str, due_at: datetime | None, started: bool, now: datetime) -> LearningState:
    if status in SETTLED:
        return LearningState(status)
    if due_at is not None and due_at < now:
        return LearningState.OVERDUE
    return LearningState.STUDYING if started else LearningState.NOT_STARTED


def record_of(
    *,
    status: str,
    due_at: datetime | None,
    required_done: int,
    required_total: int,
    started: bool,
    now: datetime,
) -> LearningRecord:
    return LearningRecord(
        state=learning_state(status=status, due_at=due_at, started=started, now=now),
        percent=percent_done(status=status, required_done=required_done, required_total=required_total),
        overdue=is_overdue(status=status, due_at=due_at, now=now),
    )


def record_for(*, enrollment: Enrollment, now: datetime) -> LearningRecord:
    """The record of an enrollment annotated by ``with_progress_counts`` (or ``with_learning_record``)."""
    return record_of(
        status=enrollment.status,
        due_at=enrollment.due_at,
        required_done=enrollment.required_done,
        required_total=enrollment.required_total,
        started=enrollment.learning_started,
        now=now,
    )


# --- SQL: the same rules as expressions ------------------------------------------------------------


def completed_q(*, prefix: str = "") -> Q:
    """``is_completed`` as a filter on enrollments reached through ``prefix``."""
    return Q(**{f"{prefix}status": Status.COMPLETED})


def overdue_q(*, now: datetime, prefix: str = "") -> Q:
    """``is_overdue`` as a filter on enrollments reached through ``prefix`` (e.g. ``user__enrollments__``)."""
    return Q(**{f"{prefix}due_at__lt": now, f"{prefix}status__in": OPEN})


def required_lessons_by_course() -> dict[int, int]:
    """How many live required lessons each course has (courses with none left out). Two queries.

    Lessons are found under their course by tree path, as ``course_lessons`` finds them.
    """
    courses = dict(CoursePage.objects.values_list("path", "pk"))
    totals: dict[int, int] = {}
    lessons = LessonPage.objects.live().filter(required_for_completion=True).values_list("path", flat=True)
    step = LessonPage.steplen
    for path in lessons.iterator():
        for end in range(len(path) - step, 0, -step):
            course_id = courses.get(path[:end])
            if course_id is not None:
                totals[course_id] = totals.get(course_id, 0) + 1
                break
    return totals


def with_progress_counts(
    queryset: QuerySet[Enrollment], *, required_totals: dict[int, int] | None = None
) -> QuerySet[Enrollment]:
    """Annotate ``required_total``, ``required_done`` and ``learning_started``: one query, no per-row query.

    With ``required_totals`` (from ``required_lessons_by_course``) the lesson total is a constant per course
    instead of a correlated count over the page tree: what a million-row export needs.
    """
    if required_totals is None:
        counted = (
            LessonPage.objects.live()
            .filter(path__startswith=OuterRef("course__path"), required_for_completion=True)
            .order_by()
            .values("required_for_completion")
            .annotate(n=Count("pk"))
            .values("n")
        )
        required_total = Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    elif required_totals:
        whens = [When(course_id=pk, then=Value(n)) for pk, n in sorted(required_totals.items())]
        required_total = Case(*whens, default=Value(0), output_field=IntegerField())
    else:
        required_total = Value(0, output_field=IntegerField())
    required_done = (
        LessonProgress.objects.filter(
            enrollment=OuterRef("pk"), lesson__required_for_completion=True, lesson__live=True
        )
        .order_by()
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    any_lesson = LessonProgress.objects.filter(enrollment=OuterRef("pk"))
    any_attempt = QuizAttempt.objects.filter(enrollment=OuterRef("pk"))
    return queryset.annotate(
        required_total=required_total,
        required_done=Coalesce(Subquery(required_done, output_field=IntegerField()), 0),
        learning_started=ExpressionWrapper(
            Q(Exists(any_lesson)) | Q(Exists(any_attempt)), output_field=BooleanField()
        ),
    )


def with_learning_record(queryset: QuerySet[Enrollment], *, now: datetime) -> QuerySet[Enrollment]:
    """``with_progress_counts`` plus ``learning_state``, ``percent_done`` and ``is_overdue`` computed in SQL.

    The same rules as ``record_of``, so an export can stream them (or let PostgreSQL's COPY write them).
    Runs two small queries first (``required_lessons_by_course``).
    """
    settled = [When(status=status, then=Value(str(status))) for status in SETTLED]
    counted = with_progress_counts(queryset, required_totals=required_lessons_by_course())
    return counted.annotate(
        learning_state=Case(
            *settled,
            When(due_at__lt=now, then=Value(LearningState.OVERDUE.value)),
            When(learning_started=True, then=Value(LearningState.STUDYING.value)),
            default=Value(LearningState.NOT_STARTED.value),
            output_field=models.CharField(),
        ),
        percent_done=Case(
            When(status=Status.COMPLETED, then=Value(100)),
            When(~Q(status=Status.ACTIVE), then=Value(None)),
            When(required_total=0, then=Value(100)),
            default=Least(Value(100), Value(100) * F("required_done") / F("required_total")),
            output_field=IntegerField(),
        ),
        is_overdue=ExpressionWrapper(overdue_q(now=now), output_field=BooleanField()),
    )


# --- The next step: what "Tiếp tục học" and the lesson page's primary button lead to -------------------


class NextKind(models.TextChoices):
    LESSON = "lesson", _("Lesson")
    QUIZ = "quiz", _("Final quiz")
    DONE = "done", _("Course finished")


@dataclass(frozen=True)
class NextItem:
    """The learner's next step in a course: a lesson, a final quiz, or nothing left (``DONE``)."""

    kind: NextKind
    lesson: object = None
    quiz: object = None


def next_item(
    *,
    lessons: list,
    done_ids: set[int],
    quizzes: list,
    passed_quiz_ids: set[int],
    after_id: int | None = None,
) -> NextItem:
    """The first unfinished item: a required lesson not done (in course order), then a final quiz not passed.

    ``lessons`` are the course's live lessons in course order; ``quizzes`` the final quizzes that count for
    completion (empty when the course completes on lessons alone). With ``after_id`` (the lesson being
    read) a required lesson after it comes first, so marking a lesson done moves forward, never back to one
    skipped earlier until the end. Optional lessons are never the next step (the pager still links them).
    """
    pending = [lesson for lesson in lessons if lesson.required_for_completion and lesson.pk not in done_ids]
    if after_id is not None:
        ids = [lesson.pk for lesson in lessons]
        if after_id in ids:
            position = ids.index(after_id)
            later = [lesson for lesson in pending if ids.index(lesson.pk) > position]
            pending = later + [lesson for lesson in pending if lesson not in later]
    if pending:
        return NextItem(kind=NextKind.LESSON, lesson=pending[0])
    quiz = next((quiz for quiz in quizzes if quiz.pk not in passed_quiz_ids), None)
    if quiz is not None:
        return NextItem(kind=NextKind.QUIZ, quiz=quiz)
    return NextItem(kind=NextKind.DONE)


@dataclass(frozen=True)
class WhatIsLeft:
    """What a learner still has to do in a course, as the dashboard says it."""

    lessons: int
    final_quiz: bool

    @property
    def nothing(self) -> bool:
        return not self.lessons and not self.final_quiz


def what_is_left(
    *, status: str, required_done: int, required_total: int, final_quiz_pending: bool
) -> WhatIsLeft:
    if status != Status.ACTIVE:
        return WhatIsLeft(lessons=0, final_quiz=False)
    return WhatIsLeft(lessons=max(required_total - required_done, 0), final_quiz=final_quiz_pending)
