"""Reads about quizzes and attempts. Aggregates run in the database; nothing queries once per row."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from accounts.models import User
from accounts.prepared import PreparedQuery
from cms.caching import content_cached
from cms.models import CoursePage, LessonPage

from .models import SUBMIT_GRACE, AttemptQuestion, Question, Quiz, QuizAttempt

FINISHED_ATTEMPTS = (QuizAttempt.Status.SUBMITTED, QuizAttempt.Status.TIMED_OUT)


def lesson_quizzes(*, lesson: LessonPage, request=None) -> list[Quiz]:
    """The quizzes attached to the lesson, cached with the published content (``cms.caching``)."""
    return content_cached(
        f"lesson-quizzes:{lesson.pk}", lambda: list(Quiz.objects.filter(lesson=lesson)), request=request
    )


def final_quizzes(*, course: CoursePage | int) -> QuerySet[Quiz]:
    return Quiz.objects.filter(course=course, is_final=True)


def final_quizzes_cached(*, course_id: int, request=None) -> list[Quiz]:
    """The course's final quizzes by id, cached with the published content (a quiz's save renews it)."""
    return content_cached(
        f"final-quizzes:{course_id}",
        lambda: list(final_quizzes(course=course_id).order_by("pk")),
        request=request,
    )


# The quiz pages' reads, compiled once per process (accounts.prepared, #20).
_ATTEMPTS_OF = PreparedQuery(
    lambda user_id, quiz_id: QuizAttempt.objects.filter(user_id=user_id, quiz_id=quiz_id).order_by("number"),
    slots=2,
)
_ANSWER_ROWS = PreparedQuery(
    lambda attempt_id: (
        AttemptQuestion.objects.filter(attempt_id=attempt_id)
        .select_related("question")
        .only("question__type")
    )
)
_ROWS_IN_ORDER = PreparedQuery(
    lambda attempt_id: (
        AttemptQuestion.objects.filter(attempt_id=attempt_id).select_related("question").order_by("position")
    )
)


def attempts_of(*, user: User, quiz: Quiz) -> list[QuizAttempt]:
    return _ATTEMPTS_OF.all(user.pk, quiz.pk)


def attempts_left(*, quiz: Quiz, attempts: list[QuizAttempt]) -> int | None:
    return None if quiz.max_attempts is None else max(quiz.max_attempts - len(attempts), 0)


@dataclass(frozen=True)
class ReviewShown:
    """The parts of a finished attempt's review a learner may see now (the quiz's review options)."""

    marks: bool = False
    correctness: bool = False
    right_answer: bool = False
    feedback: bool = False

    @property
    def details(self) -> bool:
        """Anything per question beyond the learner's own answers."""
        return self.correctness or self.right_answer or self.feedback


def review_timing_reached(timing: str, *, later: bool) -> bool:
    """Whether a part set to ``timing`` shows on a finished attempt; ``later``: the quiz has closed or the
    learner can take no further attempt."""
    if timing == Quiz.ReviewTiming.IMMEDIATELY:
        return True
    return timing == Quiz.ReviewTiming.LATER and later


def review_shown(
    *,
    attempt: QuizAttempt,
    attempts: list[QuizAttempt],
    now: datetime | None = None,
    staff_preview: bool = False,
) -> ReviewShown:
    """What the learner may see of ``attempt``, given all their ``attempts`` at the quiz. No queries.

    Nothing shows while the attempt is open. "Later" comes when the quiz has closed (its closing time plus
    the submit grace, so no attempt still accepts answers) or when no retake remains: every allowed attempt
    taken and none still in progress. ``staff_preview``: someone who may read the question bank (a trainer,
    a reviewer) trying their own quiz sees everything, as in the bank; staff screens do not call this.
    """
    if attempt.is_open:
        return ReviewShown()
    if staff_preview:
        return ReviewShown(marks=True, correctness=True, right_answer=True, feedback=True)
    quiz = attempt.quiz
    now = now or timezone.now()
    closed = quiz.closes_at is not None and now >= quiz.closes_at + SUBMIT_GRACE
    used_up = (
        quiz.max_attempts is not None
        and len(attempts) >= quiz.max_attempts
        and not any(other.is_open for other in attempts)
    )
    later = closed or used_up
    return ReviewShown(
        marks=review_timing_reached(quiz.review_marks, later=later),
        correctness=review_timing_reached(quiz.review_correctness, later=later),
        right_answer=review_timing_reached(quiz.review_right_answer, later=later),
        feedback=review_timing_reached(quiz.review_feedback, later=later),
    )


def attempt_blank_positions(*, attempt: QuizAttempt) -> list[int]:
    """Positions (question numbers) of the attempt's questions with nothing answered, in one query."""
    rows = AttemptQuestion.objects.filter(attempt=attempt).select_related("question").order_by("position")
    return [row.position for row in rows if row.is_blank]


def attempt_answer_rows(*, attempt: QuizAttempt) -> list[AttemptQuestion]:
    """The attempt's rows with only their question's type, in one query: what reading a sent form needs."""
    return _ANSWER_ROWS.all(attempt.pk)


def attempt_questions(*, attempt: QuizAttempt) -> list[AttemptQuestion]:
    """The attempt's rows in order, each with its question and the question's choices; matching questions
    also with their pairs (read only for them: a quiz without one saves that query)."""
    rows = _ROWS_IN_ORDER.all(attempt.pk)
    prefetch_related_objects([row.question for row in rows], "choices")
    matching = [row.question for row in rows if row.question.type == Question.Type.MATCHING]
    prefetch_related_objects(matching, "pairs")
    return rows


def quiz_question_stats(*, quiz: Quiz) -> list[dict]:
    """Per question: finished answers, answers with full marks and facility (share correct), in one query."""
    rows = (
        AttemptQuestion.objects.filter(attempt__quiz=quiz, attempt__status__in=FINISHED_ATTEMPTS)
        .values("question_id", "question__name", "question__type")
        .annotate(answered=Count("pk"), correct=Count("pk", filter=Q(score=F("question__points"))))
        .order_by("question__name")
    )
    return [
        {**row, "facility": round(100 * row["correct"] / row["answered"], 1) if row["answered"] else None}
        for row in rows
    ]
