"""axe on the pages the learner's next step touches (#14): a lesson with its primary button, and the dashboard."""

import pytest

from courses import services

from ..factories import make_course, make_lesson, make_official, make_question, make_quiz
from .a11y import DESKTOP, PHONE, axe_run, blocking, describe, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_lesson_next_step_and_dashboard_have_no_serious_violations(
    browser, live_server, catalog, tree, viewport, tmp_path
):
    course = make_course(
        catalog, title="Chuyển đổi số", for_officials=True, completion_rule="lessons_and_quiz"
    )
    lessons = [make_lesson(course, title=f"Bài {i}") for i in (1, 2)]
    make_quiz(course, [make_question(qtype="single")], pass_mark=60)
    learner = make_official(tree["ptdt"]).user
    enrollment = services.enrollment_create(user=learner, course=course)
    services.lesson_mark_complete(enrollment=enrollment, lesson=lessons[0])
    context = new_context(browser, live_server, viewport=viewport, user=learner)
    page = context.new_page()
    try:
        for url, marker in (
            (lessons[0].url, "[data-next-step=lesson]"),
            (lessons[1].url, ".lesson-done form button"),
            ("/hoc-tap/", ".enrollment-item"),
        ):
            page.goto(url)
            assert page.locator(marker).first.is_visible(), url
            found = blocking(axe_run(page))
            assert not found, describe(url, found)
        page.goto(lessons[0].url)
        page.screenshot(path=tmp_path / f"lesson-{viewport['width']}.png", full_page=True)
        page.goto("/hoc-tap/")
        page.screenshot(path=tmp_path / f"dashboard-{viewport['width']}.png", full_page=True)
    finally:
        context.close()
