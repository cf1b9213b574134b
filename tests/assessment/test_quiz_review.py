"""Review options after an attempt and the confirmation before submitting blanks (#14)."""

import datetime

import pytest
from django.utils import timezone

from assessment import selectors, services
from assessment.models import SUBMIT_GRACE, AttemptQuestion, Question, Quiz, QuizAttempt
from courses import services as course_services

from ..auth import sign_in
from ..factories import make_question, make_quiz

PARTS = ("marks", "correctness", "right_answer", "feedback")
NOW = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def enrolled(learner, course):
    return course_services.enrollment_create(user=learner, course=course)


def _quiz(*, part: str, timing: str, max_attempts=2, closes_at=None) -> Quiz:
    """An unsaved quiz showing only ``part``, at ``timing``."""
    options = {f"review_{name}": Quiz.ReviewTiming.NEVER for name in PARTS}
    options[f"review_{part}"] = timing
    return Quiz(title="Q", max_attempts=max_attempts, closes_at=closes_at, **options)


def _attempts(quiz: Quiz, count: int, *, open_last: bool = False) -> list[QuizAttempt]:
    attempts = [
        QuizAttempt(quiz=quiz, number=n, status=QuizAttempt.Status.SUBMITTED) for n in range(1, count + 1)
    ]
    if open_last:
        attempts[-1].status = QuizAttempt.Status.IN_PROGRESS
    return attempts


# --- the visibility matrix (no database) ---------------------------------------------------------

SITUATIONS = {
    # name: (max attempts, attempts taken, closes at); "later" is reached in all but the first
    "retakes_left": (3, 1, None),
    "attempts_used_up": (2, 2, None),
    "quiz_closed": (3, 1, NOW - datetime.timedelta(hours=1)),
}


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("timing", [t.value for t in Quiz.ReviewTiming])
@pytest.mark.parametrize("situation", list(SITUATIONS))
def test_review_visibility_matrix(part, timing, situation):
    max_attempts, taken, closes_at = SITUATIONS[situation]
    quiz = _quiz(part=part, timing=timing, max_attempts=max_attempts, closes_at=closes_at)
    attempts = _attempts(quiz, taken)
    shown = selectors.review_shown(attempt=attempts[0], attempts=attempts, now=NOW)
    expected = timing == "immediately" or (timing == "later" and situation != "retakes_left")
    assert getattr(shown, part) is expected
    assert not any(getattr(shown, other) for other in PARTS if other != part)


@pytest.mark.parametrize("part", PARTS)
def test_nothing_shows_on_an_open_attempt(part):
    quiz = _quiz(part=part, timing="immediately")
    attempts = _attempts(quiz, 1, open_last=True)
    assert selectors.review_shown(attempt=attempts[0], attempts=attempts, now=NOW) == selectors.ReviewShown()


def test_last_attempt_in_progress_keeps_later_parts_hidden_on_earlier_ones():
    quiz = _quiz(part="right_answer", timing="later", max_attempts=2)
    attempts = _attempts(quiz, 2, open_last=True)
    assert not selectors.review_shown(attempt=attempts[0], attempts=attempts, now=NOW).right_answer
    attempts[1].status = QuizAttempt.Status.SUBMITTED
    assert selectors.review_shown(attempt=attempts[0], attempts=attempts, now=NOW).right_answer


def test_quiz_closed_only_after_the_submit_grace():
    closes_at = NOW - SUBMIT_GRACE / 2
    quiz = _quiz(part="right_answer", timing="later", max_attempts=None, closes_at=closes_at)
    attempts = _attempts(quiz, 1)
    assert not selectors.review_shown(attempt=attempts[0], attempts=attempts, now=NOW).right_answer
    later = NOW + SUBMIT_GRACE
    assert selectors.review_shown(attempt=attempts[0], attempts=attempts, now=later).right_answer


def test_unlimited_attempts_without_closing_never_reach_later():
    quiz = _quiz(part="feedback", timing="later", max_attempts=None)
    attempts = _attempts(quiz, 40)
    assert not selectors.review_shown(attempt=attempts[0], attempts=attempts, now=NOW).feedback


def test_default_options_keep_right_answers_and_feedback_until_no_retake_remains():
    quiz = Quiz(title="Q", max_attempts=2)
    attempts = _attempts(quiz, 1)
    first = selectors.review_shown(attempt=attempts[0], attempts=attempts, now=NOW)
    assert first == selectors.ReviewShown(marks=True, correctness=True)
    attempts = _attempts(quiz, 2)
    assert selectors.review_shown(attempt=attempts[0], attempts=attempts, now=NOW) == selectors.ReviewShown(
        marks=True, correctness=True, right_answer=True, feedback=True
    )


