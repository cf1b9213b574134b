"""The next step (#14): ``records.next_item`` over lesson and quiz states, and the pages that follow it."""

from types import SimpleNamespace

import pytest

from assessment import services as assessment_services
from assessment.models import AttemptQuestion
from courses import records, services

from ..auth import sign_in
from ..factories import make_question, make_quiz

NextKind = records.NextKind


def lesson(pk, required=True):
    return SimpleNamespace(pk=pk, required_for_completion=required)


LESSONS = [lesson(1), lesson(2), lesson(3, required=False), lesson(4)]
QUIZ = SimpleNamespace(pk=9)


@pytest.mark.parametrize(
    ("done", "passed", "after", "expected"),
    [
        (set(), set(), None, (NextKind.LESSON, 1)),
        ({1}, set(), None, (NextKind.LESSON, 2)),
        ({2}, set(), None, (NextKind.LESSON, 1)),  # the first unfinished, not the last opened
        ({1, 2}, set(), None, (NextKind.LESSON, 4)),  # optional lessons are never the next step
        ({2}, set(), 2, (NextKind.LESSON, 4)),  # marking lesson 2 moves forward ...
        ({2, 4}, set(), 4, (NextKind.LESSON, 1)),  # ... and back to a skipped one at the end
        ({1, 2, 4}, set(), 4, (NextKind.QUIZ, 9)),  # then the final quiz
        ({1, 2, 4}, set(), None, (NextKind.QUIZ, 9)),
        ({1, 2, 4}, {9}, None, (NextKind.DONE, None)),
        ({1}, {9}, None, (NextKind.LESSON, 2)),  # a passed quiz does not skip lessons
    ],
)
def test_next_item(done, passed, after, expected):
    step = records.next_item(
        lessons=LESSONS, done_ids=done, quizzes=[QUIZ], passed_quiz_ids=passed, after_id=after
    )
    target = step.lesson or step.quiz
    assert (step.kind, target.pk if target else None) == expected


def test_next_item_without_a_quiz_that_counts_is_done_after_the_lessons():
    step = records.next_item(lessons=LESSONS, done_ids={1, 2, 4}, quizzes=[], passed_quiz_ids=set())
    assert step.kind == NextKind.DONE
    assert records.next_item(lessons=[], done_ids=set(), quizzes=[QUIZ], passed_quiz_ids=set()).quiz is QUIZ


@pytest.mark.parametrize(
    ("status", "done", "total", "quiz", "expected"),
    [
        ("active", 4, 4, True, (0, True)),
        ("active", 2, 4, True, (2, True)),
        ("active", 2, 4, False, (2, False)),
        ("completed", 4, 4, False, (0, False)),
        ("pending", 0, 4, True, (0, False)),
    ],
)
def test_what_is_left(status, done, total, quiz, expected):
    left = records.what_is_left(
        status=status, required_done=done, required_total=total, final_quiz_pending=quiz
    )
    assert (left.lessons, left.final_quiz) == expected


def pass_quiz(quiz, user):
    attempt = services.quiz_attempt_start(quiz=quiz, user=user)
    answers = {}
    for row in AttemptQuestion.objects.filter(attempt=attempt).select_related("question"):
        answers[row.pk] = {
            "selected": list(row.question.choices.filter(fraction__gt=0).values_list("pk", flat=True))
        }
    return assessment_services.quiz_attempt_submit(attempt=attempt, answers=answers)


@pytest.fixture
def final_quiz(course):
    return make_quiz(course, [make_question(qtype="single")], pass_mark=60)


