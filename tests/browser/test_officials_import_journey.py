"""HR imports officials (#16): downloads the template, uploads a broken file (the dry run lists each bad line and
nothing changes), then a good one, reads the dry run, applies it and sees the result. axe at 390 and 1280 px."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts import roles
from accounts.models import User

from ..factories import make_hr_manager, make_official
from ..officials.conftest import HEADER, csv_bytes, person
from .a11y import DESKTOP, PHONE, axe_run, blocking, describe, new_context, overflowing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _audit(page, label: str, tmp_path) -> None:
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        found = blocking(axe_run(page))
        assert not found, describe(f"{label} at {viewport['width']} px", found)
        page.screenshot(path=tmp_path / f"{label}-{viewport['width']}.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert not overflowing(page, width=390), f"{label} scrolls sideways at 390 px"


def _upload(page, data: bytes, name: str) -> None:
    page.get_by_label(re.compile(r"^Tệp danh sách cán bộ")).set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_url(re.compile(r"/nhap-can-bo/[0-9a-f-]{36}/$"))


def test_hr_imports_officials_through_a_dry_run(browser, live_server, tree, with_totp, tmp_path):
    hr = with_totp(make_hr_manager(tree["sxd"]))
    hr.groups.add(Group.objects.get_or_create(name=roles.HR_MANAGERS)[0])
    make_official(tree["ptdt"], user__email="mai2@sxd.tayninh.test", user__full_name="Trần Thị Mai 2")
    context = new_context(browser, live_server, user=hr)
    page = context.new_page()
    try:
        page.goto("/quan-ly-dao-tao/")
        page.get_by_role("navigation", name="Quản lý đào tạo").get_by_role(
            "link", name="Nhập danh sách cán bộ"
        ).click()
        page.wait_for_url("**/nhap-can-bo/")
        _audit(page, "import-form", tmp_path)

        with page.expect_download() as download:
            page.get_by_role("link", name="Tệp mẫu Excel (.xlsx)").click()
        with open(download.value.path(), "rb") as handle:
            sheet = load_workbook(io.BytesIO(handle.read())).worksheets[0]
        assert [c.value for c in sheet[1]] == HEADER

        people_before = sorted(User.objects.values_list("email", "full_name", "is_active"))
        _upload(
            page,
            csv_bytes(person(1), person(3, personal_id="072185"), person(4, unit_code="KHCN-CDS")),
            "loi.csv",
        )
        assert "Không có thay đổi nào." in page.get_by_role("alert").inner_text()
        # all_inner_texts does not wait: the table below the alert may not be parsed yet.
        expect(page.locator("#import-errors tbody tr")).to_have_count(2)
        errors = page.locator("#import-errors tbody tr").all_inner_texts()
        assert "Số định danh cá nhân" in errors[0] and "12 chữ số" in errors[0]
        assert "Mã đơn vị" in errors[1] and "ngoài phạm vi" in errors[1]
        assert page.get_by_role("button", name="Nhập vào hệ thống").count() == 0
        assert sorted(User.objects.values_list("email", "full_name", "is_active")) == people_before
        _audit(page, "import-errors", tmp_path)

        page.get_by_role("link", name="Tải lên tệp đã sửa").click()
        page.wait_for_url("**/nhap-can-bo/")
        _upload(page, csv_bytes(person(1), person(2, position="Trưởng phòng")), "dung.csv")
        page.get_by_role("heading", name="Kết quả kiểm tra thử").wait_for()
        assert page.locator('[data-count="create"]').inner_text() == "1"
        assert page.locator('[data-count="update"]').inner_text() == "1"
        assert "0721******01" in page.content()
        assert not User.objects.filter(email="mai1@sxd.tayninh.test").exists()
        _audit(page, "import-dry-run", tmp_path)

        page.get_by_role("button", name="Nhập vào hệ thống").click()
        page.get_by_role("heading", name="Kết quả", exact=True).wait_for()
        assert page.locator("[data-status]").inner_text() == "Đã nhập"
        expect(page.get_by_role("heading", name=re.compile(r"^Đã tạo"))).to_be_visible()
        assert User.objects.filter(
            email="mai1@sxd.tayninh.test", profile__organisation_unit=tree["ptdt"]
        ).exists()
        assert User.objects.get(email="mai2@sxd.tayninh.test").profile.position == "Trưởng phòng"
        _audit(page, "import-result", tmp_path)
    finally:
        context.close()
