"""The training record (#16, ADR 0033): an official records external training with a PDF, their HR manager
approves it, and the record shows it; axe at 390 and 1280 px on every screen of the way."""

import os
import re
import shutil

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from cms.content_categories import content_categories_seed
from records.models import ExternalTraining, TrainingTarget

from ..factories import make_hr_manager, make_official
from ..security_world import MINIMAL_PDF
from .a11y import DESKTOP, PHONE, axe_run, blocking, describe, new_context, overflowing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _audit(page, label: str, tmp_path) -> None:
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        found = blocking(axe_run(page))
        assert not found, describe(f"{label} at {viewport['width']} px", found)
        shot = tmp_path / f"{label}-{viewport['width']}.png"
        page.screenshot(path=shot, full_page=True)
        if os.environ.get("LMS_SCREENSHOT_DIR"):
            shutil.copy(shot, os.environ["LMS_SCREENSHOT_DIR"])
    page.set_viewport_size(PHONE)
    assert not overflowing(page, width=390), f"{label} scrolls sideways at 390 px"


def test_official_submits_external_training_and_hr_approves_it(
    browser, live_server, catalog, tree, with_totp, tmp_path
):
    year = timezone.localdate().year
    # A transactional test starts from empty tables: the seeded categories come back here.
    content_categories_seed()
    official = make_official(tree["ptdt"], user__full_name="Phạm Thu Hà").user
    hr = with_totp(make_hr_manager(tree["sxd"]))
    hr.groups.add(Group.objects.get(name=roles.HR_MANAGERS))
    TrainingTarget.objects.create(year=year, unit=tree["sxd"], periods=40)
    evidence = tmp_path / "giay-chung-nhan.pdf"
    evidence.write_bytes(MINIMAL_PDF)

    context = new_context(browser, live_server, user=official)
    page = context.new_page()
    try:
        page.goto("/hoc-tap/")
        page.get_by_role("link", name=re.compile("Quá trình đào tạo, bồi dưỡng của tôi")).click()
        page.get_by_role("heading", name="Quá trình đào tạo, bồi dưỡng của tôi").wait_for()
        _audit(page, "record-empty", tmp_path)
        page.get_by_role("link", name="Khai báo khóa bồi dưỡng bên ngoài").click()
        page.get_by_role("heading", name="Khai báo khóa bồi dưỡng bên ngoài").wait_for()
        _audit(page, "external-form", tmp_path)
        page.get_by_label("Tên khóa bồi dưỡng").fill("Bồi dưỡng kiến thức quốc phòng và an ninh")
        page.get_by_label("Đơn vị tổ chức").fill("Bộ Chỉ huy Quân sự tỉnh Tây Ninh")
        page.get_by_label("Nhóm nội dung bồi dưỡng").select_option(label="Kiến thức quốc phòng và an ninh")
        page.get_by_label("Số tiết").fill("24")
        page.get_by_label("Ngày bắt đầu").fill(f"{year}-03-02")
        page.get_by_label("Ngày kết thúc").fill(f"{year}-03-06")
        page.get_by_label(re.compile("^Minh chứng")).set_input_files(str(evidence))
        page.get_by_role("button", name="Gửi để duyệt").click()
        page.get_by_text("Đã gửi: cán bộ phụ trách đào tạo sẽ kiểm tra minh chứng").wait_for()
        assert "Chờ phê duyệt" in page.content()
        _audit(page, "record-pending", tmp_path)
    finally:
        context.close()

    context = new_context(browser, live_server, user=hr)
    page = context.new_page()
    try:
        page.goto("/quan-ly-dao-tao/qua-trinh-boi-duong/")
        _audit(page, "hr-report", tmp_path)
        page.get_by_role("link", name=re.compile("khai báo khóa bồi dưỡng bên ngoài đang chờ duyệt")).click()
        page.get_by_role("heading", name="Khóa bồi dưỡng bên ngoài chờ duyệt").wait_for()
        _audit(page, "hr-pending", tmp_path)
        page.get_by_role("button", name="Phê duyệt").first.click()
        page.get_by_text("Đã duyệt: “Bồi dưỡng kiến thức quốc phòng và an ninh” của Phạm Thu Hà.").wait_for()
        assert ExternalTraining.objects.get().status == "approved"
        page.goto(f"/quan-ly-dao-tao/qua-trinh-boi-duong/?nam={year}")
        page.get_by_role("link", name="Phạm Thu Hà").click()
        page.get_by_role("heading", name=re.compile("Phạm Thu Hà")).wait_for()
        assert "24 trên chỉ tiêu 40 tiết mỗi năm" in page.content()
        _audit(page, "hr-person", tmp_path)
    finally:
        context.close()

    context = new_context(browser, live_server, user=official)
    page = context.new_page()
    try:
        page.goto("/qua-trinh-boi-duong/")
        content = page.content()
        assert "Đã duyệt" in content and "24 trên chỉ tiêu 40 tiết mỗi năm" in content
        _audit(page, "record-approved", tmp_path)
    finally:
        context.close()
