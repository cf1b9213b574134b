"""Learner-facing views. Each parses input, calls one service or selector, and renders.

The quiz pages stay here, beside the enrollment they need (an attempt belongs to one); the attempts
themselves are ``assessment``'s services and selectors.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import post_or_back_to
from accounts.prepared import PreparedQuery
from assessment import selectors as assessment_selectors
from assessment import services as assessment_services
from assessment.models import SUBMIT_GRACE, Question, Quiz, QuizAttempt
from cms.models import CoursePage, LessonPage

from . import selectors, services
from .models import Enrollment


def _course_page(request, course_id: int) -> str:
    return get_object_or_404(CoursePage.objects.live().public(), pk=course_id).url


def _lesson_page(request, lesson_id: int) -> str:
    return get_object_or_404(LessonPage.objects.live(), pk=lesson_id).url


def _quiz_page(request, quiz_id: int) -> str:
    return reverse("courses:quiz", args=[quiz_id])


def _redirect_back(request, fallback: str):
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else fallback)


@login_required
@require_GET
def my_courses(request):
    enrollments = selectors.my_enrollments(user=request.user, request=request)
    return render(request, "courses/my_courses.html", {"enrollments": enrollments})


@login_required
@post_or_back_to(_course_page)
def enroll(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    try:
        enrollment = services.enrollment_create(user=request.user, course=course)
    except services.LearningError as error:
        messages.error(request, error.message)
        return redirect(course.url)
    if enrollment.status == Enrollment.Status.PENDING:
        messages.success(
            request, _("Your request has been sent; you will be able to study once it is approved.")
        )
    else:
        messages.success(request, _("You are enrolled. Good luck with your studies!"))
    return redirect(course.url)


@login_required
@require_POST
def withdraw(request, course_id: int):
    enrollment = get_object_or_404(Enrollment, user=request.user, course_id=course_id)
    try:
        services.enrollment_withdraw(enrollment=enrollment)
        messages.success(request, _("You have left the course. Your progress is kept if you enroll again."))
    except services.LearningError as error:
        messages.error(request, error.message)
    return redirect(enrollment.course.url)


@login_required
@post_or_back_to(_lesson_page)
def lesson_complete(request, lesson_id: int):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    course = lesson.course
    enrollment = Enrollment.objects.filter(user=request.user, course=course).select_related("course").first()
    if enrollment is None:
        messages.error(request, _("Enroll in the course first."))
        return redirect(course.url)
    try:
        services.lesson_mark_complete(enrollment=enrollment, lesson=lesson)
    except services.LearningError as error:
        messages.error(request, error.message)
        return redirect(lesson.url)
    enrollment.refresh_from_db()
    if enrollment.status == Enrollment.Status.COMPLETED:
        messages.success(request, _("Congratulations! You have completed the course."))
    else:
        messages.success(request, _("Lesson marked as done."))
    # On to the next item (the next lesson, else the final quiz, else the course page with the result).
    return _redirect_back(request, selectors.next_step_url(enrollment=enrollment, after=lesson))


@login_required
@require_GET
def resume(request, course_id: int):
    """ "Tiếp tục học": the first unfinished item of the course (a lesson or the final quiz)."""
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("course"), user=request.user, course_id=course_id, course__live=True
    )
    if not enrollment.is_studying:
        return redirect(enrollment.course.url)
    return redirect(selectors.next_step_url(enrollment=enrollment))


_LIVE_QUIZ = PreparedQuery(
    lambda quiz_id: Quiz.objects.select_related("course").filter(pk=quiz_id, course__live=True)[:1]
)


def _own_quiz(request, quiz_id: int) -> Quiz:
    quiz = _LIVE_QUIZ.first(quiz_id)  # compiled once per process (#20)
    if quiz is None:
        raise Http404
    return quiz


@login_required
@require_GET
def quiz_overview(request, quiz_id: int):
    quiz = _own_quiz(request, quiz_id)
    assessment_services.quiz_attempts_close_expired(user=request.user, quiz=quiz)
    enrollment = selectors.enrollment_for(user=request.user, course=quiz.course)
    attempts = assessment_selectors.attempts_of(user=request.user, quiz=quiz)
    remaining = assessment_selectors.attempts_left(quiz=quiz, attempts=attempts)
    now = timezone.now()
    preview = request.user.has_perm("assessment.view_question")
    for attempt in attempts:
        attempt.quiz = quiz  # read by review_shown: no query per attempt
        attempt.marks_shown = assessment_selectors.review_shown(
            attempt=attempt, attempts=attempts, now=now, staff_preview=preview
        ).marks
    return render(
        request,
        "courses/quiz_overview.html",
        {
            "quiz": quiz,
            "course": quiz.course,
            "enrollment": enrollment,
            "attempts": attempts,
            "attempts_left": remaining,
            "question_count": quiz.questions_per_attempt or quiz.pool.count(),
            "in_progress": next((a for a in attempts if a.is_open), None),
            "closed": quiz.is_closed(now),
        },
    )


@login_required
@post_or_back_to(_quiz_page)
def quiz_start(request, quiz_id: int):
    quiz = _own_quiz(request, quiz_id)
    try:
        attempt = services.quiz_attempt_start(quiz=quiz, user=request.user)
    except services.LearningError as error:
        messages.error(request, error.message)
        return redirect("courses:quiz", quiz_id=quiz.pk)
    return redirect("courses:attempt", public_id=attempt.public_id)


def _own_attempt(request, public_id) -> QuizAttempt:
    attempt = (
        QuizAttempt.objects.select_related("quiz", "quiz__course", "enrollment")
        .filter(public_id=public_id)
        .first()
    )
    if attempt is None or attempt.user_id != request.user.pk:
        raise Http404
    return attempt


def _close_expired(request, attempt: QuizAttempt) -> None:
    """Close the learner's expired attempts on the quiz; ``attempt`` reads again only if it was one of them.

    The attempt was read a moment ago in this request: closing the expired ones is all that can have changed
    it in this request, and only once its deadline and grace have passed (an extra query otherwise, #20).
    """
    assessment_services.quiz_attempts_close_expired(user=request.user, quiz=attempt.quiz)
    if attempt.is_open and attempt.deadline_at and attempt.deadline_at < timezone.now() - SUBMIT_GRACE:
        attempt.refresh_from_db()


def parse_answers(data, rows) -> dict:
    """Read the attempt's answers from form data: ``q<row id>`` fields, ``q<row id>_<pair id>`` for matching.

    The attempt form lists its questions in ``shown``: one of them sent without an answer (every box
    unticked, every item unmatched) is cleared; a question the form did not carry keeps its saved answer.
    """
    shown = set(data.getlist("shown")) if hasattr(data, "getlist") else set()
    answers = {}
    for row in rows:
        key = f"q{row.pk}"
        qtype = row.question.type
        on_form = str(row.pk) in shown
        if qtype == Question.Type.SHORT:
            if key in data:
                answers[row.pk] = {"text": data.get(key, "")}
        elif qtype == Question.Type.MATCHING:
            prefix = f"{key}_"
            matches = {k[len(prefix) :]: v for k, v in data.items() if k.startswith(prefix) and v}
            if matches or on_form:
                answers[row.pk] = {"matches": matches}
        elif key in data:
            answers[row.pk] = {
                "selected": data.getlist(key) if hasattr(data, "getlist") else list(data.get(key))
            }
        elif on_form:
            answers[row.pk] = {"selected": []}
    return answers


@login_required
def attempt_take(request, public_id):
    attempt = _own_attempt(request, public_id)
    if request.method == "POST":
        rows = assessment_selectors.attempt_answer_rows(attempt=attempt)
        answers = parse_answers(request.POST, rows)
        if request.POST.get("action") == "save":
            try:
                assessment_services.quiz_attempt_save(attempt=attempt, answers=answers)
                messages.success(request, _("Your answers have been saved."))
            except services.LearningError as error:
                messages.error(request, error.message)
                return redirect("courses:attempt_result", public_id=attempt.public_id)
            return redirect("courses:attempt", public_id=attempt.public_id)
        outcome = assessment_services.quiz_attempt_submit_checked(
            attempt=attempt, answers=answers, confirmed=request.POST.get("confirm") == "1"
        )
        if outcome.needs_confirmation:
            # Questions left blank: the answers are saved; ask first (the no-JavaScript path, #14).
            return redirect("courses:attempt_confirm", public_id=attempt.public_id)
        attempt = outcome.attempt
        if attempt.status == QuizAttempt.Status.TIMED_OUT:
            messages.warning(
                request, _("The time limit had passed: the answers saved before it were graded.")
            )
        return redirect("courses:attempt_result", public_id=attempt.public_id)
    _close_expired(request, attempt)
    if not attempt.is_open:
        return redirect("courses:attempt_result", public_id=attempt.public_id)
    rows = assessment_selectors.attempt_questions(attempt=attempt)
    for row in rows:
        row.options = _ordered_options(row)
    seconds_left = None
    if attempt.deadline_at:
        seconds_left = max(int((attempt.deadline_at - timezone.now()).total_seconds()), 0)
    return render(
        request,
        "courses/attempt.html",
        {"attempt": attempt, "quiz": attempt.quiz, "rows": rows, "seconds_left": seconds_left},
    )


@login_required
@require_GET
def attempt_confirm(request, public_id):
    """Asks before submitting an attempt with questions left blank; the answers given are already saved."""
    attempt = _own_attempt(request, public_id)
    _close_expired(request, attempt)
    if not attempt.is_open:
        return redirect("courses:attempt_result", public_id=attempt.public_id)
    return render(
        request,
        "courses/attempt_confirm.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "course": attempt.quiz.course,
            "blanks": assessment_selectors.attempt_blank_positions(attempt=attempt),
        },
    )


def _ordered_options(row) -> list:
    """Options in the attempt's fixed order, carrying only what the learner may see (no credit, no feedback)."""
    question = row.question
    if question.type == Question.Type.MATCHING:
        return [
            {"prompt": p.prompt, "pk": p.pk, "chosen": (row.matches or {}).get(str(p.pk), "")}
            for p in question.pairs.all()
            if p.prompt
        ]
    if question.type == Question.Type.SHORT:
        return []
    by_id = {c.pk: c for c in question.choices.all()}
    selected = set(row.selected or [])
    return [
        {"pk": pk, "text": by_id[pk].text, "chosen": pk in selected} for pk in row.option_order if pk in by_id
    ]


@login_required
@require_POST
def attempt_autosave(request, public_id):
    """JSON autosave: stores answers before the deadline; returns only the count and the time left."""
    attempt = _own_attempt(request, public_id)
    rows = assessment_selectors.attempt_answer_rows(attempt=attempt)
    try:
        saved = assessment_services.quiz_attempt_save(
            attempt=attempt, answers=parse_answers(request.POST, rows)
        )
    except services.LearningError as error:
        return JsonResponse({"saved": 0, "error": error.message}, status=409)
    seconds_left = (
        max(int((attempt.deadline_at - timezone.now()).total_seconds()), 0) if attempt.deadline_at else None
    )
    return JsonResponse({"saved": saved, "seconds_left": seconds_left})


@login_required
@require_GET
def attempt_result(request, public_id):
    attempt = _own_attempt(request, public_id)
    if attempt.is_open:
        return redirect("courses:attempt", public_id=attempt.public_id)
    attempts = assessment_selectors.attempts_of(user=request.user, quiz=attempt.quiz)
    for other in attempts:
        other.quiz = attempt.quiz
    remaining = assessment_selectors.attempts_left(quiz=attempt.quiz, attempts=attempts)
    # Trainers and reviewers read the answers in the bank anyway: trying their quiz, they see the whole review.
    shown = assessment_selectors.review_shown(
        attempt=attempt, attempts=attempts, staff_preview=request.user.has_perm("assessment.view_question")
    )
    rows = assessment_selectors.attempt_questions(attempt=attempt)
    for row in rows:
        row.review = _review(row, shown)
    # Read with the attempt (_own_attempt), and its course is the quiz's: no query of its own (#20).
    enrollment = attempt.enrollment
    if enrollment is not None and enrollment.course_id == attempt.quiz.course_id:
        enrollment.course = attempt.quiz.course
    else:
        enrollment = Enrollment.objects.select_related("course").get(pk=attempt.enrollment_id)
    return render(
        request,
        "courses/attempt_result.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "course": attempt.quiz.course,
            "shown": shown,
            "answers_later": not shown.right_answer
            and attempt.quiz.review_right_answer == Quiz.ReviewTiming.LATER,
            "rows": rows,
            "attempts_left": remaining,
            "enrollment": enrollment,
            "next_step": _after_attempt(
                attempt=attempt, enrollment=enrollment, shown=shown.marks, attempts_left=remaining
            ),
        },
    )


