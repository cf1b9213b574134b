"""The HR manager's way through (#14): sign in, assign a course to a unit, check who it reaches, confirm, see
the result; then decide an enrollment request in the staff area. axe at 390 and 1280 px on every form."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts import roles
from courses import services
from courses.models import Assignment, Enrollment

from ..auth import PASSWORD, current_totp_code
from ..factories import make_course, make_hr_manager, make_official
from .a11y import DESKTOP, PHONE, axe_run, blocking, describe, overflowing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["Đặng Văn An", "Dương Thị Bình", "Nguyễn Đức Anh", "Lê Văn Ánh"]


def _audit(page, label: str, tmp_path) -> None:
    """No serious axe finding and no sideways scrolling at 390 px, and no serious finding at 1280 px."""
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        found = blocking(axe_run(page))
        assert not found, describe(f"{label} at {viewport['width']} px", found)
        page.screenshot(path=tmp_path / f"{label}-{viewport['width']}.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert not overflowing(page, width=390), f"{label} scrolls sideways at 390 px"


def test_hr_manager_assigns_a_course_with_a_preview_and_decides_a_request(
    browser, live_server, catalog, tree, with_totp, tmp_path
):
    course = make_course(catalog, title="Đô thị thông minh cho cán bộ", for_officials=True)
    approval = make_course(
        catalog, title="Khóa học cần duyệt", for_officials=True, enrollment_mode="approval"
    )
    # Officials of the department and of the office below it; one of another department.
    for index, name in enumerate(NAMES):
        make_official(tree["sxd"] if index % 2 else tree["ptdt"], user__full_name=name)
    make_official(tree["cds"], user__full_name="Trần Ngoài Phạm Vi")
    waiting = make_official(tree["ptdt"], user__full_name="Phạm Thu Hà").user
    services.enrollment_create(user=waiting, course=approval)
    hr = with_totp(make_hr_manager(tree["sxd"]))
    hr.full_name = "Nhân Sự Sở Xây Dựng"
    hr.save()
    hr.groups.add(Group.objects.get(name=roles.HR_MANAGERS))

    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(hr.email)
        page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.get_by_role("textbox", name=re.compile(r"^Mã")).fill(current_totp_code())
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(re.compile(r"/quan-ly-dao-tao/$"))
        assert page.locator("[data-wagtail-userbar], wagtail-userbar").count() == 0

        page.get_by_role("navigation", name="Quản lý đào tạo").get_by_role(
            "link", name="Giao khóa học"
        ).click()
        page.wait_for_url("**/giao-khoa-hoc/")
        _audit(page, "assign-form", tmp_path)
        page.get_by_label(re.compile(r"^Khóa học")).select_option(label=course.title)
        due = datetime.date.today() + datetime.timedelta(days=30)
        page.get_by_label(re.compile(r"^Hạn hoàn thành")).fill(due.isoformat())
        page.get_by_label(re.compile(r"^Cơ quan, đơn vị")).select_option(value=str(tree["sxd"].pk))
        assert page.get_by_label("Bao gồm đơn vị trực thuộc").is_checked()
        page.get_by_role("button", name="Xem trước người được giao").click()

        # The preview: how many, and who, the office below included, in Vietnamese name order.
        page.get_by_role("heading", name="Kiểm tra trước khi giao khóa học").wait_for()
        expect(page.get_by_role("status")).to_contain_text("5 người sẽ được giao khóa học này.")
        # Auto-retrying: the heading can be in the DOM before the list below it is parsed.
        expect(page.locator(".people-list .person-name")).to_have_text(
            ["Đặng Văn An", "Nguyễn Đức Anh", "Lê Văn Ánh", "Dương Thị Bình", "Phạm Thu Hà"],
            use_inner_text=True,
        )
        assert "Trần Ngoài Phạm Vi" not in page.content()
        assert not Enrollment.objects.filter(course=course).exists()
        _audit(page, "assign-preview", tmp_path)

        page.get_by_role("button", name="Xác nhận giao khóa học").click()
        # The preview has the same address as the page the assignment answers with, so wait_for_url would not
        # wait: its message says the request is done.
        expect(page.locator(".messages")).to_contain_text(f"Đã giao khóa học “{course.title}”: 5 học viên")
        expect(page).to_have_url(re.compile(r"/giao-khoa-hoc/$"))
        recent = page.get_by_role("table", name="Các lần giao khóa học gần đây").inner_text()
        assert course.title in recent and tree["sxd"].name in recent
        assert Enrollment.objects.filter(course=course, source="assigned").count() == 5
        assert Assignment.objects.get(course=course).unit == tree["sxd"]

        # The enrollment request waits in the staff area, not in the Wagtail admin.
        page.get_by_role("link", name="Yêu cầu đăng ký học").click()
        page.wait_for_url("**/yeu-cau-dang-ky-hoc/")
        assert "Phạm Thu Hà" in page.get_by_role("heading", level=2).first.inner_text()
        _audit(page, "enrollment-requests", tmp_path)
        # Each decision answers with a new page: wait for its text before reading the database.
        page.get_by_role("button", name="Từ chối").click()
        expect(page.get_by_role("alert").first).to_contain_text("Hãy ghi lý do từ chối yêu cầu.")
        assert Enrollment.objects.get(user=waiting, course=approval).status == Enrollment.Status.PENDING
        page.get_by_role("button", name="Phê duyệt").click()
        expect(page.locator(".messages")).to_contain_text("Đã phê duyệt: Phạm Thu Hà")
        assert Enrollment.objects.get(user=waiting, course=approval).status == Enrollment.Status.ACTIVE
        expect(page.locator("main")).to_contain_text("Không có yêu cầu nào đang chờ.")
    finally:
        context.close()
