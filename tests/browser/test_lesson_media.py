"""The demo's media blocks (a diagram, a table, a PDF guide) in real Chromium: no serious or critical WCAG
violation at a phone's and a desktop's width, the table scrolls in its own box instead of the page, and the
guide's link names its type and size."""

import re

import pytest

from demo.catalogue import lesson_body
from demo.content.catalogue import COURSES
from demo.media import load_media

from ..factories import make_course, make_lesson
from .a11y import DESKTOP, PHONE, axe_run, blocking, describe, new_context, overflowing

pytestmark = pytest.mark.browser
live_db = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote

MEDIA_LESSONS = ("loi-ich-dich-vu-cong-truc-tuyen", "sau-nhom-nhiem-vu-cong-van-171")


def demo_lesson(slug: str) -> dict:
    return next(
        lesson
        for course in COURSES
        for module in course["modules"]
        for lesson in module["lessons"]
        if lesson["slug"] == slug
    )


@pytest.fixture
def media_lessons(catalog):
    media = load_media()
    course = make_course(catalog, title="Sử dụng dịch vụ công trực tuyến")
    return [
        make_lesson(
            course,
            title=demo_lesson(slug)["title"],
            body=lesson_body(demo_lesson(slug)["body"], media),
            free_preview=True,
        )
        for slug in MEDIA_LESSONS
    ]


@live_db
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_lessons_with_a_diagram_a_table_and_a_guide_pass_the_accessibility_gate(
    browser, live_server, media_lessons, viewport, tmp_path
):
    context = new_context(browser, live_server, viewport=viewport)
    page = context.new_page()
    failures = []
    try:
        table_lesson, diagram_lesson = media_lessons
        assert page.goto(table_lesson.url).status == 200
        table = page.locator("main .block-table")
        assert table.get_attribute("tabindex") == "0" and table.get_attribute("role") == "region"
        assert "Các mức dịch vụ công trực tuyến" in table.locator("caption").inner_text()
        assert table.locator("tbody th[scope=row]").count() == 3
        link = page.locator("main .block-document a")
        assert re.search(r"\(PDF, [\d,.]+\s\w+\)", link.inner_text()), link.inner_text()
        page.screenshot(path=tmp_path / "table.png", full_page=True)
        if found := blocking(axe_run(page)):
            failures.append(describe("lesson with a table and a document", found))
        if viewport == PHONE and (wide := overflowing(page)):
            failures.append(f"table lesson scrolls sideways at 320 px: {', '.join(wide)}")

        assert page.goto(diagram_lesson.url).status == 200
        image = page.locator("main figure.block-image img")
        assert "Quy hoạch và phát triển đô thị thông minh" in image.get_attribute("alt")
        assert page.locator("main figure.block-image figcaption").is_visible()
        if found := blocking(axe_run(page)):
            failures.append(describe("lesson with a diagram", found))
        if viewport == PHONE and (wide := overflowing(page)):
            failures.append(f"diagram lesson scrolls sideways at 320 px: {', '.join(wide)}")
    finally:
        context.close()
    assert not failures, "\n".join(failures)
