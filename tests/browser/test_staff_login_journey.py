"""A trainer who opens the Wagtail admin signs in through the one sign-in flow: password, then the code."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts import roles

from ..auth import PASSWORD, current_totp_code
from ..factories import UserFactory
from .a11y import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_wagtail_login_path_ends_at_the_totp_step(browser, live_server, with_totp, catalog):
    trainer = with_totp(UserFactory(full_name="Lê Văn Giảng"))
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()

    page.goto("/admin/login/?next=/admin/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/admin/$"))
    page.get_by_label("Email").fill(trainer.email)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # The password alone opens nothing: the admin still answers with the code step.
    page.wait_for_url("**/accounts/2fa/authenticate/")
    admin = context.request.get(f"{live_server.url}/admin/", max_redirects=0)
    assert admin.status == 302 and "/accounts/login/" in admin.headers["location"]

    page.get_by_label("Mã xác thực").fill("000000")
    page.get_by_role("button", name=re.compile("Đăng nhập|Xác thực")).click()
    expect(page.get_by_text("Mã không chính xác.").first).to_be_visible()  # on the page the server answers

    page.get_by_label("Mã xác thực").fill(current_totp_code())
    page.get_by_role("button", name=re.compile("Đăng nhập|Xác thực")).click()
    page.wait_for_url("**/admin/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("#wagtail").count() == 1 or "Bảng điều khiển" in page.content()
    context.close()
