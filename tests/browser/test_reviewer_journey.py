"""The content reviewer cannot approve an empty course: the editor shows the checklist in Vietnamese (#14).

Then a course with a published lesson is approved, with a message saying so. The editor with the refusal, the
explorer with the approval message and the admin sign-in page the reviewer starts from have no serious
accessibility violations at phone and desktop widths.
"""

import re
import time

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts import roles
from cms.models import CoursePage

from ..factories import UserFactory, make_course, make_lesson
from .a11y import DESKTOP, PHONE, assert_admin_accessible, axe_run, blocking, describe, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(catalog, with_totp):
    trainer = with_totp(UserFactory(email="giangvien@dothithongminh.test", full_name="Lê Minh Khoa"))
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    reviewer = with_totp(UserFactory(email="duyet@dothithongminh.test", full_name="Phạm Thu Hà"))
    reviewer.groups.add(Group.objects.get(name=roles.REVIEWERS))
    return trainer, reviewer


def submitted(catalog, trainer, title: str, **fields) -> CoursePage:
    course = make_course(catalog, title=title, publish=False, **fields)
    course.get_workflow().start(course, trainer)
    return course


def choose_action(page, name: str, *, confirm: str | None = None) -> None:
    """Open the editor's action menu (next to "Lưu bản nháp"), click ``name`` (then ``confirm`` in the dialog
    it opens, if given) and wait for the page the server answers with: a refusal comes back to the editor's own
    address, and Wagtail's admin always has a ``.messages`` box, so neither the address nor the messages show
    that the answer has arrived."""
    page.locator("footer").get_by_role("button", name="Thêm thao tác").click()
    button = page.locator("footer").get_by_role("button", name=name, exact=True)
    if confirm is not None:
        button.click()
        button = page.get_by_role("dialog").get_by_role("button", name=confirm, exact=True)
    with page.expect_navigation():
        button.click()


def test_reviewer_is_blocked_on_an_empty_course_then_approves_a_ready_one(
    browser, live_server, catalog, staff
):
    trainer, reviewer = staff
    empty = submitted(catalog, trainer, "Khóa học chưa có bài")
    ready = submitted(
        catalog, trainer, "Khóa học đã có bài", objectives=[("objective", "Hiểu đô thị thông minh là gì")]
    )
    make_lesson(ready, title="Bài 1: Khái niệm")

    context = new_context(browser, live_server, viewport=DESKTOP, user=reviewer)
    page = context.new_page()
    page.goto(f"/admin/pages/{empty.pk}/edit/")
    checklist = page.locator("[data-checklist]")
    assert "Khóa học có ít nhất một bài học đã xuất bản" in checklist.inner_text()

    # Approving from the editor's menu is refused with the checklist; the course stays in review.
    choose_action(page, "Phê duyệt và xuất bản")
    page.wait_for_url(f"**/admin/pages/{empty.pk}/edit/")
    error = page.locator(".messages").inner_text()
    assert "Chưa xuất bản khóa học “Khóa học chưa có bài”" in error
    assert "Khóa học có ít nhất một bài học đã xuất bản" in error
    assert_admin_accessible(page, "editor, approval refused")
    empty.refresh_from_db()
    assert not empty.live and empty.workflow_in_progress

    # So is the plain "Xuất bản" button. Wagtail first asks whether to cancel the review for it: without that
    # answer nothing was sent, and the message above, still on screen, was what this step used to read.
    choose_action(page, "Xuất bản", confirm="Xuất bản")
    page.wait_for_url(f"**/admin/pages/{empty.pk}/edit/")
    assert "Chưa xuất bản khóa học" in page.locator(".messages").inner_text()
    empty.refresh_from_db()
    assert not empty.live

    # A course with a published lesson is approved and goes live, and the reviewer is told so.
    page.goto(f"/admin/pages/{ready.pk}/edit/")
    assert "✓" in page.locator("[data-checklist]").inner_text()
    expect(page.get_by_role("textbox", name="Mục tiêu")).to_have_value("Hiểu đô thị thông minh là gì")
    assert_admin_accessible(page, "editor with learning objectives")
    choose_action(page, "Phê duyệt và xuất bản")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    assert "Đã phê duyệt và xuất bản “Khóa học đã có bài”." in page.locator(".messages").inner_text()
    assert_admin_accessible(page, "explorer, approved")
    # Under load on PostgreSQL the row was once read before the approval's publish showed (the message already
    # had): look again for a few seconds before judging.
    for _attempt in range(20):
        ready.refresh_from_db()
        if ready.live:
            break
        time.sleep(0.25)
    assert ready.live and not ready.workflow_in_progress
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_admin_sign_in_page_is_vietnamese_and_accessible(browser, live_server, catalog, viewport):
    context = new_context(browser, live_server, viewport=viewport)
    page = context.new_page()
    page.goto("/admin/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/admin/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Đăng nhập trang quản trị"
    assert page.get_by_label(re.compile(r"^Mật khẩu")).is_visible()
    assert "đăng ký tài khoản" not in page.content()  # staff accounts are made by the administrator
    found = blocking(axe_run(page))
    assert not found, describe("admin sign-in", found)
    context.close()
