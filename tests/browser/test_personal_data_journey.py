"""A learner on a phone (390 px) reads their personal data and downloads it as JSON."""

import json
from pathlib import Path

import pytest

from accounts.models import ConsentRecord, PersonalDataAccess

from ..factories import ProfileFactory, make_hr_manager, make_official, make_unit
from .a11y import PHONE, axe_run, blocking, describe, new_context, overflowing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_learner_reads_and_downloads_their_personal_data_on_a_phone(browser, live_server):
    unit = make_unit("TN", "Ủy ban nhân dân tỉnh Tây Ninh", kind="province")
    profile = make_official(unit)
    learner = profile.user
    learner.full_name = "Lê Thị Hồng"
    learner.save()
    ConsentRecord.objects.create(user=learner, notice_version="2026-07-01")
    hr = make_hr_manager(unit)
    PersonalDataAccess.objects.create(
        actor=hr, actor_name=hr.full_name, subject=learner, action="view_learner"
    )
    stranger = ProfileFactory().user

    context = new_context(browser, live_server, viewport=PHONE, user=learner)
    page = context.new_page()
    page.goto("/tai-khoan/ho-so/")
    page.get_by_role("link", name="Xem dữ liệu cá nhân của tôi").click()
    page.wait_for_url("**/tai-khoan/ho-so/du-lieu-ca-nhan/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dữ liệu cá nhân của tôi"
    main = page.locator("main").inner_text()
    assert "Lê Thị Hồng" in main and hr.full_name in main and stranger.email not in main
    assert overflowing(page, width=390) == []
    problems = blocking(axe_run(page))
    assert not problems, describe("personal data page", problems)

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải dữ liệu của tôi (JSON)").click()
    download = info.value
    assert download.suggested_filename.startswith("du-lieu-ca-nhan-")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == learner.email
    assert data["access_log"][0]["action"] == "view_learner"
    assert "learning" in data and "certificates" in data
    context.close()
