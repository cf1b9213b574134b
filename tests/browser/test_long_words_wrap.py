"""A word longer than the phone's line (a mistyped serial echoed back, a link pasted as a quiz answer) wraps
instead of making the whole page scroll sideways at 390 px.

Here the elements keep their width and only their text runs past it; these tests read the page's scroll width
itself (``overflowing`` in a11y.py reports it too, as "text running past its box")."""

import re

import pytest

from assessment.models import AttemptQuestion, QuizAttempt
from courses import services

from ..factories import make_course, make_official, make_question, make_quiz
from .a11y import PHONE, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASTED_LINK = (
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=" + "1" * 120
)

SCROLLS_SIDEWAYS_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_a_long_mistyped_serial_wraps_in_the_lookup_message(page):
    # The longest text the lookup echoes (40 characters, the field's limit) is wider than a 320 px screen.
    page.set_viewport_size({"width": 320, "height": PHONE["height"]})
    serial = "TN" + "0" * 38
    page.goto(f"/tra-cuu-chung-nhan/?so={serial}")
    alert = page.get_by_role("alert")
    assert serial in alert.inner_text()
    assert page.evaluate(SCROLLS_SIDEWAYS_JS) == 0
    assert alert.bounding_box()["x"] + alert.bounding_box()["width"] <= 320


def test_a_long_pasted_answer_wraps_in_the_quiz_review(browser, live_server, catalog, tree):
    course = make_course(catalog, title="Dịch vụ công trực tuyến", for_officials=True)
    quiz = make_quiz(
        course,
        [make_question(qtype="short", name="Địa chỉ cổng", choices=[("dichvucong.gov.vn", 1)])],
        pass_mark=60,
        max_attempts=3,
    )
    learner = make_official(tree["ptdt"]).user
    services.enrollment_create(user=learner, course=course)
    context = new_context(browser, live_server, viewport=PHONE, user=learner)
    page = context.new_page()
    try:
        page.goto(f"/hoc-tap/bai-kiem-tra/{quiz.pk}/")
        page.get_by_role("button", name="Bắt đầu làm bài").click()
        page.wait_for_url(re.compile(r"/lan-lam-bai/[0-9a-f-]+/$"))
        row = AttemptQuestion.objects.get(attempt=QuizAttempt.objects.get(user=learner, quiz=quiz))
        page.locator(f"#q{row.pk}-text").fill(PASTED_LINK)
        page.get_by_role("button", name="Nộp bài", exact=True).click()
        page.wait_for_url("**/ket-qua/")
        assert PASTED_LINK in page.locator("main").inner_text()
        assert page.evaluate(SCROLLS_SIDEWAYS_JS) == 0
    finally:
        context.close()
