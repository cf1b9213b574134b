"""A person types a name with a hidden direction mark, then a long name typed decomposed (#12 "Names")."""

import re
import unicodedata

import pytest

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = ("Nguyễn Thị Ánh Tuyết " * 8)[:150].strip().ljust(150, "ệ")


def fill_signup(page, name):
    page.get_by_label("Email").fill("tuyet.nguyen@example.test")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("Mat-khau-an-toan-2026")
    page.get_by_label("Nhập lại mật khẩu").fill("Mat-khau-an-toan-2026")
    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Người dân").check()
    page.get_by_label("Tôi đồng ý cho phép xử lý dữ liệu cá nhân").check()
    page.get_by_role("button", name="Đăng ký").click()


def test_hidden_characters_are_refused_and_a_decomposed_long_name_is_accepted(page):
    page.goto("/accounts/signup/")
    fill_signup(page, "Nguyễn \u202e2026 Tuyết")
    assert "ký tự ẩn" in page.get_by_role("alert").first.inner_text()
    assert not User.objects.exists()
    fill_signup(page, unicodedata.normalize("NFD", LONG_NAME))
    page.wait_for_url("**/accounts/confirm-email/")
    assert User.objects.get().full_name == LONG_NAME