def _after_attempt(
    *, attempt: QuizAttempt, enrollment: Enrollment, shown: bool, attempts_left: int | None
) -> dict | None:
    """The result's one primary button: the certificate (or the course's result), on with the course, or
    (a result shown as not passed, attempts left) the quiz again."""
    if enrollment.status == Enrollment.Status.COMPLETED:
        if selectors.has_certificate(enrollment=enrollment):
            return {"url": reverse("certificates:mine"), "label": _("View your certificate")}
        return {"url": f"{enrollment.course.url}#enrollment", "label": _("See your result")}
    if attempt.passed and enrollment.status == Enrollment.Status.ACTIVE:
        return {
            "url": reverse("courses:resume", args=[enrollment.course_id]),
            "label": _("Continue learning"),
        }
    if shown and not attempt.passed and enrollment.status == Enrollment.Status.ACTIVE and attempts_left != 0:
        return {"url": reverse("courses:quiz", args=[attempt.quiz_id]), "label": _("Take the quiz again")}
    return None


def _review(row, shown) -> dict:
    """What the learner sees of one answered question, limited to the parts ``shown`` allows.

    The learner's own answer always shows (a blank one reads "Bạn bỏ trống"). Their choices are marked right
    or wrong when correctness (or the right answer) shows; an option they did not pick is marked "(đáp án
    đúng)" only when the right answers show.
    """
    question = row.question
    judge = shown.correctness or shown.right_answer
    review = {
        "blank": row.is_blank,
        "state": None,
        "feedback": [],
        "accepted": [],
        "options": [],
        "pairs": [],
    }
    if judge and row.score is not None and not row.is_blank:
        if row.score >= question.points:
            review["state"] = "correct"
        elif row.score > 0:
            review["state"] = "partial"
        else:
            review["state"] = "wrong"
    if shown.feedback and question.feedback:
        review["feedback"].append(question.feedback)
    if question.type == Question.Type.SHORT:
        review["answer"] = row.text_answer
        if shown.right_answer:
            review["accepted"] = [c.text for c in question.choices.all() if c.fraction > 0]
        return review
    if question.type == Question.Type.MATCHING:
        for pair in question.pairs.all():
            if not pair.prompt:
                continue
            chosen = (row.matches or {}).get(str(pair.pk), "")
            right = chosen.strip() == pair.answer.strip()
            review["pairs"].append(
                {
                    "prompt": pair.prompt,
                    "chosen": chosen,
                    "mark": ("correct" if right else "wrong") if judge and chosen else "",
                    "answer": pair.answer if shown.right_answer and not right else "",
                }
            )
        return review
    by_id = {c.pk: c for c in question.choices.all()}
    selected = set(row.selected or [])
    for pk in row.option_order:
        choice = by_id.get(pk)
        if choice is None:
            continue
        chosen = pk in selected
        mark = ""
        if chosen and judge:
            mark = "correct" if choice.is_correct else "wrong"
        elif not chosen and choice.is_correct and shown.right_answer:
            mark = "right_answer"
        review["options"].append({"text": choice.text, "chosen": chosen, "mark": mark})
        if chosen and shown.feedback and choice.feedback:
            review["feedback"].append(choice.feedback)
    return review
