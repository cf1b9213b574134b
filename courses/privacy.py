"""This app's part of the personal-data export and erasure (accounts sends the signals)."""

from django.dispatch import receiver

from accounts.models import User
from accounts.signals import collect_personal_data, personal_data_erase
from assessment.models import AttemptQuestion, QuizAttempt, TimeExtension

from .models import Assignment, Enrollment, LessonProgress


def _iso(value):
    return value.isoformat() if value else None


def _num(value):
    return None if value is None else str(value)


def learning_record_of(*, user: User) -> dict:
    """Enrollments, lesson progress, quiz attempts with answers and scores, assignments, time extensions."""
    enrollments = Enrollment.objects.filter(user=user).select_related("course").order_by("requested_at")
    progress = (
        LessonProgress.objects.filter(enrollment__user=user)
        .select_related("lesson", "enrollment__course")
        .order_by("completed_at")
    )
    attempts = QuizAttempt.objects.filter(user=user).select_related("quiz").order_by("started_at")
    answers: dict[int, list] = {}
    for answer in (
        AttemptQuestion.objects.filter(attempt__user=user).select_related("question").order_by("position")
    ):
        answers.setdefault(answer.attempt_id, []).append(
            {
                "position": answer.position,
                "question": answer.question.text,
                "selected": answer.selected,
                "text_answer": answer.text_answer,
                "matches": answer.matches,
                "answered_at": _iso(answer.answered_at),
                "score": _num(answer.score),
            }
        )
    return {
        "enrollments": [
            {
                "course": e.course.title,
                "status": e.status,
                "status_label": str(e.get_status_display()),
                "source": e.source,
                "requested_at": _iso(e.requested_at),
                "enrolled_at": _iso(e.enrolled_at),
                "completed_at": _iso(e.completed_at),
                "withdrawn_at": _iso(e.withdrawn_at),
                "due_at": _iso(e.due_at),
                "final_score": _num(e.final_score),
                "decision_note": e.decision_note,
            }
            for e in enrollments
        ],
        "lesson_progress": [
            {
                "course": p.enrollment.course.title,
                "lesson": p.lesson.title,
                "completed_at": _iso(p.completed_at),
            }
            for p in progress
        ],
        "quiz_attempts": [
            {
                "quiz": a.quiz.title,
                "number": a.number,
                "status": a.status,
                "status_label": str(a.get_status_display()),
                "started_at": _iso(a.started_at),
                "finished_at": _iso(a.finished_at),
                "score": _num(a.score),
                "max_score": _num(a.max_score),
                "percent": _num(a.percent),
                "passed": a.passed,
                "answers": answers.get(a.pk, []),
            }
            for a in attempts
        ],
        "assignments": [
            {"course": a.course.title, "due_at": _iso(a.due_at), "note": a.note}
            for a in Assignment.objects.filter(learners=user).select_related("course")
        ],
        "time_extensions": [
            {"quiz": t.quiz.title, "extra_minutes": t.extra_minutes, "granted_at": _iso(t.granted_at)}
            for t in TimeExtension.objects.filter(user=user).select_related("quiz")
        ],
    }


def learning_record_erase(*, user: User) -> dict:
    """Delete progress, attempts, extensions and enrollments; an enrollment a certificate rests on is kept
    (stripped of its note) because the certificate is kept for verification."""
    counts = {
        "quiz_attempts": QuizAttempt.objects.filter(user=user).delete()[0],
        "lesson_progress": LessonProgress.objects.filter(enrollment__user=user).delete()[0],
        "time_extensions": TimeExtension.objects.filter(user=user).delete()[0],
    }
    counts["assignments_left"] = Assignment.learners.through.objects.filter(user_id=user.pk).delete()[0]
    # ``certificates`` is the reverse name of Certificate.enrollment (a higher app, never imported here).
    certified = Enrollment.objects.filter(user=user, certificates__isnull=False).values("pk")
    kept = Enrollment.objects.filter(pk__in=certified)
    counts["enrollments_kept_for_certificates"] = kept.update(decision_note="")
    counts["enrollments"] = Enrollment.objects.filter(user=user).exclude(pk__in=certified).delete()[0]
    return counts


@receiver(collect_personal_data)
def export_learning_record(sender, user, **kwargs):
    return "learning", learning_record_of(user=user)


@receiver(personal_data_erase)
def erase_learning_record(sender, user, **kwargs):
    return "learning", learning_record_erase(user=user)