# --- closing time --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_closed_quiz_refuses_new_attempts_and_caps_deadlines(learner, enrolled, course):
    now = timezone.now()
    quiz = make_quiz(
        course, [make_question()], time_limit_minutes=60, closes_at=now + datetime.timedelta(minutes=10)
    )
    attempt = services.quiz_attempt_start(quiz=quiz, enrollment=enrolled, now=now)
    assert attempt.deadline_at == quiz.closes_at
    services.quiz_attempt_submit(attempt=attempt, now=now)
    with pytest.raises(services.LearningError) as refused:
        services.quiz_attempt_start(quiz=quiz, enrollment=enrolled, now=now + datetime.timedelta(minutes=11))
    assert "đã đóng" in refused.value.message
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 1


@pytest.mark.django_db
def test_closed_quiz_overview_says_so_without_a_start_button(client, learner, enrolled, course):
    quiz = make_quiz(course, [make_question()], closes_at=timezone.now() - datetime.timedelta(days=1))
    sign_in(client, learner)
    html = client.get(f"/hoc-tap/bai-kiem-tra/{quiz.pk}/").content.decode()
    assert "Bài kiểm tra đã đóng" in html and "Bắt đầu làm bài" not in html


# --- confirmation before submitting blanks, without JavaScript -----------------------------------


def _row(attempt, qtype) -> AttemptQuestion:
    return AttemptQuestion.objects.select_related("question").get(attempt=attempt, question__type=qtype)


def _shown(attempt) -> list[str]:
    return [str(pk) for pk in attempt.questions.values_list("pk", flat=True)]


@pytest.mark.django_db
def test_submit_with_blanks_asks_then_keeps_answers_and_submits_on_confirm(client, learner, enrolled, quiz):
    sign_in(client, learner)
    started = client.post(f"/hoc-tap/bai-kiem-tra/{quiz.pk}/bat-dau/")
    attempt = QuizAttempt.objects.get(user=learner)
    single = _row(attempt, Question.Type.SINGLE)
    right = single.question.choices.get(fraction=1)
    form = {"action": "submit", "shown": _shown(attempt), f"q{single.pk}": str(right.pk)}

    asked = client.post(started["Location"], form)
    confirm_url = f"/hoc-tap/lan-lam-bai/{attempt.public_id}/xac-nhan-nop/"
    assert asked.status_code == 302 and asked["Location"] == confirm_url
    attempt.refresh_from_db()
    assert attempt.is_open  # not submitted
    single.refresh_from_db()
    assert single.selected == [right.pk]  # nothing entered is lost

    page = client.get(confirm_url).content.decode()
    assert "Bạn còn 4 câu chưa trả lời." in page
    blank = sorted(row.position for row in attempt.questions.exclude(pk=single.pk))
    for position in blank:
        assert f"#question-{position}" in page
    assert f'#question-{single.position}"' not in page
    assert "Quay lại làm tiếp" in page and "Vẫn nộp bài" in page

    # Going back shows the answer given, still chosen.
    back = client.get(started["Location"]).content.decode()
    assert f'id="q{single.pk}-{right.pk}" value="{right.pk}" checked' in back

    done = client.post(started["Location"], {"action": "submit", "confirm": "1"})
    assert done["Location"] == f"/hoc-tap/lan-lam-bai/{attempt.public_id}/ket-qua/"
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.SUBMITTED and attempt.score == single.question.points
    # Once submitted, the confirmation page leads to the result.
    assert client.get(confirm_url)["Location"] == done["Location"]


@pytest.mark.django_db
def test_submit_with_every_question_answered_does_not_ask(client, learner, enrolled, course):
    quiz = make_quiz(course, [make_question(), make_question(qtype="short")], title="Hai câu")
    sign_in(client, learner)
    started = client.post(f"/hoc-tap/bai-kiem-tra/{quiz.pk}/bat-dau/")
    attempt = QuizAttempt.objects.get(user=learner, quiz=quiz)
    single, short = _row(attempt, "single"), _row(attempt, "short")
    form = {
        "action": "submit",
        "shown": _shown(attempt),
        f"q{single.pk}": str(single.question.choices.first().pk),
        f"q{short.pk}": "đô thị",
    }
    response = client.post(started["Location"], form)
    assert response["Location"].endswith("/ket-qua/")
    attempt.refresh_from_db()
    assert not attempt.is_open


