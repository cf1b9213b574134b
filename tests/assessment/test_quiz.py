import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from assessment import selectors, services
from assessment.grading import score_question
from assessment.models import AttemptQuestion, Question, QuizAttempt, TimeExtension
from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import Enrollment
from courses.services import LearningError

from ..auth import sign_in
from ..factories import ProfileFactory, make_question, make_quiz

# Queries of quiz_attempt_submit for a passed final quiz (lock and rows, grading, status and score in one
# UPDATE, the rows in one, completion check), and of a whole submit request (the session's user with their
# roles, the attempt, the form's rows, then the same); lower them as they fall, never raise them.
SUBMIT_QUERIES = 8
SUBMIT_VIEW_QUERIES = 13


def right_answers(attempt) -> dict:
    """The correct answer for every question of the attempt, keyed by attempt-question id."""
    answers = {}
    for row in AttemptQuestion.objects.filter(attempt=attempt).select_related("question"):
        question = row.question
        if question.type == Question.Type.SHORT:
            answers[row.pk] = {"text": "do thi  THONG minh"}
        elif question.type == Question.Type.MATCHING:
            answers[row.pk] = {"matches": {str(p.pk): p.answer for p in question.pairs.all() if p.prompt}}
        else:
            answers[row.pk] = {"selected": [c.pk for c in question.choices.all() if c.fraction > 0]}
    return answers


def wrong_answers(attempt) -> dict:
    answers = {}
    for row in AttemptQuestion.objects.filter(attempt=attempt).select_related("question"):
        choices = [c.pk for c in row.question.choices.all() if c.fraction <= 0]
        answers[row.pk] = {"selected": choices[:1], "text": "sai", "matches": {}}
    return answers


@pytest.fixture
def enrolled(learner, course):
    return course_services.enrollment_create(user=learner, course=course)


# --- grading -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("qtype", "partial", "answer", "expected"),
    [
        ("single", False, {"selected": "right"}, "2.00"),
        ("single", False, {"selected": "wrong"}, "0.00"),
        ("single", False, {"selected": "both"}, "0.00"),
        ("multiple", False, {"selected": "right"}, "2.00"),
        ("multiple", False, {"selected": "half"}, "0.00"),
        ("multiple", True, {"selected": "half"}, "1.00"),
        ("multiple", True, {"selected": "all"}, "1.00"),
        ("truefalse", False, {"selected": "right"}, "2.00"),
        ("short", False, {"text": "  ĐÔ THỊ thông  minh "}, "2.00"),
        ("short", False, {"text": "do thi so"}, "1.00"),
        ("short", False, {"text": "nông thôn"}, "0.00"),
        ("matching", False, {"matches": "right"}, "2.00"),
        ("matching", False, {"matches": "half"}, "1.00"),
    ],
)
def test_score_question_by_type(qtype, partial, answer, expected):
    choices = {"multiple": [("A", 0.5), ("B", 0.5), ("C", -0.5)]}.get(qtype)
    question = make_question(
        qtype=qtype,
        points=2,
        partial=partial,
        choices=choices,
        pairs=[("Ếch", "lưỡng cư"), ("Mèo", "thú")] if qtype == "matching" else None,
    )
    options = list(question.choices.all())
    pairs = list(question.pairs.all())
    right = [c.pk for c in options if c.fraction > 0]
    wrong = [c.pk for c in options if c.fraction <= 0]
    selected = {
        "right": right,
        "wrong": wrong[:1],
        "both": right + wrong[:1],
        "half": right[:1],
        "all": [c.pk for c in options],
    }.get(answer.get("selected"), [])
    matches = {}
    if answer.get("matches") == "right":
        matches = {str(p.pk): p.answer for p in pairs}
    elif answer.get("matches") == "half":
        matches = {str(pairs[0].pk): pairs[0].answer, str(pairs[1].pk): "sai"}
    score = score_question(
        question=question,
        choices=options,
        pairs=pairs,
        selected=selected,
        text=answer.get("text", ""),
        matches=matches,
    )
    assert score == Decimal(expected)


@pytest.mark.django_db
def test_forged_option_ids_from_another_question_earn_nothing():
    question = make_question(qtype="single", points=1)
    other = make_question(qtype="single", points=1)
    foreign_right = [c.pk for c in other.choices.all() if c.fraction > 0]
    score = score_question(
        question=question,
        choices=list(question.choices.all()),
        pairs=[],
        selected=[*foreign_right, "abc", "-1"],
        text="",
        matches={},
    )
    assert score == 0


