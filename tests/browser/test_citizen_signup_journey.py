"""A new citizen signs up with a mistyped address, is told what to do, resends, corrects it and gets in (#14).

Each page on the way (the confirm-your-email page, the confirmation link, the first dashboard) is checked with
axe at 390 px and 1280 px and for sideways scrolling at 320 px."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import Site

from accounts.models import Profile
from cms.models import ContactSettings

from .a11y import DESKTOP, PHONE, axe_run, blocking, describe, overflowing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-an-toan-2026"
TYPO = "le.van.an@gmial.test"
RIGHT = "le.van.an@example.test"


def links_to(address: str) -> list[str]:
    return [
        match.group(0)
        for message in mail.outbox
        if message.to == [address]
        and (match := re.search(r"https?://[^\s]+/accounts/confirm-email/\S+/", message.body))
    ]


def assert_accessible(page, label: str) -> None:
    """No serious WCAG violation at phone and desktop width, and no sideways scrolling on the phone."""
    failures = []
    for name, viewport in (("390", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(viewport)
        if found := blocking(axe_run(page)):
            failures.append(describe(f"{label} @{name}", found))
    page.set_viewport_size(PHONE)
    if wide := overflowing(page):
        failures.append(f"{label}: scrolls sideways at 320 px: {', '.join(wide)}")
    assert not failures, "\n".join(failures)


def test_citizen_signs_up_resends_corrects_the_address_confirms_and_gets_in(page, catalog):
    contact = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    contact.hotline, contact.email = "0276 3822 100", "hotro@example.test"
    contact.save()

    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(TYPO)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_label("Họ và tên").fill("Lê Văn An")
    page.get_by_label("Người dân").check()
    # The province's real communes and wards, by place name and official code.
    commune = page.get_by_label("Xã / phường")
    assert commune.locator("option").count() == 97  # 96 places and the empty choice
    commune.select_option(label="Phường Tân Ninh")
    page.get_by_label("Tôi đồng ý cho phép xử lý dữ liệu cá nhân").check()
    page.get_by_role("button", name="Đăng ký").click()

    # The page says where the email went, what to do, and whom to ask.
    page.wait_for_url("**/accounts/confirm-email/")
    main = page.locator("main")
    assert page.get_by_role("heading", level=1).inner_text() == "Kiểm tra hộp thư để xác nhận địa chỉ email"
    assert f"Chúng tôi đã gửi email xác nhận đến {TYPO}" in main.inner_text()
    assert main.get_by_role("link", name="0276 3822 100").get_attribute("href") == "tel:02763822100"
    assert page.locator("footer").get_by_role("link", name="hotro@example.test").is_visible()
    assert_accessible(page, "confirm-email")
    assert len(links_to(TYPO)) == 1

    # Nothing arrived (the address is wrong): send it again, once; a second click is held back.
    # Each answer comes back to the same address: wait for its text (the page before it has a <main> too) before
    # counting the e-mails its request sent.
    page.get_by_role("button", name="Gửi lại email xác nhận").click()
    expect(page.locator("main")).to_contain_text(f"Chúng tôi đã gửi lại email xác nhận đến {TYPO}")
    assert len(links_to(TYPO)) == 2
    page.get_by_role("button", name="Gửi lại email xác nhận").click()
    expect(page.locator("main")).to_contain_text("vừa được gửi")
    assert len(links_to(TYPO)) == 2

    # Spot the typo and correct it on the same page.
    page.get_by_label("Địa chỉ email đúng").fill(RIGHT)
    page.get_by_role("button", name="Đổi địa chỉ và gửi lại").click()
    expect(page.locator("main")).to_contain_text(f"Chúng tôi đã gửi email xác nhận đến {RIGHT}")
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert_accessible(page, "confirm-email after correction")

    # The link emailed to the right address confirms it, and the page leads on to signing in.
    [link] = links_to(RIGHT)
    page.goto(link)
    assert RIGHT in page.locator("main").inner_text()
    assert_accessible(page, "confirm the address")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url("**/accounts/login/")
    assert f"Bạn đã xác nhận {RIGHT}" in page.locator(".messages").inner_text()
    page.get_by_label("Email").fill(RIGHT)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # A new learner lands on "Khóa học của tôi", whose one button is the catalogue.
    page.wait_for_url("**/hoc-tap/")
    assert page.get_by_role("heading", level=1).inner_text() == "Khóa học của tôi"
    primary = page.locator("main a.button:not(.button-secondary), main button.button:not(.button-secondary)")
    expect(primary).to_have_count(1)
    expect(primary).to_have_text("Xem danh mục khóa học")
    assert_accessible(page, "first dashboard")
    profile = Profile.objects.get(user__email=RIGHT)
    assert profile.commune_code == "25459"
    assert not Profile.objects.filter(user__email=TYPO).exists()
