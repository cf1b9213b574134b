"""Learners on a phone (#14): the catalogue's filters fold behind one button and open, the certificate list reads
as cards (no column one word wide), and who may enroll shows before anyone tries; axe at 390 and 1280 px."""

import pytest

from accounts.models import Audience
from certificates import services

from ..factories import ProfileFactory, make_completed_enrollment, make_course, make_lesson, make_official
from .a11y import DESKTOP, PHONE, axe_run, blocking, describe, new_context, overflowing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# On a phone each certificate is a card: its lines take (nearly) the screen's width.
MIN_CARD_LINE_WIDTH = 300

CELL_BOXES_JS = """() => [...document.querySelectorAll('main table tbody td')].map(td => {
    const box = td.getBoundingClientRect();
    const style = getComputedStyle(td);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
    const label = getComputedStyle(td, '::before').content;
    const labelHeight = label === 'none' ? 0 : line;
    const height = box.height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom) - labelHeight;
    return {text: td.innerText.trim(), width: box.width, lines: Math.round(height / line), label};
})"""


@pytest.fixture
def official_with_certificates(catalog, tree):
    profile = make_official(tree["ptdt"], user__full_name="Nguyễn Thị Ánh Tuyết")
    for title in (
        "Đô thị thông minh: nhận thức chung cho cán bộ, công chức, viên chức",
        "Bảo vệ dữ liệu cá nhân trong dịch vụ số",
    ):
        course = make_course(catalog, title=title, for_officials=True)
        enrollment = make_completed_enrollment(profile.user, course)
        services.certificate_issue(enrollment=enrollment)
    for_citizens = make_course(
        catalog, title="Sử dụng dịch vụ công trực tuyến", for_citizens=True, for_businesses=True
    )
    make_lesson(for_citizens, title="Đăng nhập bằng VNeID")
    return profile.user, for_citizens


def test_catalogue_filters_fold_on_a_phone_and_open(
    browser, live_server, official_with_certificates, tmp_path
):
    user, _course = official_with_certificates
    context = new_context(browser, live_server, viewport=PHONE, user=user)
    page = context.new_page()
    try:
        page.goto("/khoa-hoc/")
        toggle = page.locator("details.catalog-filters-toggle > summary")
        search = page.get_by_label("Tìm khóa học")
        assert toggle.is_visible() and toggle.inner_text().endswith("Tìm kiếm và lọc khóa học")
        assert not search.is_visible(), "the filters stand open on a phone"
        # The first course card starts within the first screen, not below five filters.
        assert page.locator(".course-card").first.bounding_box()["y"] < PHONE["height"]
        page.screenshot(path=tmp_path / "catalogue-390-closed.png", full_page=True)
        toggle.click()
        assert search.is_visible()
        search.fill("dich vu cong")
        page.get_by_role("button", name="Áp dụng").click()
        page.wait_for_url("**/khoa-hoc/?*")
        # An active filter keeps them open, and the summary says how many are on.
        assert page.get_by_label("Tìm khóa học").is_visible()
        assert "(1 đang áp dụng)" in page.locator("details.catalog-filters-toggle > summary").inner_text()
        found = blocking(axe_run(page))
        assert not found, describe("catalogue with a filter at 390 px", found)
        assert not overflowing(page), overflowing(page)
    finally:
        context.close()


def test_catalogue_filters_stand_open_on_a_wide_screen(browser, live_server, official_with_certificates):
    user, _course = official_with_certificates
    context = new_context(browser, live_server, viewport=DESKTOP, user=user)
    page = context.new_page()
    try:
        page.goto("/khoa-hoc/")
        assert page.get_by_label("Tìm khóa học").is_visible()
        assert page.get_by_label("Nhóm nhiệm vụ").is_visible()
        assert not page.locator("details.catalog-filters-toggle > summary").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_certificates_read_as_cards_on_a_phone_and_a_table_on_a_wide_screen(
    browser, live_server, official_with_certificates, viewport, tmp_path
):
    user, _course = official_with_certificates
    context = new_context(browser, live_server, viewport=viewport, user=user)
    page = context.new_page()
    try:
        page.goto("/giay-chung-nhan/")
        cells = page.evaluate(CELL_BOXES_JS)
        assert len(cells) == 10
        # No column one word wide: a cell of several words never takes a line per word.
        stacked = [
            cell
            for cell in cells
            if len(cell["text"].split()) >= 3 and cell["lines"] >= len(cell["text"].split())
        ]
        assert not stacked, f"one word per line: {stacked}"
        course_cells = [cell for cell in cells if cell["text"].startswith("Đô thị thông minh")]
        assert course_cells and course_cells[0]["lines"] <= 3, course_cells  # was 11 lines, one word each
        if viewport is PHONE:
            narrow = [cell for cell in cells if cell["width"] < MIN_CARD_LINE_WIDTH]
            assert not narrow, f"card lines narrower than {MIN_CARD_LINE_WIDTH}px: {narrow}"
            labels = {cell["label"].split('"')[1] for cell in cells}
            assert labels == {"Số hiệu", "Khóa học", "Ngày hoàn thành", "Trạng thái", "Tệp"}, labels
        else:
            assert {cell["label"] for cell in cells} == {"none"}, "a wide screen keeps the table"
        # Still a table for screen readers: five column headers, and each cell under its header.
        assert page.get_by_role("columnheader").count() == 5
        assert page.get_by_role("row").count() == 3
        page.screenshot(path=tmp_path / f"certificates-{viewport['width']}.png", full_page=True)
        found = blocking(axe_run(page))
        assert not found, describe(f"certificates at {viewport['width']} px", found)
        assert not overflowing(page), overflowing(page)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_an_official_reads_who_may_enroll_on_the_card_and_the_course_page(
    browser, live_server, official_with_certificates, viewport
):
    user, course = official_with_certificates
    refusal = "Khóa học này dành cho người dân và doanh nghiệp; tài khoản cán bộ không đăng ký học được."
    context = new_context(browser, live_server, viewport=viewport, user=user)
    page = context.new_page()
    try:
        page.goto("/khoa-hoc/")
        card = page.locator(".course-card", has_text="Sử dụng dịch vụ công trực tuyến")
        assert card.locator(".course-audience").inner_text() == refusal
        found = blocking(axe_run(page))
        assert not found, describe(f"catalogue at {viewport['width']} px", found)
        card.get_by_role("link", name="Sử dụng dịch vụ công trực tuyến").click()
        page.wait_for_url(f"**{course.url}")
        main = page.locator("main")
        assert refusal in main.inner_text()
        assert "Tự do đăng ký học" not in main.inner_text()
        assert page.get_by_role("button", name="Đăng ký học").count() == 0
        found = blocking(axe_run(page))
        assert not found, describe(f"course page at {viewport['width']} px", found)
    finally:
        context.close()


def test_a_visitor_reads_who_may_enroll_and_finds_sign_in_and_sign_up(browser, live_server, catalog):
    course = make_course(catalog, title="Kỹ năng số và an toàn thông tin", for_citizens=True)
    make_lesson(course, title="Mật khẩu an toàn")
    ProfileFactory(audience=Audience.CITIZEN)
    context = new_context(browser, live_server, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(course.url)
        summary = page.locator(".course-summary")
        assert "Ai được đăng ký học" in summary.inner_text() and "Người dân" in summary.inner_text()
        assert page.get_by_role("link", name="Đăng nhập để đăng ký học").is_visible()
        page.locator(".learning-panel").get_by_role("link", name="Đăng ký tài khoản").click()
        page.wait_for_url("**/accounts/signup/**")
    finally:
        context.close()