# --- attempts ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_start_draws_questions_and_starts_the_server_timer(learner, enrolled, course):
    quiz = make_quiz(
        course, [make_question() for _ in range(6)], questions_per_attempt=3, time_limit_minutes=10
    )
    before = timezone.now()
    attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner)
    assert attempt.number == 1
    assert attempt.questions.count() == 3
    assert attempt.max_score == 3
    assert (
        before + datetime.timedelta(minutes=10)
        <= attempt.deadline_at
        <= timezone.now() + datetime.timedelta(minutes=10)
    )
    # Starting again returns the attempt in progress instead of a new one.
    assert course_services.quiz_attempt_start(quiz=quiz, user=learner).pk == attempt.pk


@pytest.mark.django_db
def test_time_extension_lengthens_the_deadline(learner, enrolled, course, quiz):
    quiz.time_limit_minutes = 10
    quiz.save()
    services.time_extension_grant(quiz=quiz, user=learner, extra_minutes=5, by=learner)
    attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner)
    assert attempt.deadline_at - attempt.started_at == datetime.timedelta(minutes=15)
    assert TimeExtension.objects.get().extra_minutes == 5


@pytest.mark.django_db
def test_quiz_requires_enrollment(learner, quiz):
    with pytest.raises(LearningError):
        course_services.quiz_attempt_start(quiz=quiz, user=learner)


@pytest.mark.django_db
def test_submit_grades_and_passing_completes_the_course(learner, enrolled, course, quiz):
    for lesson in course.lessons:
        course_services.lesson_mark_complete(enrollment=enrolled, lesson=lesson)
    failed = services.quiz_attempt_submit(
        attempt=course_services.quiz_attempt_start(quiz=quiz, user=learner), answers=None
    )
    failed_answers = course_services.quiz_attempt_start(quiz=quiz, user=learner)
    services.quiz_attempt_submit(attempt=failed_answers, answers=wrong_answers(failed_answers))
    failed_answers.refresh_from_db()
    assert failed.passed is False and failed.percent == 0
    assert failed_answers.passed is False
    enrolled.refresh_from_db()
    assert enrolled.status == Enrollment.Status.ACTIVE
    attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner)
    graded = services.quiz_attempt_submit(attempt=attempt, answers=right_answers(attempt))
    assert graded.number == 3
    assert graded.percent == 100 and graded.passed
    enrolled.refresh_from_db()
    assert enrolled.status == Enrollment.Status.COMPLETED
    assert enrolled.final_score == 100


@pytest.mark.django_db
def test_submitting_twice_grades_once(learner, enrolled, quiz):
    attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner)
    first = services.quiz_attempt_submit(attempt=attempt, answers=right_answers(attempt))
    second = services.quiz_attempt_submit(attempt=attempt, answers=wrong_answers(attempt))
    assert (second.score, second.finished_at, second.status) == (first.score, first.finished_at, first.status)
    assert first.percent == 100


@pytest.mark.django_db
def test_late_submission_keeps_only_answers_saved_before_the_deadline(learner, enrolled, quiz):
    quiz.time_limit_minutes = 5
    quiz.save()
    start = timezone.now()
    attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner, now=start)
    saved = right_answers(attempt)
    first_row = min(saved)
    services.quiz_attempt_save(
        attempt=attempt, answers={first_row: saved[first_row]}, now=start + datetime.timedelta(minutes=4)
    )
    with pytest.raises(LearningError):
        services.quiz_attempt_save(attempt=attempt, answers=saved, now=start + datetime.timedelta(minutes=6))
    late = services.quiz_attempt_submit(
        attempt=attempt, answers=saved, now=start + datetime.timedelta(minutes=6)
    )
    assert late.status == QuizAttempt.Status.TIMED_OUT
    assert 0 < late.score < late.max_score
    assert late.finished_at <= attempt.deadline_at + services.SUBMIT_GRACE


@pytest.mark.django_db
def test_submission_within_the_grace_period_counts(learner, enrolled, quiz):
    quiz.time_limit_minutes = 5
    quiz.save()
    start = timezone.now()
    attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner, now=start)
    graded = services.quiz_attempt_submit(
        attempt=attempt, answers=right_answers(attempt), now=start + datetime.timedelta(minutes=5, seconds=10)
    )
    assert graded.status == QuizAttempt.Status.SUBMITTED and graded.percent == 100


