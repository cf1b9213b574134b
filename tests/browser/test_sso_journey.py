"""Single sign-on in a real browser, through a real OpenID Connect provider (tests/oidc_provider, its own
process on 127.0.0.1): linking by a verified e-mail, a newcomer's short form, the staff second factor
(asked, or satisfied by a trusted provider's ``amr``), a refusal, and logout at the provider too."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts import roles
from accounts.models import Audience, Profile, User

from ..auth import current_totp_code
from ..factories import ProfileFactory, UserFactory
from ..sso_provider import PROVIDER_PASSWORD, configure
from .a11y import DESKTOP, PHONE, axe_run, blocking, describe, overflowing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sso(settings, oidc_provider, live_server):
    if live_server.url not in oidc_provider.bases:
        oidc_provider.register(live_server.url)
    configure(settings, oidc_provider)
    return oidc_provider


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("LMS_SSO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _context(browser, live_server, viewport=DESKTOP):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=viewport)
    context.set_default_timeout(20_000)
    return context


def _through_provider(page, provider_name, username, *, consent=None):
    """From the platform's sign-in page to the provider and, after its login (and consent), back."""
    page.goto("/accounts/login/")
    page.get_by_role("button", name=f"Đăng nhập bằng {provider_name}").click()
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/dang-nhap/"))
    page.fill("#id_username", username)
    page.fill("#id_password", PROVIDER_PASSWORD)
    page.get_by_role("button", name="Đăng nhập tại nhà cung cấp").click()
    if consent is not None:
        page.get_by_role("button", name=consent).click()


def _audit(page, label, shots):
    failures = []
    for width, viewport in (("390", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=shots / f"sso-{label}-{width}.png", full_page=True)
        if found := blocking(axe_run(page)):
            failures.append(describe(f"{label} @{width}", found))
    assert not overflowing(page), overflowing(page)
    assert not failures, "\n".join(failures)


def test_login_page_with_sso_buttons_passes_axe(browser, live_server, sso, shots):
    context = _context(browser, live_server)
    page = context.new_page()
    page.goto("/accounts/login/")
    buttons = page.locator(".sso-button")
    assert buttons.all_inner_texts() == [
        "Đăng nhập bằng Tài khoản công vụ Tây Ninh",
        "Đăng nhập bằng VNeID (thử nghiệm)",
    ]
    assert page.get_by_role("heading", name="Hoặc dùng đăng nhập một lần").is_visible()
    _audit(page, "login", shots)
    context.close()


def test_learner_is_linked_by_verified_email_and_logout_ends_the_provider_session(browser, live_server, sso):
    learner = UserFactory(email="hocvien.sso@example.test", full_name="Phạm Thị Học")
    ProfileFactory(user=learner, audience=Audience.CITIZEN)
    context = _context(browser, live_server)
    page = context.new_page()

    _through_provider(page, "VNeID (thử nghiệm)", "hocvien", consent="Authorize")
    page.wait_for_url("**/hoc-tap/")
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
    assert learner.socialaccount_set.get().provider == "vneid"

    page.get_by_role("button", name="Đăng xuất").click()
    # The provider gets the ID token as a hint: it ends its session without asking and sends the browser home.
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="Đăng nhập").first.is_visible()
    # Signed out at the provider as well: signing in again asks for the provider's password.
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Đăng nhập bằng VNeID (thử nghiệm)").click()
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/dang-nhap/"))
    context.close()


def test_newcomer_completes_the_short_form(browser, live_server, sso, tree, shots):
    context = _context(browser, live_server)
    page = context.new_page()

    _through_provider(page, "Tài khoản công vụ Tây Ninh", "nguoimoi")
    page.wait_for_url("**/accounts/3rdparty/signup/")
    assert page.get_by_role("heading", name="Hoàn tất tài khoản").is_visible()
    assert page.get_by_label("Họ và tên").input_value() == "Trần Thị Mới"
    assert page.get_by_label("Email").input_value() == "nguoimoi@example.test"
    assert page.locator("input[name=audience][value=official]").is_checked()
    assert (
        page.locator("select[name=organisation_unit] option:checked")
        .inner_text()
        .strip()
        .endswith("Sở Xây dựng")
    )
    assert page.locator("input[type=password]").count() == 0
    _audit(page, "signup", shots)

    page.get_by_role("button", name="Tạo tài khoản").click()
    # The form comes back with position and consent still missing; wait for that answer, not the old page.
    expect(page.locator(".field-invalid").first).to_be_visible()
    page.get_by_label("Chức vụ").fill("Chuyên viên")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.wait_for_url("**/tai-khoan/ho-so/")
    user = User.objects.get(email="nguoimoi@example.test")
    profile = Profile.objects.get(user=user)
    assert profile.audience == Audience.OFFICIAL and profile.organisation_unit == tree["sxd"]
    assert profile.position == "Chuyên viên"
    context.close()


