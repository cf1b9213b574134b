"""Reads about quizzes and attempts. Aggregates run in the database; nothing queries once per row."""

from django.db.models import Count, F, Q, QuerySet

from accounts.models import User
from cms.caching import content_cached
from cms.models import CoursePage, LessonPage

from .models import AttemptQuestion, Quiz, QuizAttempt

FINISHED_ATTEMPTS = (QuizAttempt.Status.SUBMITTED, QuizAttempt.Status.TIMED_OUT)


def lesson_quizzes(*, lesson: LessonPage, request=None) -> list[Quiz]:
    """The quizzes attached to the lesson, cached with the published content (``cms.caching``)."""
    return content_cached(
        f"lesson-quizzes:{lesson.pk}", lambda: list(Quiz.objects.filter(lesson=lesson)), request=request
    )


def final_quizzes(*, course: CoursePage) -> QuerySet[Quiz]:
    return Quiz.objects.filter(course=course, is_final=True)


def attempts_of(*, user: User, quiz: Quiz) -> list[QuizAttempt]:
    return list(QuizAttempt.objects.filter(user=user, quiz=quiz).order_by("number"))


def attempts_left(*, quiz: Quiz, attempts: list[QuizAttempt]) -> int | None:
    return None if quiz.max_attempts is None else max(quiz.max_attempts - len(attempts), 0)


def review_visible(*, attempt: QuizAttempt, attempts_remaining: int | None) -> bool:
    """Whether the score, the correct answers and the feedback of a finished attempt may be shown."""
    if attempt.is_open:
        return False
    policy = attempt.quiz.review_policy
    if policy == Quiz.ReviewPolicy.IMMEDIATELY:
        return True
    if policy == Quiz.ReviewPolicy.AFTER_LAST_ATTEMPT:
        return attempts_remaining == 0 or bool(attempt.passed)
    return False


def attempt_questions(*, attempt: QuizAttempt) -> list[AttemptQuestion]:
    return list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("question")
        .prefetch_related("question__choices", "question__pairs")
        .order_by("position")
    )


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