@pytest.mark.django_db
def test_abandoned_attempt_is_closed_after_the_deadline(learner, enrolled, quiz):
    quiz.time_limit_minutes = 1
    quiz.save()
    start = timezone.now() - datetime.timedelta(minutes=10)
    attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner, now=start)
    assert services.quiz_attempts_close_expired() == 1
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.TIMED_OUT and attempt.score == 0
    assert services.quiz_attempts_close_expired() == 0


@pytest.mark.django_db
def test_attempt_limit(learner, enrolled, quiz):
    quiz.max_attempts = 2
    quiz.save()
    for _ in range(2):
        services.quiz_attempt_submit(attempt=course_services.quiz_attempt_start(quiz=quiz, user=learner))
    with pytest.raises(LearningError, match="hết số lượt"):
        course_services.quiz_attempt_start(quiz=quiz, user=learner)
    assert QuizAttempt.objects.count() == 2


# --- pages and integrity -------------------------------------------------------------------------


@pytest.mark.django_db
def test_attempt_page_reveals_no_answers_scores_or_feedback(client, learner, enrolled, quiz):
    question = quiz.pool.first().question
    question.feedback = "PHẢN HỒI BÍ MẬT"
    question.save()
    choice = question.choices.order_by("-fraction").first()
    choice.feedback = "GIẢI THÍCH BÍ MẬT"
    choice.save()
    sign_in(client, learner)
    started = client.post(f"/hoc-tap/bai-kiem-tra/{quiz.pk}/bat-dau/")
    html = client.get(started["Location"]).content.decode()
    for secret in ("PHẢN HỒI BÍ MẬT", "GIẢI THÍCH BÍ MẬT", "fraction", "correct", "1.00000", "0.50000"):
        assert secret not in html, secret
    assert "Đô thị thông minh" not in html  # the accepted short answer
    attempt = QuizAttempt.objects.get()
    saved = client.post(f"/hoc-tap/lan-lam-bai/{attempt.public_id}/luu/", {})
    assert set(saved.json()) == {"saved", "seconds_left"}


@pytest.mark.django_db
def test_forged_fields_and_other_attempts_are_ignored(client, learner, enrolled, quiz):
    other_learner = ProfileFactory().user
    course_services.enrollment_create(user=other_learner, course=quiz.course)
    other_attempt = course_services.quiz_attempt_start(quiz=quiz, user=other_learner)
    other_row = other_attempt.questions.first()
    sign_in(client, learner)
    client.post(f"/hoc-tap/bai-kiem-tra/{quiz.pk}/bat-dau/")
    attempt = QuizAttempt.objects.get(user=learner)
    data = {
        "action": "submit",
        "confirm": "1",  # submitted blank on purpose: no confirmation step
        "score": "100",
        "percent": "100",
        "passed": "True",
        "attempt": other_attempt.pk,
        f"q{other_row.pk}": "1",
    }
    client.post(f"/hoc-tap/lan-lam-bai/{attempt.public_id}/", data)
    attempt.refresh_from_db()
    assert attempt.score == 0 and attempt.passed is False
    other_row.refresh_from_db()
    assert other_row.answered_at is None
    # Another learner's attempt is not found, whatever the method.
    assert client.get(f"/hoc-tap/lan-lam-bai/{other_attempt.public_id}/").status_code == 404
    assert (
        client.post(f"/hoc-tap/lan-lam-bai/{other_attempt.public_id}/", {"action": "submit"}).status_code
        == 404
    )
    assert client.get(f"/hoc-tap/lan-lam-bai/{other_attempt.public_id}/ket-qua/").status_code == 404
    other_attempt.refresh_from_db()
    assert other_attempt.is_open


@pytest.mark.django_db
def test_full_flow_through_pages_shows_result_and_review(client, learner, enrolled, quiz):
    sign_in(client, learner)
    started = client.post(f"/hoc-tap/bai-kiem-tra/{quiz.pk}/bat-dau/")
    attempt = QuizAttempt.objects.get()
    form = {"action": "submit"}
    for row_id, answer in right_answers(attempt).items():
        if "text" in answer:
            form[f"q{row_id}"] = answer["text"]
        elif "matches" in answer:
            form.update({f"q{row_id}_{pair}": value for pair, value in answer["matches"].items()})
        else:
            form[f"q{row_id}"] = [str(v) for v in answer["selected"]]
    result = client.post(started["Location"], form, follow=True)
    html = result.content.decode()
    assert "Đạt" in html and "100%" in html
    assert "Xem lại bài làm" in html


