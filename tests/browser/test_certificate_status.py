"""The learner's certificate list on a phone: each certificate's status reads as a badge, a revoked one
says when and links its replacement, and the page passes the accessibility gate."""

import pytest

from certificates import services

from ..factories import UserFactory, make_completed_enrollment, make_course, make_official
from .a11y import PHONE, axe_run, blocking, describe, new_context, overflowing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_revoked_certificate_shows_its_status_and_replacement_at_390px(browser, live_server, catalog, tree):
    course = make_course(catalog, title="Quản lý cấp phép xây dựng trực tuyến", for_officials=True)
    profile = make_official(tree["ptdt"], user__full_name="Đỗ Thị Hồng Nhung")
    enrollment = make_completed_enrollment(profile.user, course)
    first = services.certificate_issue(enrollment=enrollment)
    admin = UserFactory(is_superuser=True, is_staff=True)
    new = services.certificate_reissue(certificate=first, reason="Sai ngày hoàn thành", by=admin)

    context = new_context(browser, live_server, viewport=PHONE, user=profile.user)
    page = context.new_page()
    page.goto("/giay-chung-nhan/")
    revoked = page.locator("tr", has_text=first.serial)
    assert revoked.locator(".badge-revoked").inner_text() == "Đã thu hồi"
    assert revoked.get_by_role("link", name=f"Được thay bằng {new.serial}").is_visible()
    assert page.locator("tr", has_text=new.serial).locator(".badge-valid").inner_text() == "Còn hiệu lực"
    violations = blocking(axe_run(page))
    assert not violations, describe("certificates at 390 px", violations)
    assert not overflowing(page), overflowing(page)

    revoked.get_by_role("link", name=f"Được thay bằng {new.serial}").click()
    page.wait_for_url(f"**/tra-cuu-chung-nhan/{new.verification_code}/")
    assert "Còn hiệu lực" in page.locator("main").inner_text()
    context.close()
