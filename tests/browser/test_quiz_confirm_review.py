"""A learner leaves a question blank: asked to confirm (with and without JavaScript), then a review that keeps
the right answers while retakes remain (#14). axe on the confirmation and the review at 390 and 1280 px."""

import re

import pytest
from playwright.sync_api import expect

from assessment.models import AttemptQuestion, QuizAttempt
from courses import services

from ..factories import make_course, make_official, make_question, make_quiz
from .a11y import DESKTOP, PHONE, axe_run, blocking, describe, new_context, overflowing, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCEPTED = "Cổng dịch vụ công quốc gia"


def _world(catalog, tree):
    course = make_course(catalog, title="Dịch vụ công trực tuyến", for_officials=True)
    questions = [
        make_question(qtype="single", name="Câu một lựa chọn"),
        make_question(qtype="short", name="Câu trả lời ngắn", choices=[(ACCEPTED, 1)]),
        make_question(qtype="truefalse", name="Câu đúng sai"),
    ]
    quiz = make_quiz(course, questions, pass_mark=60, max_attempts=3, shuffle_choices=False)
    learner = make_official(tree["ptdt"]).user
    services.enrollment_create(user=learner, course=course)
    return quiz, learner


def _answer_all_but_the_short_one(page, attempt):
    for row in AttemptQuestion.objects.filter(attempt=attempt).select_related("question"):
        if row.question.type != "short":
            right = row.question.choices.get(fraction=1)
            page.locator(f"#q{row.pk}-{right.pk}").check()
    return AttemptQuestion.objects.get(attempt=attempt, question__type="short").position


def _audit(page, label, shots, width):
    found = blocking(axe_run(page))
    assert not found, describe(label, found)
    assert not overflowing(page), label
    page.screenshot(path=shots / f"{label}-{width}.png", full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_blank_question_is_confirmed_and_review_keeps_right_answers(
    browser, live_server, catalog, tree, viewport, tmp_path
):
    quiz, learner = _world(catalog, tree)
    context = new_context(browser, live_server, viewport=viewport, user=learner)
    page = context.new_page()
    width = viewport["width"]
    try:
        page.goto(f"/hoc-tap/bai-kiem-tra/{quiz.pk}/")
        page.get_by_role("button", name="Bắt đầu làm bài").click()
        page.wait_for_url(re.compile(r"/lan-lam-bai/[0-9a-f-]+/$"))
        attempt = QuizAttempt.objects.get(user=learner, quiz=quiz)
        blank = _answer_all_but_the_short_one(page, attempt)

        # With JavaScript: a modal dialog says how many are blank, and which.
        page.get_by_role("button", name="Nộp bài", exact=True).click()
        dialog = page.get_by_role("dialog", name="Nộp bài khi còn câu chưa trả lời?")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text(f"Bạn còn 1 câu chưa trả lời (câu {blank})")
        _audit(page, "confirm-dialog", tmp_path, width)
        # "Quay lại làm tiếp" closes it on the blank question; nothing was submitted or lost.
        dialog.get_by_role("button", name="Quay lại làm tiếp").click()
        expect(dialog).to_be_hidden()
        assert page.evaluate("document.activeElement.id").startswith("q")
        attempt.refresh_from_db()
        assert attempt.is_open

        page.get_by_role("button", name="Nộp bài", exact=True).click()
        dialog.get_by_role("button", name="Vẫn nộp bài").click()
        page.wait_for_url("**/ket-qua/")
        main = page.locator("main")
        expect(main).to_contain_text("Bạn bỏ trống")
        expect(main).to_contain_text("✓ đúng")
        text = main.inner_text()
        assert "(đáp án đúng)" not in text and ACCEPTED not in text and "Đáp án được chấp nhận" not in text
        expect(main).to_contain_text("Đáp án đúng sẽ được hiển thị khi bài kiểm tra đã đóng")
        _audit(page, "review", tmp_path, width)

        # The server's own confirmation page (what a browser without JavaScript gets), audited too.
        page.goto(f"/hoc-tap/bai-kiem-tra/{quiz.pk}/")
        page.get_by_role("button", name="Làm lượt mới").click()
        page.wait_for_url(re.compile(r"/lan-lam-bai/[0-9a-f-]+/$"))
        second = QuizAttempt.objects.get(user=learner, quiz=quiz, number=2)
        page.goto(f"/hoc-tap/lan-lam-bai/{second.public_id}/xac-nhan-nop/")
        expect(page.locator("main")).to_contain_text("Bạn còn 3 câu chưa trả lời.")
        _audit(page, "confirm-page", tmp_path, width)
    finally:
        context.close()


def test_without_javascript_the_server_asks_and_keeps_the_answers(browser, live_server, catalog, tree):
    quiz, learner = _world(catalog, tree)
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport=PHONE, java_script_enabled=False
    )
    sign_in(context, live_server, learner)
    page = context.new_page()
    try:
        page.goto(f"/hoc-tap/bai-kiem-tra/{quiz.pk}/")
        page.get_by_role("button", name="Bắt đầu làm bài").click()
        # The attempt exists once its page is here (the request may still be running before).
        page.wait_for_url(re.compile(r"/lan-lam-bai/[0-9a-f-]+/$"))
        attempt = QuizAttempt.objects.get(user=learner, quiz=quiz)
        blank = _answer_all_but_the_short_one(page, attempt)
        page.get_by_role("button", name="Nộp bài", exact=True).click()
        page.wait_for_url("**/xac-nhan-nop/")
        main = page.locator("main")
        expect(main).to_contain_text("Bạn còn 1 câu chưa trả lời.")
        expect(main.get_by_role("link", name=f"Câu {blank}")).to_be_visible()

        # Back to the quiz: the answers given are still chosen.
        main.get_by_role("link", name="Quay lại làm tiếp").click()
        checked = page.locator("input[type=radio]:checked")
        expect(checked).to_have_count(2)
        page.get_by_role("button", name="Nộp bài", exact=True).click()
        page.get_by_role("button", name="Vẫn nộp bài").click()
        page.wait_for_url("**/ket-qua/")
        expect(page.locator("main")).to_contain_text("Bạn bỏ trống")
        attempt.refresh_from_db()
        assert attempt.status == QuizAttempt.Status.SUBMITTED and attempt.score == 2
    finally:
        context.close()