@pytest.mark.django_db
def test_review_options_never_hide_score_and_answers(client, learner, enrolled, quiz):
    for part in ("marks", "correctness", "right_answer", "feedback"):
        setattr(quiz, f"review_{part}", "never")
    quiz.save()
    attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner)
    services.quiz_attempt_submit(attempt=attempt, answers=right_answers(attempt))
    sign_in(client, learner)
    html = client.get(f"/hoc-tap/lan-lam-bai/{attempt.public_id}/ket-qua/").content.decode()
    main = html.split("<main", 1)[1]
    assert "100%" not in main and 'class="result' not in main
    assert "✓" not in main and "đáp án đúng" not in main.lower() and "Đáp án được chấp nhận" not in main
    assert "chưa được công bố" in html


@pytest.mark.django_db
def test_review_after_last_attempt(learner, enrolled, quiz):
    for part in ("marks", "correctness", "right_answer", "feedback"):
        setattr(quiz, f"review_{part}", "later")
    quiz.max_attempts = 2
    quiz.save()
    first = services.quiz_attempt_submit(attempt=course_services.quiz_attempt_start(quiz=quiz, user=learner))
    assert selectors.review_shown(attempt=first, attempts=[first]) == selectors.ReviewShown()
    second = services.quiz_attempt_submit(attempt=course_services.quiz_attempt_start(quiz=quiz, user=learner))
    everything = selectors.ReviewShown(marks=True, correctness=True, right_answer=True, feedback=True)
    assert selectors.review_shown(attempt=first, attempts=[first, second]) == everything


@pytest.mark.django_db
def test_question_statistics_give_facility(learner, enrolled, quiz):
    attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner)
    services.quiz_attempt_submit(attempt=attempt, answers=right_answers(attempt))
    other = ProfileFactory().user
    course_services.enrollment_create(user=other, course=quiz.course)
    attempt = course_services.quiz_attempt_start(quiz=quiz, user=other)
    services.quiz_attempt_submit(attempt=attempt, answers=wrong_answers(attempt))
    stats = selectors.quiz_question_stats(quiz=quiz)
    assert len(stats) == 5
    assert all(row["answered"] == 2 and row["facility"] == 50.0 for row in stats)


@pytest.mark.django_db
def test_submit_query_count_does_not_grow_with_questions(
    learner, enrolled, course, django_assert_max_num_queries
):
    def submit_queries(n):
        quiz = make_quiz(course, [make_question() for _ in range(n)], title=f"Q{n}")
        attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner)
        answers = right_answers(attempt)
        # The new quiz renewed the content cache; learners submitting it find the course's outline and final
        # quizzes cached (the first reader of a generation caches them).
        course_selectors.enrollment_progress(enrollment=Enrollment.objects.get(pk=enrolled.pk))
        with django_assert_max_num_queries(SUBMIT_QUERIES) as captured:
            services.quiz_attempt_submit(attempt=attempt, answers=answers)
        return len(captured.captured_queries)

    assert submit_queries(5) == submit_queries(30)


def _form(answers: dict) -> dict:
    """A learner's submit form for ``answers`` (right_answers' shape), as the attempt page posts it."""
    data = {"action": "submit", "shown": [str(pk) for pk in answers]}
    for pk, answer in answers.items():
        if "text" in answer:
            data[f"q{pk}"] = answer["text"]
        for pair, value in answer.get("matches", {}).items():
            data[f"q{pk}_{pair}"] = value
        if answer.get("selected"):
            data[f"q{pk}"] = [str(v) for v in answer["selected"]]
    return data


@pytest.mark.django_db
def test_a_submit_from_the_attempt_page_reads_few_queries_whatever_the_questions(
    client, learner, enrolled, course, django_assert_max_num_queries
):
    """One locked transaction stores, grades and closes the attempt (issue #20: 29 queries before)."""
    sign_in(client, learner)

    def submit_queries(n: int, types: tuple[str, ...]) -> int:
        quiz = make_quiz(
            course, [make_question(qtype=types[i % len(types)]) for i in range(n)], title=f"Q{n}"
        )
        attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner)
        data = _form(right_answers(attempt))
        client.get("/")  # the new quiz renewed the content cache: the site is read again once
        course_selectors.enrollment_progress(
            enrollment=Enrollment.objects.get(pk=enrolled.pk)
        )  # and the course's outline and quizzes
        with django_assert_max_num_queries(SUBMIT_VIEW_QUERIES) as captured:
            response = client.post(f"/hoc-tap/lan-lam-bai/{attempt.public_id}/", data)
        assert response["Location"].endswith("/ket-qua/")
        attempt.refresh_from_db()
        assert attempt.status == QuizAttempt.Status.SUBMITTED and attempt.percent == 100
        assert all(row.score == row.question.points for row in attempt.questions.select_related("question"))
        return len(captured.captured_queries)

    without_matching = submit_queries(5, ("single", "multiple", "truefalse", "short"))
    assert without_matching == submit_queries(20, ("single", "multiple", "truefalse", "short"))
    # Matching questions add the one read of their pairs.
    assert submit_queries(10, ("single", "matching")) == without_matching + 1


