import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Audience, Profile

from ..factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_official_signs_up_confirms_email_logs_in_and_sees_profile_in_vietnamese(page):
    province = make_unit("TN", "Ủy ban nhân dân tỉnh Tây Ninh", kind="province")
    department = make_unit("SXD", "Sở Xây dựng", province, kind="department")
    make_unit("SXD-PTDT", "Phòng Phát triển đô thị", department)

    page.goto("/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_label("Email").fill("tuyet.nguyen@example.test")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("Mat-khau-an-toan-2026")
    page.get_by_label("Nhập lại mật khẩu").fill("Mat-khau-an-toan-2026")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Ánh Tuyết")
    page.get_by_label("Cán bộ, công chức, viên chức").check()
    # Only the chosen audience's fields are shown.
    expect(page.get_by_label("Mã số thuế")).to_be_hidden()
    page.get_by_label("Cơ quan, đơn vị").select_option(label="— — Phòng Phát triển đô thị")
    page.get_by_label("Chức vụ").fill("Chuyên viên")
    page.get_by_role("button", name="Đăng ký").click()
    # Forgot the consent: the error is in Vietnamese and what was typed is kept. The form comes back from the
    # server: wait for that page, not the one still on screen.
    expect(page.get_by_role("alert").first).to_be_visible()
    assert "đồng ý" in page.get_by_role("alert").first.inner_text().lower()
    assert page.get_by_label("Họ và tên").input_value() == "Nguyễn Thị Ánh Tuyết"
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("Mat-khau-an-toan-2026")
    page.get_by_label("Nhập lại mật khẩu").fill("Mat-khau-an-toan-2026")
    page.get_by_label("Tôi đồng ý cho phép xử lý dữ liệu cá nhân").check()
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert "xác nhận" in page.content().lower()

    link = re.search(r"https?://[^\s]+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Xác nhận").click()
    # The confirmation answers with the sign-in page; going there before it did would cancel the confirmation.
    page.wait_for_url("**/accounts/login/")

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("tuyet.nguyen@example.test")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("Mat-khau-an-toan-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/hoc-tap/")  # a learner lands on "Khóa học của tôi" (#14)
    page.goto("/tai-khoan/ho-so/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hồ sơ của tôi"
    body = page.locator("main").inner_text()
    assert "Nguyễn Thị Ánh Tuyết" in body
    assert "Phòng Phát triển đô thị" in body
    assert "Cán bộ, công chức, viên chức" in body
    profile = Profile.objects.get(user__email="tuyet.nguyen@example.test")
    assert profile.audience == Audience.OFFICIAL
