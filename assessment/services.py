"""Writes about quizzes: attempts (start, autosave, submit, close at the deadline), time extensions and
the question pool (questions attached from the bank, an import or the quiz form).

The caller (``courses``) decides who may take a quiz and hands over the learner's enrollment; what a passed
final quiz means for the course is decided there too, on ``attempt_graded``. Every rule of the attempt itself
is checked here, on the server.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Max, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.prepared import PreparedQuery

from .grading import score_question
from .models import (
    SUBMIT_GRACE,
    AttemptQuestion,
    Question,
    Quiz,
    QuizAttempt,
    QuizChange,
    QuizQuestion,
    TimeExtension,
)
from .signals import attempt_graded

_random = random.SystemRandom()


class LearningError(Exception):
    """A rule refused the request; ``message`` is translated and meant for the learner.

    Shared with ``courses`` (which re-raises it for enrollment rules), so a view catches one error type.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def quiz_attempt_start(*, quiz: Quiz, enrollment, now: datetime | None = None) -> QuizAttempt:
    """Start an attempt for the learner of ``enrollment`` (a ``courses.Enrollment`` the caller has checked
    is studying the quiz's course), or return the one already in progress.

    The timer starts here, on the server. Attempt numbers are unique per learner and quiz and only one
    attempt may be in progress (both are constraints), so concurrent starts never exceed the limit: the
    losing request gets the winner's attempt.
    """
    now = now or timezone.now()
    if enrollment is None or enrollment.course_id != quiz.course_id:
        raise LearningError(_("Enroll in the course before taking its quiz."))
    user_id = enrollment.user_id
    _close_expired(now=now, user_id=user_id, quiz=quiz)
    current = _attempt_in_progress(quiz=quiz, user_id=user_id)
    if current:
        return current
    pool = list(quiz.pool.select_related("question").order_by("sort_order"))
    if not pool:
        raise LearningError(_("This quiz has no questions yet."))
    if quiz.is_closed(now):
        raise LearningError(_("This quiz has closed: no new attempt can be started."))
    taken = QuizAttempt.objects.filter(quiz=quiz, user_id=user_id).aggregate(n=Max("number"))["n"] or 0
    if quiz.max_attempts is not None and taken >= quiz.max_attempts:
        # A concurrent start may have committed the last attempt since we looked: that one is ours too.
        current = _attempt_in_progress(quiz=quiz, user_id=user_id)
        if current:
            return current
        raise LearningError(_("You have used all your attempts at this quiz."))
    drawn = [item.question for item in pool]
    if quiz.questions_per_attempt and quiz.questions_per_attempt < len(drawn):
        drawn = _random.sample(drawn, quiz.questions_per_attempt)
    # The options each drawn question offers, in two queries rather than one per question (#20).
    with_choices = [q for q in drawn if q.type not in (Question.Type.MATCHING, Question.Type.SHORT)]
    prefetch_related_objects(with_choices, "choices")
    prefetch_related_objects([q for q in drawn if q.type == Question.Type.MATCHING], "pairs")
    extension = (
        TimeExtension.objects.filter(quiz=quiz, user_id=user_id)
        .values_list("extra_minutes", flat=True)
        .first()
    )
    deadline = None
    if quiz.time_limit_minutes:
        deadline = now + timedelta(minutes=quiz.time_limit_minutes + (extension or 0))
    if quiz.closes_at is not None:
        # Attempts end when the quiz closes, so that its review ("once the quiz has closed") reveals no
        # right answer to someone still answering.
        deadline = min(deadline, quiz.closes_at) if deadline else quiz.closes_at
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                quiz=quiz,
                user_id=user_id,
                enrollment=enrollment,
                number=taken + 1,
                started_at=now,
                deadline_at=deadline,
                pass_mark=quiz.pass_mark,
                max_score=sum((q.points for q in drawn), Decimal(0)),
            )
            AttemptQuestion.objects.bulk_create(
                AttemptQuestion(attempt=attempt, question=q, position=i, option_order=_option_order(q, quiz))
                for i, q in enumerate(drawn, start=1)
            )
            return attempt
    except IntegrityError:
        current = _attempt_in_progress(quiz=quiz, user_id=user_id)
        if current:
            return current
        raise LearningError(_("You have used all your attempts at this quiz.")) from None


