import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assessment.models import AttemptQuestion, Question, QuizAttempt
from courses.models import Enrollment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COURSE = "Người dân tham gia góp ý quy hoạch"


def answer_correctly(page, attempt):
    """Fill the attempt's form in the browser with the right answers, read from the question bank."""
    rows = AttemptQuestion.objects.filter(attempt=attempt).select_related("question")
    for row in rows:
        question = row.question
        if question.type == Question.Type.SHORT:
            page.locator(f"#q{row.pk}-text").fill(question.choices.order_by("-fraction").first().text.upper())
        elif question.type == Question.Type.MATCHING:
            for pair in question.pairs.exclude(prompt=""):
                page.locator(f"#q{row.pk}-{pair.pk}").select_option(value=pair.answer)
        else:
            for choice in question.choices.filter(fraction__gt=0):
                page.locator(f"#q{row.pk}-{choice.pk}").check()


def test_learner_enrolls_studies_fails_then_passes_and_completes(page):
    call_command("load_demo", "--quiet")
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("nguoidan@dothithongminh.test")
    page.get_by_label("Mật khẩu").fill("DemoTayNinh@2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/hoc-tap/")  # a learner lands on "Khóa học của tôi" (#14)

    page.get_by_role("button", name="Menu").click()  # phone-sized viewport: the navigation is collapsed
    page.get_by_role("link", name="Danh mục khóa học").first.click()
    page.get_by_text("Tìm kiếm và lọc khóa học", exact=True).click()  # a phone folds the filters (#14)
    page.get_by_label("Tìm khóa học").fill("gop y quy hoach")
    page.get_by_role("button", name="Áp dụng").click()
    page.get_by_role("link", name=COURSE).click()
    page.get_by_role("button", name="Đăng ký học").click()
    assert "Bạn đã đăng ký học thành công" in page.locator(".messages").inner_text()

    page.get_by_role("link", name="Bắt đầu học").click()
    # "Đánh dấu đã học xong" moves on to the next item: every lesson, then the final quiz (#14).
    while "/bai-kiem-tra/" not in page.url:
        with page.expect_navigation():
            page.get_by_role("button", name="Đánh dấu đã học xong").click()
    # Back on the last lesson, the one primary button leads to the final quiz.
    page.go_back()
    page.reload()
    expect(page.get_by_text("Bạn đã học xong bài này.")).to_be_visible()
    assert page.locator(".lesson-pager a[rel=next]").count() == 0
    page.locator("[data-next-step=quiz]").click()
    page.wait_for_url("**/bai-kiem-tra/*/")

    # First attempt: submitted blank, so it fails; blank questions are confirmed first (#14).
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    assert page.locator(".timer").is_visible()
    page.get_by_role("button", name="Nộp bài").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("câu chưa trả lời")
    dialog.get_by_role("button", name="Vẫn nộp bài").click()
    page.wait_for_url("**/ket-qua/")
    assert "Chưa đạt" in page.locator(".result").inner_text()

    # Second attempt: answered correctly.
    page.get_by_role("link", name="Quay lại bài kiểm tra").click()
    page.get_by_role("button", name="Làm lượt mới").click()
    attempt = QuizAttempt.objects.get(
        user__email="nguoidan@dothithongminh.test", quiz__course__title=COURSE, number=2
    )
    answer_correctly(page, attempt)
    page.get_by_role("button", name="Nộp bài").click()
    result = page.locator(".result").inner_text()
    assert "Đạt" in result and "100%" in result
    assert "Bạn đã hoàn thành khóa học" in page.locator("main").inner_text()

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Khóa học của tôi").click()
    item = page.locator(".enrollment-item", has_text=COURSE)
    assert "Đã hoàn thành" in item.inner_text()
    expect(item.get_by_role("link", name="Xem lại")).to_be_visible()
    # The certificate is issued (its file may still be rendering): the dashboard and the result link it.
    item.get_by_role("link", name="Xem giấy chứng nhận").click()
    page.wait_for_url("**/giay-chung-nhan/")
    assert COURSE in page.locator("main").inner_text()
    enrollment = Enrollment.objects.get(user__email="nguoidan@dothithongminh.test", course__title=COURSE)
    assert enrollment.status == Enrollment.Status.COMPLETED and enrollment.final_score == 100