@pytest.mark.django_db
def test_marking_done_moves_on_to_the_next_item_then_the_quiz(client, learner, course, final_quiz):
    services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)
    first = client.post(f"/hoc-tap/bai-hoc/{course.lessons[0].pk}/hoan-thanh/")
    assert first["Location"] == course.lessons[1].url
    last = client.post(f"/hoc-tap/bai-hoc/{course.lessons[1].pk}/hoan-thanh/")
    assert last["Location"] == f"/hoc-tap/bai-kiem-tra/{final_quiz.pk}/"
    # The last lesson, done, offers the final quiz as its one primary button.
    html = client.get(course.lessons[1].url).content.decode()
    assert 'data-next-step="quiz"' in html and "Làm bài kiểm tra cuối khóa" in html
    # The outline ticks finished lessons.
    assert html.count('class="outline-done"') == 2


@pytest.mark.django_db
def test_continue_goes_to_the_first_unfinished_item_not_the_last_opened(client, learner, course, final_quiz):
    enrollment = services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)
    services.lesson_mark_complete(enrollment=enrollment, lesson=course.lessons[1])
    client.get(course.optional.url)  # the last lesson opened
    resume = f"/hoc-tap/khoa-hoc/{course.pk}/tiep-tuc/"
    assert client.get(resume)["Location"] == course.lessons[0].url
    assert f'href="{course.lessons[0].url}">Tiếp tục học' in client.get(course.url).content.decode()
    services.lesson_mark_complete(enrollment=enrollment, lesson=course.lessons[0])
    assert client.get(resume)["Location"] == f"/hoc-tap/bai-kiem-tra/{final_quiz.pk}/"


@pytest.mark.django_db
def test_dashboard_says_what_is_left_then_review_and_certificate(client, learner, course, final_quiz):
    enrollment = services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)
    services.lesson_mark_complete(enrollment=enrollment, lesson=course.lessons[0])
    html = client.get("/hoc-tap/").content.decode()
    assert "Đã học 1/2 bài học bắt buộc · Còn 1 bài học · Còn bài kiểm tra cuối khóa" in " ".join(
        html.split()
    )
    services.lesson_mark_complete(enrollment=enrollment, lesson=course.lessons[1])
    html = " ".join(client.get("/hoc-tap/").content.decode().split())
    assert "Đã học 2/2 bài học bắt buộc · Còn bài kiểm tra cuối khóa" in html
    assert f'href="/hoc-tap/khoa-hoc/{course.pk}/tiep-tuc/"' in html
    assert pass_quiz(final_quiz, learner).passed
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"
    html = " ".join(client.get("/hoc-tap/").content.decode().split())
    assert "Còn bài kiểm tra" not in html and "Tiếp tục học" not in html
    assert "Xem lại" in html
    has_certificate = enrollment.certificates.filter(revoked_at__isnull=True).exists()
    assert ("Xem giấy chứng nhận" in html) == has_certificate


def fail_quiz(quiz, user):
    attempt = services.quiz_attempt_start(quiz=quiz, user=user)
    answers = {}
    for row in AttemptQuestion.objects.filter(attempt=attempt).select_related("question"):
        answers[row.pk] = {
            "selected": list(row.question.choices.filter(fraction=0).values_list("pk", flat=True)[:1])
        }
    return assessment_services.quiz_attempt_submit(attempt=attempt, answers=answers)


@pytest.mark.django_db
@pytest.mark.parametrize(("max_attempts", "offered"), [(None, True), (2, True), (1, False)])
def test_a_result_shown_as_not_passed_offers_the_quiz_again_while_attempts_are_left(
    client, learner, course, final_quiz, max_attempts, offered
):
    final_quiz.max_attempts = max_attempts
    final_quiz.save()
    services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)
    attempt = fail_quiz(final_quiz, learner)
    assert not attempt.passed

    html = client.get(f"/hoc-tap/lan-lam-bai/{attempt.public_id}/ket-qua/").content.decode()

    quiz_url = f"/hoc-tap/bai-kiem-tra/{final_quiz.pk}/"
    retry = f'<a class="button" data-next-step href="{quiz_url}">Làm lại bài kiểm tra</a>'
    assert (retry in html) is offered
    # One link to the quiz, whichever its label: the retry, or the plain way back.
    assert html.count(f'href="{quiz_url}"') == 2  # the breadcrumb and the button