@pytest.mark.django_db
def test_a_question_unticked_on_the_form_counts_as_blank(learner, enrolled, course):
    quiz = make_quiz(course, [make_question(qtype="multiple")], title="Nhiều lựa chọn")
    attempt = services.quiz_attempt_start(quiz=quiz, enrollment=enrolled)
    row = attempt.questions.get()
    services.quiz_attempt_save(
        attempt=attempt, answers={row.pk: {"selected": [row.question.choices.first().pk]}}
    )
    from courses.views import parse_answers

    class Form(dict):
        def getlist(self, key):
            return self.get(key, [])

    answers = parse_answers(Form(shown=[str(row.pk)], action="submit"), [row])
    outcome = services.quiz_attempt_submit_checked(attempt=attempt, answers=answers)
    assert outcome.needs_confirmation and outcome.blank_positions == [1]


@pytest.mark.django_db
def test_timed_attempt_past_its_deadline_is_submitted_without_asking(client, learner, enrolled, course):
    quiz = make_quiz(course, [make_question(), make_question()], title="Có giờ", time_limit_minutes=5)
    attempt = services.quiz_attempt_start(quiz=quiz, enrollment=enrolled)
    # Just past the deadline, within the grace: the answers sent still count, and nobody is asked.
    outcome = services.quiz_attempt_submit_checked(
        attempt=attempt, answers={}, now=attempt.deadline_at + SUBMIT_GRACE / 2
    )
    assert not outcome.needs_confirmation and outcome.attempt.status == QuizAttempt.Status.SUBMITTED

    QuizAttempt.objects.filter(pk=attempt.pk).delete()
    attempt = services.quiz_attempt_start(quiz=quiz, enrollment=enrolled)
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    sign_in(client, learner)
    response = client.post(
        f"/hoc-tap/lan-lam-bai/{attempt.public_id}/", {"action": "submit", "shown": _shown(attempt)}
    )
    assert response["Location"].endswith("/ket-qua/")
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.TIMED_OUT


@pytest.mark.django_db
def test_confirmation_page_of_another_learners_attempt_is_not_found(client, learner, enrolled, quiz):
    attempt = services.quiz_attempt_start(quiz=quiz, enrollment=enrolled)
    from ..factories import ProfileFactory

    sign_in(client, ProfileFactory().user)
    assert client.get(f"/hoc-tap/lan-lam-bai/{attempt.public_id}/xac-nhan-nop/").status_code == 404


# --- the review page -----------------------------------------------------------------------------


def _leave_short_blank(attempt) -> dict:
    """Every choice question answered right, the short answer left blank, matching answered."""
    answers = {}
    for row in AttemptQuestion.objects.filter(attempt=attempt).select_related("question"):
        question = row.question
        if question.type == Question.Type.SHORT:
            answers[row.pk] = {"text": ""}
        elif question.type == Question.Type.MATCHING:
            answers[row.pk] = {"matches": {str(p.pk): p.answer for p in question.pairs.all() if p.prompt}}
        elif question.type == Question.Type.MULTIPLE:
            answers[row.pk] = {"selected": [question.choices.filter(fraction__gt=0).first().pk]}
        else:
            answers[row.pk] = {"selected": [c.pk for c in question.choices.all() if c.fraction > 0]}
    return answers


@pytest.mark.django_db
def test_review_while_retakes_remain_shows_correctness_but_no_right_answers(client, learner, enrolled, quiz):
    quiz.max_attempts = 2
    quiz.save()
    Question.objects.filter(pk__in=quiz.pool.values("question"), type="multiple").update(partial_credit=True)
    single = quiz.pool.get(question__type="single").question
    single.feedback = "GIẢI THÍCH CÂU HỎI"
    single.save()
    attempt = services.quiz_attempt_start(quiz=quiz, enrollment=enrolled)
    services.quiz_attempt_submit(attempt=attempt, answers=_leave_short_blank(attempt))
    sign_in(client, learner)
    main = (
        client.get(f"/hoc-tap/lan-lam-bai/{attempt.public_id}/ket-qua/").content.decode().split("<main", 1)[1]
    )
    assert "Bạn bỏ trống" in main
    assert "✓ đúng" in main and "Đúng một phần" in main  # one of two right options chosen
    assert "(đáp án đúng)" not in main and "Đáp án được chấp nhận" not in main
    assert "GIẢI THÍCH CÂU HỎI" not in main and "Đô thị thông minh" not in main
    assert "Đáp án đúng sẽ được hiển thị khi bài kiểm tra đã đóng" in main