_IN_PROGRESS = PreparedQuery(
    lambda quiz_id, user_id: QuizAttempt.objects.filter(
        quiz_id=quiz_id, user_id=user_id, status=QuizAttempt.Status.IN_PROGRESS
    ).order_by("pk")[:1],
    slots=2,
)
_ROWS_WITH_QUESTIONS = PreparedQuery(
    lambda attempt_id: AttemptQuestion.objects.filter(attempt_id=attempt_id).select_related("question")
)


def _attempt_in_progress(*, quiz: Quiz, user_id: int) -> QuizAttempt | None:
    return _IN_PROGRESS.first(quiz.pk, user_id)


def _option_order(question: Question, quiz: Quiz) -> list:
    if question.type == Question.Type.MATCHING:
        options = sorted({pair.answer for pair in question.pairs.all()})
    elif question.type == Question.Type.SHORT:
        return []
    else:
        options = [choice.pk for choice in question.choices.all()]
    if quiz.shuffle_choices and question.type != Question.Type.TRUE_FALSE:
        _random.shuffle(options)
    return options


def _accepting_answers(attempt: QuizAttempt, now: datetime) -> bool:
    return attempt.is_open and (attempt.deadline_at is None or now <= attempt.deadline_at + SUBMIT_GRACE)


ANSWER_FIELDS = ["selected", "text_answer", "matches", "answered_at"]


def _apply_answers(*, rows: list[AttemptQuestion], answers: dict, now: datetime) -> list[AttemptQuestion]:
    """Set the answers of this attempt's own ``rows`` (in memory); keys of anything else are ignored.
    Returns the rows changed."""
    changed = []
    for row in rows:
        answer = answers.get(row.pk)
        if answer is None:
            continue
        row.selected = [int(v) for v in answer.get("selected", []) if str(v).isdigit()][:50]
        row.text_answer = str(answer.get("text", ""))[:500]
        row.matches = {
            str(k): str(v)[:255] for k, v in dict(answer.get("matches", {})).items() if str(k).isdigit()
        }
        row.answered_at = now
        changed.append(row)
    return changed


def _write_rows(rows: list[AttemptQuestion], fields: list[str]) -> None:
    """``AttemptQuestion.objects.bulk_update(rows, fields)``, on PostgreSQL as one ``UPDATE ... FROM (VALUES ...)``.

    ``bulk_update`` builds a ``CASE WHEN id = ... THEN ...`` expression per field and row, and compiling it
    was two thirds of a submit's CPU (#20). The statement here is the same write with the values as
    parameters, each cast to its column's type. Other databases keep ``bulk_update``.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        AttemptQuestion.objects.bulk_update(rows, fields)
        return
    meta = AttemptQuestion._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    casts = [meta.pk.db_type(connection), *(column.db_type(connection) for column in columns)]
    row_sql = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
    params = []
    for row in rows:
        params.append(row.pk)
        params.extend(column.get_db_prep_save(getattr(row, column.attname), connection) for column in columns)
    names = ", ".join(quote(column.column) for column in columns)
    assignments = ", ".join(f"{quote(column.column)} = v.{quote(column.column)}" for column in columns)
    # Only the model's own table and column names and casts are spliced in; every value is a parameter.
    sql = (
        f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "  # noqa: S608
        f"FROM (VALUES {', '.join([row_sql] * len(rows))}) AS v(id, {names}) "
        f"WHERE t.{quote(meta.pk.column)} = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _store_answers(*, attempt: QuizAttempt, answers: dict, now: datetime) -> int:
    """Write the answers of this attempt's own questions; keys of anything else are ignored."""
    changed = _apply_answers(
        rows=list(AttemptQuestion.objects.filter(attempt=attempt)), answers=answers, now=now
    )
    _write_rows(changed, ANSWER_FIELDS)
    return len(changed)