def test_staff_whose_provider_asserts_no_second_factor_meet_the_totp_step(
    browser, live_server, sso, catalog, with_totp
):
    trainer = with_totp(UserFactory(email="giangvien.sso@example.test", full_name="Lê Văn Giảng"))
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    context = _context(browser, live_server)
    page = context.new_page()

    _through_provider(page, "Tài khoản công vụ Tây Ninh", "giangvien")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.get_by_label("Mã xác thực").fill(current_totp_code())
    page.get_by_role("button", name=re.compile("Đăng nhập|Xác thực")).click()
    page.wait_for_url("**/admin/")
    assert page.locator("#wagtail").count() == 1 or "Bảng điều khiển" in page.content()
    context.close()


def test_staff_whose_trusted_provider_asserts_mfa_skip_the_totp_step(
    browser, live_server, sso, catalog, with_totp
):
    with_totp(UserFactory(email="quantri.sso@example.test", is_staff=True, is_superuser=True))
    context = _context(browser, live_server)
    page = context.new_page()

    _through_provider(page, "Tài khoản công vụ Tây Ninh", "quantri")
    page.wait_for_url("**/admin/")
    assert "/accounts/2fa/" not in page.url
    assert context.request.get(f"{live_server.url}/admin/", max_redirects=0).status == 200
    context.close()


def test_refusal_at_the_provider_shows_a_clear_message_on_the_login_page(browser, live_server, sso, shots):
    context = _context(browser, live_server)
    page = context.new_page()

    _through_provider(page, "VNeID (thử nghiệm)", "hocvien", consent="Cancel")
    page.wait_for_url("**/accounts/login/")
    message = page.get_by_text("VNeID (thử nghiệm) không cho phép đăng nhập (bị từ chối hoặc đã hủy)")
    assert message.is_visible()
    assert page.get_by_role("button", name="Đăng nhập bằng VNeID (thử nghiệm)").is_visible()
    _audit(page, "refused", shots)
    context.close()


def test_connected_accounts_and_sso_message_pages_pass_axe(browser, live_server, sso, shots):
    """allauth's pages reached through SSO, in the project's layout and in Vietnamese: the linked accounts
    (with the button to link another), the "cancelled" and "did not succeed" pages."""
    learner = UserFactory(email="hocvien.sso@example.test", full_name="Phạm Thị Học")
    learner.set_unusable_password()  # signs in through the provider only
    learner.save()
    ProfileFactory(user=learner, audience=Audience.CITIZEN)
    context = _context(browser, live_server)
    page = context.new_page()
    _through_provider(page, "VNeID (thử nghiệm)", "hocvien", consent="Authorize")
    page.wait_for_url("**/hoc-tap/")

    page.goto("/tai-khoan/ho-so/")
    page.get_by_role("link", name="Tài khoản đăng nhập đã liên kết").click()
    page.wait_for_url("**/accounts/3rdparty/")
    assert page.get_by_role("heading", name="Tài khoản đăng nhập đã liên kết", level=1).is_visible()
    assert page.get_by_label(re.compile("VNeID")).count() == 1
    assert page.get_by_role("button", name="Hủy liên kết").is_visible()
    assert page.get_by_role("button", name="Liên kết Tài khoản công vụ Tây Ninh").is_visible()
    _audit(page, "connections", shots)
    # The only way in of an account without a password cannot be unlinked: said in Vietnamese, in place.
    page.get_by_label(re.compile("VNeID")).check()
    page.get_by_role("button", name="Hủy liên kết").click()
    # The refusal is the server's answer (the page still on screen has no error): wait for it before reading
    # the database, which the request could still be writing.
    expect(page.locator(".error-summary")).to_be_visible()
    assert page.locator(".error-summary").inner_text().strip()
    assert learner.socialaccount_set.count() == 1
    _audit(page, "connections-refused", shots)

    for url, heading, label in (
        ("/accounts/3rdparty/login/cancelled/", "Đã hủy đăng nhập", "cancelled"),
        ("/accounts/3rdparty/login/error/", "Đăng nhập qua nơi cấp tài khoản không thành công", "error"),
    ):
        page.goto(url)
        assert page.get_by_role("heading", name=heading).is_visible()
        assert page.get_by_role("link", name="Quay lại trang đăng nhập").is_visible()
        _audit(page, label, shots)
    context.close()