@pytest.mark.django_db
def test_review_once_attempts_are_used_up_shows_right_answers_and_feedback(client, learner, enrolled, quiz):
    quiz.max_attempts = 1
    quiz.save()
    single = quiz.pool.get(question__type="single").question
    single.feedback = "GIẢI THÍCH CÂU HỎI"
    single.save()
    attempt = services.quiz_attempt_start(quiz=quiz, enrollment=enrolled)
    services.quiz_attempt_submit(attempt=attempt, answers=_leave_short_blank(attempt))
    sign_in(client, learner)
    main = (
        client.get(f"/hoc-tap/lan-lam-bai/{attempt.public_id}/ket-qua/").content.decode().split("<main", 1)[1]
    )
    # The multiple-choice question's second right option, not picked, reads "(đáp án đúng)".
    assert "(đáp án đúng)" in main and "Bạn bỏ trống" in main
    assert "Đáp án được chấp nhận: Đô thị thông minh" in main
    assert "GIẢI THÍCH CÂU HỎI" in main
    assert "Đáp án đúng sẽ được hiển thị" not in main


@pytest.mark.django_db
def test_review_page_queries_do_not_grow_with_questions(
    client, learner, enrolled, course, django_assert_max_num_queries
):
    sign_in(client, learner)

    def review_queries(n: int) -> int:
        types = ("single", "multiple", "short", "matching", "truefalse")
        quiz = make_quiz(course, [make_question(qtype=types[i % 5]) for i in range(n)], title=f"Q{n}")
        attempt = services.quiz_attempt_start(quiz=quiz, enrollment=enrolled)
        services.quiz_attempt_submit(attempt=attempt, answers=_leave_short_blank(attempt))
        url = f"/hoc-tap/lan-lam-bai/{attempt.public_id}/ket-qua/"
        client.get(url)  # warm: one-time reads (site, contact settings)
        # Session, the user with their roles (a learner: no permission read), the attempt with its quiz, course
        # and enrollment, the learner's attempts, the rows, their choices and pairs.
        with django_assert_max_num_queries(7) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    assert review_queries(5) == review_queries(25)


@pytest.mark.django_db
def test_quiz_editor_has_the_review_panel_in_vietnamese(staff_admin_client, quiz):
    html = staff_admin_client.get(f"/admin/snippets/assessment/quiz/edit/{quiz.pk}/").content.decode()
    for text in (
        "Xem lại bài làm sau khi nộp",
        "Điểm và kết quả",
        "Câu trả lời đúng hay sai",
        "Đáp án đúng",
        "Khi bài kiểm tra đã đóng hoặc đã hết lượt làm bài",
        "Ngay sau khi nộp bài",
        "Thời điểm đóng bài kiểm tra",
    ):
        assert text in html, text
    assert quiz.review_right_answer == Quiz.ReviewTiming.LATER


def test_staff_preview_shows_everything_even_with_retakes_left():
    quiz = _quiz(part="marks", timing="never", max_attempts=5)
    attempts = _attempts(quiz, 1)
    shown = selectors.review_shown(attempt=attempts[0], attempts=attempts, now=NOW, staff_preview=True)
    assert shown == selectors.ReviewShown(marks=True, correctness=True, right_answer=True, feedback=True)


@pytest.mark.django_db
def test_someone_who_may_read_the_bank_sees_the_whole_review_of_their_try(client, learner, enrolled, quiz):
    from django.contrib.auth.models import Permission

    quiz.max_attempts = 3
    quiz.save()
    attempt = services.quiz_attempt_start(quiz=quiz, enrollment=enrolled)
    services.quiz_attempt_submit(attempt=attempt, answers=_leave_short_blank(attempt))
    sign_in(client, learner)
    url = f"/hoc-tap/lan-lam-bai/{attempt.public_id}/ket-qua/"
    assert "Đáp án được chấp nhận" not in client.get(url).content.decode()
    learner.user_permissions.add(Permission.objects.get(codename="view_question"))
    assert "Đáp án được chấp nhận: Đô thị thông minh" in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_failed_retake_after_completing_the_course_does_not_read_as_both_failed_and_completed(
    client, learner, enrolled, quiz
):
    enrolled.status = "completed"
    enrolled.completed_at = timezone.now()
    enrolled.save()
    attempt = services.quiz_attempt_start(quiz=quiz, enrollment=enrolled)
    services.quiz_attempt_submit(attempt=attempt, answers={})
    attempt.refresh_from_db()
    assert not attempt.passed
    sign_in(client, learner)
    main = (
        client.get(f"/hoc-tap/lan-lam-bai/{attempt.public_id}/ket-qua/").content.decode().split("<main", 1)[1]
    )
    assert "Chưa đạt" in main
    assert "Bạn đã hoàn thành khóa học trước đó; lần làm bài này không làm thay đổi kết quả đó." in main
    assert "Bạn đã hoàn thành khóa học." not in main
