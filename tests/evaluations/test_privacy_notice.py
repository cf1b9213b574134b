"""The personal-data notice tells learners what an evaluation stores, in Vietnamese first and in English."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def test_privacy_notice_describes_evaluations_in_vietnamese(client, db, settings):
    settings.LMS_EVALUATION_MIN_ANSWERS = 7
    page = client.get(reverse("accounts:privacy_notice")).content.decode()
    section = page[page.index('id="evaluations"') :]
    assert "Đánh giá khóa bồi dưỡng và giảng viên" in section
    assert "không kèm bất kỳ liên kết nào tới bạn" in section  # no link to the person
    assert "Một bản ghi riêng chỉ cho biết bạn đã được mời" in section  # the "has answered" record
    assert "ít nhất 7 phiếu hợp lệ" in section  # the minimum, from the setting
    assert "Thời gian lưu trữ" in section and "bị xóa khi tài khoản bị xóa" in section  # retention


def test_privacy_notice_section_reads_in_english_too():
    with translation.override("en"):
        section = render_to_string("evaluations/privacy_notice_section.html", {"evaluation_min_answers": 5})
    assert "Course and lecturer evaluations" in section
    assert "stored with no link to you" in section
    assert "A separate record says only that you were asked" in section
    assert "at least 5 valid forms have been received" in section
    assert "Retention:" in section