# --- concurrency (PostgreSQL) --------------------------------------------------------------------


def _run_threads(target, count):
    results, errors = [], []

    def run():
        try:
            results.append(target())
        except Exception as exc:  # collected and asserted
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_never_exceed_the_attempt_limit(learner, course):
    course_services.enrollment_create(user=learner, course=course)
    quiz = make_quiz(course, [make_question() for _ in range(3)], max_attempts=1)
    results, errors = _run_threads(lambda: course_services.quiz_attempt_start(quiz=quiz, user=learner).pk, 8)
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 1
    assert len(set(results)) == 1 and not errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_grade_once(learner, course):
    course_services.enrollment_create(user=learner, course=course)
    quiz = make_quiz(course, [make_question() for _ in range(3)])
    attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner)
    answers = right_answers(attempt)
    results, errors = _run_threads(lambda: services.quiz_attempt_submit(attempt=attempt, answers=answers), 6)
    assert not errors
    assert {(r.score, r.finished_at) for r in results} == {(Decimal("3.00"), results[0].finished_at)}
    numbers = list(QuizAttempt.objects.filter(quiz=quiz, user=learner).values_list("number", flat=True))
    assert numbers == [1]


@pytest.mark.django_db
def test_close_expired_attempts_command(learner, enrolled, quiz, capsys):
    from django.core.management import call_command

    quiz.time_limit_minutes = 1
    quiz.save()
    course_services.quiz_attempt_start(
        quiz=quiz, user=learner, now=timezone.now() - datetime.timedelta(hours=1)
    )
    call_command("close_expired_attempts")
    assert "Closed 1 expired attempt(s)." in capsys.readouterr().out
    assert QuizAttempt.objects.get().status == QuizAttempt.Status.TIMED_OUT


@pytest.mark.django_db
def test_the_attempt_page_reads_the_attempt_once_and_pairs_only_for_matching_questions(
    client, learner, enrolled, course
):
    from django.test.utils import CaptureQueriesContext

    sign_in(client, learner)

    def page_queries(types: tuple[str, ...]) -> list[str]:
        quiz = make_quiz(course, [make_question(qtype=t) for t in types], title="-".join(types))
        attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner)
        url = f"/hoc-tap/lan-lam-bai/{attempt.public_id}/"
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    plain = page_queries(("single", "multiple", "truefalse", "short"))
    # The attempt is read once (then the expired ones are looked for), never read again to refresh it.
    assert sum(s.startswith('SELECT "courses_quizattempt"') for s in plain) == 2, plain
    assert not [s for s in plain if "courses_matchpair" in s]
    # The session (database sessions in tests), the user, the roles, the attempt, the expired ones, the rows
    # with their questions, the choices.
    assert len(plain) <= 7, plain
    with_matching = page_queries(("single", "matching"))
    assert len(with_matching) == len(plain) + 1
    assert [s for s in with_matching if "courses_matchpair" in s]


@pytest.mark.django_db
def test_opening_an_attempt_past_its_deadline_closes_it_and_shows_the_result(
    client, learner, enrolled, course
):
    quiz = make_quiz(course, [make_question(), make_question()], title="Có giờ", time_limit_minutes=5)
    attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner)
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    sign_in(client, learner)

    response = client.get(f"/hoc-tap/lan-lam-bai/{attempt.public_id}/")

    assert response.status_code == 302 and response["Location"].endswith("/ket-qua/")
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.TIMED_OUT


@pytest.mark.django_db
def test_starting_an_attempt_reads_the_options_in_one_query_whatever_the_questions(learner, enrolled, course):
    from django.test.utils import CaptureQueriesContext

    def start_queries(n: int) -> int:
        types = ("single", "multiple", "truefalse", "short")
        quiz = make_quiz(course, [make_question(qtype=types[i % 4]) for i in range(n)], title=f"Q{n}")
        with CaptureQueriesContext(connection) as captured:
            attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner)
        orders = dict(attempt.questions.values_list("question__type", "option_order").distinct())
        assert orders["short"] == [] and len(orders["single"]) >= 2
        return len(captured.captured_queries)

    assert start_queries(4) == start_queries(20)