def quiz_attempt_save(*, attempt: QuizAttempt, answers: dict, now: datetime | None = None) -> int:
    """Autosave answers while the attempt is open and before its deadline (plus grace)."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        if not _accepting_answers(attempt, now):
            raise LearningError(_("The time for this attempt is over; your saved answers have been kept."))
        return _store_answers(attempt=attempt, answers=answers, now=now)


def quiz_attempt_submit(
    *, attempt: QuizAttempt, answers: dict | None = None, now: datetime | None = None
) -> QuizAttempt:
    """Submit and grade an attempt exactly once.

    The attempt row is locked and moved out of "in progress" by a conditional UPDATE, so a double click, a
    second tab or a replayed form finds it already graded and changes nothing. Answers sent after the
    deadline (plus grace) are not stored: the attempt is closed with what was saved in time. The score is
    always the server's grading of the stored answers. A newly graded attempt sends ``attempt_graded``.
    """
    return _submit(attempt=attempt, answers=answers, confirmed=True, now=now or timezone.now()).attempt


@dataclass(frozen=True)
class SubmitOutcome:
    """The attempt after ``quiz_attempt_submit_checked``; ``blank_positions`` non-empty: not submitted yet,
    the learner is asked to confirm (the answers sent have been saved)."""

    attempt: QuizAttempt
    blank_positions: list[int] = field(default_factory=list)

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.blank_positions)


def quiz_attempt_submit_checked(
    *, attempt: QuizAttempt, answers: dict | None = None, confirmed: bool = False, now: datetime | None = None
) -> SubmitOutcome:
    """Submit, unless questions are left blank and the learner has not confirmed yet (#14).

    Unconfirmed with blanks: the answers sent are saved (nothing entered is lost) and the attempt stays open;
    the outcome lists the blank question numbers. Confirmed, without blanks, or past the deadline (a timed
    attempt is never held back by the question): as ``quiz_attempt_submit``.
    """
    return _submit(attempt=attempt, answers=answers, confirmed=confirmed, now=now or timezone.now())


def _submit(*, attempt: QuizAttempt, answers: dict | None, confirmed: bool, now: datetime) -> SubmitOutcome:
    """One transaction under the attempt's row lock: store the answers, ask about blanks or grade.

    The rows are read once, after the lock (an autosave takes the same lock, so none is missed), and written
    once: answers and scores together. The status moves first, by the conditional UPDATE, so a request that
    loses it (SQLite, where there is no row lock) writes nothing.
    """
    with transaction.atomic():
        locked = (
            QuizAttempt.objects.select_for_update(of=("self",))
            .select_related("quiz", "enrollment")
            .get(pk=attempt.pk)
        )
        if not locked.is_open:
            return SubmitOutcome(attempt=locked)
        late = not _accepting_answers(locked, now)
        rows = _ROWS_WITH_QUESTIONS.all(locked.pk)
        changed = _apply_answers(rows=rows, answers=answers, now=now) if answers and not late else []
        if not confirmed and (locked.deadline_at is None or now < locked.deadline_at):
            blanks = sorted(row.position for row in rows if row.is_blank)
            if blanks:
                _write_rows(changed, ANSWER_FIELDS)
                return SubmitOutcome(attempt=locked, blank_positions=blanks)
        finished_at = min(now, locked.deadline_at + SUBMIT_GRACE) if late else now
        status = QuizAttempt.Status.TIMED_OUT if late else QuizAttempt.Status.SUBMITTED
        _grade(attempt=locked, rows=rows)
        # Status and score in one conditional UPDATE; the rows are written only by the request that moved it.
        if not QuizAttempt.objects.filter(pk=locked.pk, status=QuizAttempt.Status.IN_PROGRESS).update(
            status=status,
            finished_at=finished_at,
            score=locked.score,
            percent=locked.percent,
            passed=locked.passed,
        ):
            locked.refresh_from_db()
            return SubmitOutcome(attempt=locked)
        locked.status, locked.finished_at = status, finished_at
        _write_rows(rows, [*ANSWER_FIELDS, "score"] if changed else ["score"])
    # Outside the transaction, as before the move: ``courses`` records completion after a passed final quiz.
    attempt_graded.send(sender=QuizAttempt, attempt=locked)
    return SubmitOutcome(attempt=locked)


def _grade(*, attempt: QuizAttempt, rows: list[AttemptQuestion]) -> None:
    """Score ``rows`` (the attempt's, with their questions) and the attempt, in memory; the caller writes."""
    # Matching questions are graded on their pairs, the others on their choices (accepted short answers
    # too): a quiz without matching questions reads no pairs.
    matching = {row.pk for row in rows if row.question.type == Question.Type.MATCHING}
    prefetch_related_objects([row.question for row in rows if row.pk not in matching], "choices")
    prefetch_related_objects([row.question for row in rows if row.pk in matching], "pairs")
    for row in rows:
        question = row.question
        row.score = score_question(
            question=question,
            choices=[] if row.pk in matching else list(question.choices.all()),
            pairs=list(question.pairs.all()) if row.pk in matching else [],
            selected=row.selected or [],
            text=row.text_answer,
            matches=row.matches or {},
        )
    score = sum((row.score for row in rows), Decimal(0))
    percent = (100 * score / attempt.max_score).quantize(Decimal("0.01")) if attempt.max_score else Decimal(0)
    # Graded by the rules the attempt started under (attempts from before the snapshot use the quiz's).
    pass_mark = attempt.pass_mark if attempt.pass_mark is not None else attempt.quiz.pass_mark
    attempt.score, attempt.percent, attempt.passed = score, percent, percent >= pass_mark


def quiz_attempts_close_expired(
    *, now: datetime | None = None, user: User | None = None, quiz: Quiz | None = None
) -> int:
    """Close (and grade with their saved answers) the attempts whose deadline and grace have passed."""
    return _close_expired(now=now, user_id=user.pk if user is not None else None, quiz=quiz)


def _close_expired(*, now: datetime | None, user_id: int | None, quiz: Quiz | None) -> int:
    now = now or timezone.now()
    expired = QuizAttempt.objects.filter(
        status=QuizAttempt.Status.IN_PROGRESS, deadline_at__lt=now - SUBMIT_GRACE
    )
    if user_id is not None:
        expired = expired.filter(user_id=user_id)
    if quiz is not None:
        expired = expired.filter(quiz=quiz)
    closed = 0
    for attempt in expired.select_related("quiz", "enrollment"):
        if quiz_attempt_submit(attempt=attempt, now=now).status == QuizAttempt.Status.TIMED_OUT:
            closed += 1
    return closed


def time_extension_grant(
    *,
    quiz: Quiz,
    user: User,
    extra_minutes: int,
    by: User | None,
    reason: str = "",
    extension: TimeExtension | None = None,
) -> TimeExtension:
    """Give one learner more time on one quiz, recording who granted it (``by``).

    Replaces the learner's earlier extension on that quiz; with ``extension`` (an edit in the admin), that
    row is rewritten, even if its learner or quiz change. Applies to attempts started after.
    """
    values = {"extra_minutes": extra_minutes, "granted_by": by, "reason": reason}
    if extension is not None and extension.pk:
        extension.quiz, extension.user = quiz, user
        for field, value in values.items():
            setattr(extension, field, value)
        extension.save()
        return extension
    extension, _created = TimeExtension.objects.update_or_create(quiz=quiz, user=user, defaults=values)
    return extension


def quiz_question_category(*, quiz: Quiz) -> tuple[str, ...]:
    """The bank category path new questions written for ``quiz`` go in: a root category named after its course.

    One category per course keeps a trainer's questions together in the bank and in the chooser's filter.
    """
    return ((quiz.course.title or quiz.title)[:255],)


def quiz_questions_attach(*, quiz: Quiz, question_ids: list[int], by: User | None, log: bool = True) -> int:
    """Add the bank questions ``question_ids`` to the end of ``quiz``'s pool, in the order given; returns how
    many were added.

    Questions already in the pool and ids that are not questions are skipped. Attempts are untouched: the
    questions an attempt drew are fixed in its ``AttemptQuestion`` rows (ADR 0003, 0008). With ``log`` the
    pool change is written to the quiz change log as by ``by`` (the quiz form logs its own save instead).
    """
    with transaction.atomic():
        # Lock the quiz so two imports into it number their rows one after the other.
        Quiz.objects.select_for_update().filter(pk=quiz.pk).first()
        before = sorted(QuizQuestion.objects.filter(quiz=quiz).values_list("question_id", flat=True))
        existing = set(before)
        wanted = [pk for pk in dict.fromkeys(question_ids) if pk not in existing]
        found = set(Question.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        wanted = [pk for pk in wanted if pk in found]
        if not wanted:
            return 0
        start = (QuizQuestion.objects.filter(quiz=quiz).aggregate(top=Max("sort_order"))["top"] or 0) + 1
        QuizQuestion.objects.bulk_create(
            QuizQuestion(quiz=quiz, question_id=pk, sort_order=start + offset)
            for offset, pk in enumerate(wanted)
        )
        if log:
            QuizChange.objects.create(
                quiz=quiz,
                changed_by=by if by is not None and by.is_authenticated else None,
                field="pool",
                old_value=", ".join(str(pk) for pk in before),
                new_value=", ".join(str(pk) for pk in sorted([*before, *wanted])),
            )
    return len(wanted)
