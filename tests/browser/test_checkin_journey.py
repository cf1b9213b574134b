"""The check-in journey (#15): the trainer puts the check-in screen up, a learner's phone reads its QR code
and checks in; the same link after it expired is refused. The QR code is read from a screenshot by a real
decoder (zxing-cpp), as a phone camera would. Attendance and check-in pages pass axe at 390 and 1280 px."""

import io
import re
import types
from datetime import timedelta

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from classes import attendance
from classes.models import Attendance

from ..classes.attendance_world import make_attendance_class
from .a11y import DESKTOP, PHONE, axe_run, blocking, describe, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _decode_qr(png: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    texts = [result.text for result in results if result.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(texts) == 1, f"expected one QR code, found {texts}"
    return texts[0]


def test_learner_checks_in_by_scanning_the_screen_and_an_expired_link_is_refused(
    browser, live_server, catalog, tree, settings, tmp_path, monkeypatch
):
    settings.LMS_CHECKIN_TOKEN_MAX_AGE = 10
    settings.LMS_CHECKIN_ROTATE_SECONDS = 5
    training_class, session, trainer, members = make_attendance_class(catalog, tree["ptdt"], learners=2)
    screen = new_context(browser, live_server, viewport=DESKTOP, user=trainer).new_page()
    screen.goto(f"/quan-ly-dao-tao/lop-hoc/buoi/{session.pk}/diem-danh-qr/")
    assert training_class.name in screen.locator("h1").inner_text()
    assert screen.locator("#checkin-code").inner_text().strip().isdigit()
    first_qr = screen.locator("#checkin-qr").get_attribute("src")
    url = _decode_qr(screen.locator("#checkin-qr").screenshot())
    screen.screenshot(path=tmp_path / "checkin-screen.png")
    assert f"/diem-danh/buoi/{session.pk}/?ma=" in url

    phone = new_context(browser, live_server, viewport=PHONE, user=members[0].user).new_page()
    phone.goto(url)
    assert "có mặt" in phone.locator(".checkin-result p.message-success").inner_text()
    record = Attendance.objects.get(session=session, member=members[0])
    assert (record.status, record.method) == ("present", "qr")
    phone.goto(url)  # scanning twice records once
    assert "đã điểm danh" in phone.locator(".checkin-result p.message-success").inner_text()
    assert Attendance.objects.filter(session=session).count() == 1

    # The screen counts the new arrival without a reload (checkin.js fetches the state).
    expect(screen.locator("#checkin-present")).to_have_text("1", timeout=15_000)
    assert screen.locator("#checkin-qr").get_attribute("src") != first_qr  # a new code for the new slot

    # 11 s later on the check-in clock (the live server runs in this process), past LMS_CHECKIN_TOKEN_MAX_AGE:
    # the same refusal as after waiting, without the wait.
    later = types.SimpleNamespace(now=lambda: timezone.now() + timedelta(seconds=11))
    monkeypatch.setattr(attendance, "timezone", later)
    late_phone = new_context(browser, live_server, viewport=PHONE, user=members[1].user).new_page()
    response = late_phone.goto(url)
    assert response.status == 400
    assert "hết hạn" in late_phone.locator(".checkin-result p.message-error").inner_text()
    assert not Attendance.objects.filter(member=members[1]).exists()


def test_anonymous_scan_goes_through_sign_in_and_back(browser, live_server, catalog, tree):
    _class, session, _trainer, members = make_attendance_class(catalog, tree["ptdt"], learners=1)
    context = new_context(browser, live_server, viewport=PHONE)
    page = context.new_page()
    token = attendance.checkin_token(session=session)
    page.goto(f"/diem-danh/buoi/{session.pk}/?ma={token}")
    assert "/accounts/login/" in page.url and "next=" in page.url
    page.fill("input[name=login]", members[0].user.email)
    page.fill("input[name=password]", "Mat-khau-an-toan-2026")
    page.locator("form button[type=submit]").last.click()
    # Not a glob: "**/diem-danh/buoi/<pk>/**" also matches the sign-in page's own address (its next= parameter).
    page.wait_for_url(re.compile(rf"/diem-danh/buoi/{session.pk}/\?ma="))
    assert "có mặt" in page.locator(".checkin-result p.message-success").inner_text()
    assert Attendance.objects.filter(session=session, member=members[0]).exists()
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_attendance_pages_have_no_serious_violations(browser, live_server, catalog, tree, viewport, tmp_path):
    _class, session, trainer, members = make_attendance_class(catalog, tree["ptdt"], learners=3)
    from classes.services import attendance_record

    attendance_record(session=session, member=members[0], status="excused", by=trainer, reason="Ốm")
    pages = [
        (trainer, f"/quan-ly-dao-tao/lop-hoc/buoi/{session.pk}/diem-danh-qr/", "#checkin-qr"),
        (trainer, f"/quan-ly-dao-tao/lop-hoc/buoi/{session.pk}/diem-danh/", ".roster-row"),
        (trainer, f"/quan-ly-dao-tao/lop-hoc/{session.training_class_id}/", ".session-item"),
        (members[1].user, "/diem-danh/nhap-ma/", "#checkin-code"),
    ]
    for user, url, marker in pages:
        context = new_context(browser, live_server, viewport=viewport, user=user)
        page = context.new_page()
        try:
            page.goto(url)
            assert page.locator(marker).first.is_visible(), url
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{url} scrolls sideways at {viewport['width']} px ({width})"
            found = blocking(axe_run(page))
            assert not found, describe(url, found)
            page.screenshot(
                path=tmp_path / f"{url.strip('/').replace('/', '-')}-{viewport['width']}.png", full_page=True
            )
        finally:
            context.close()
