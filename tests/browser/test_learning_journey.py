"""A learner reaches the certificate by the next-step buttons alone (#14).

From "Khóa học của tôi", "Tiếp tục học" opens the first unfinished lesson (not the last one opened);
"Đánh dấu đã học xong" moves on to the next item, skipping optional lessons, then to the final quiz; a
failed attempt offers the quiz again, a passed one the certificate. On every page the one primary button is
that next step, and axe finds no serious WCAG violation at 390 px and 1280 px.
"""

import pytest
from playwright.sync_api import expect

from assessment.models import AttemptQuestion
from courses import services
from courses.models import Enrollment

from ..auth import PASSWORD
from ..factories import ProfileFactory, make_course, make_lesson, make_question, make_quiz
from .a11y import DESKTOP, PHONE, axe_run, blocking, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COURSE = "Người dân tham gia góp ý quy hoạch"
PRIMARY = "main a.button:not(.button-secondary):visible, main button.button:not(.button-secondary):visible"


def answer(page, *, right: bool) -> None:
    """Answer every question of the attempt on screen, all right or all wrong (never blank)."""
    for row in AttemptQuestion.objects.filter(attempt__status="in_progress").select_related("question"):
        choices = (
            row.question.choices.filter(fraction__gt=0) if right else row.question.choices.filter(fraction=0)
        )
        page.locator(f"#q{row.pk}-{choices.first().pk}").check()


def the_one_next_step(page, name: str, *, within=None):
    """The page's only primary button, checked to read ``name``; returned to be clicked."""
    scope = within or page
    primary = scope.locator(PRIMARY.replace("main ", "") if within else PRIMARY)
    expect(primary).to_have_count(1)
    expect(primary).to_have_text(name)
    return primary


def assert_accessible(page, label: str, audited: list[str]) -> None:
    """axe at phone and desktop width: no serious or critical WCAG 2.1 A/AA violation."""
    failures = []
    for width, viewport in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        if found := blocking(axe_run(page)):
            failures.append(describe(f"{label} @{width}", found))
    assert not failures, "\n".join(failures)
    audited.append(label)


@pytest.fixture
def learning(catalog):
    """A citizens' course: lessons 1, 2, 3 (optional) and 4, then a final quiz; the learner has read lesson 2."""
    course = make_course(catalog, title=COURSE, completion_rule="lessons_and_quiz")
    lessons = [
        make_lesson(course, title="Bài 1: Quy hoạch là gì"),
        make_lesson(course, title="Bài 2: Các kênh góp ý"),
        make_lesson(course, title="Bài 3: Đọc thêm", required_for_completion=False),
        make_lesson(course, title="Bài 4: Theo dõi phản hồi"),
    ]
    make_quiz(
        course,
        [make_question(qtype="single"), make_question(qtype="truefalse")],
        pass_mark=60,
        title="Bài kiểm tra cuối khóa",
    )
    learner = ProfileFactory(user__email="le.thi.hoa@example.test", user__full_name="Lê Thị Hoa").user
    enrollment = services.enrollment_create(user=learner, course=course)
    services.lesson_mark_complete(enrollment=enrollment, lesson=lessons[1])
    return {"course": course, "lessons": lessons, "learner": learner}


def test_learner_reaches_the_certificate_by_the_next_step_buttons_alone(page, learning):
    lessons, audited = learning["lessons"], []
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(learning["learner"].email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/hoc-tap/")  # a learner lands on "Khóa học của tôi"

    # The dashboard says what is left; its one button goes on with the course.
    item = page.locator(".enrollment-item", has_text=COURSE)
    assert "Đã học 1/3 bài học bắt buộc · Còn 2 bài học · Còn bài kiểm tra cuối khóa" in " ".join(
        item.inner_text().split()
    )
    assert_accessible(page, "dashboard", audited)
    the_one_next_step(page, f"Tiếp tục học: {COURSE}").click()

    # "Tiếp tục học" opens the first unfinished lesson, although lesson 2 was the last one opened.
    page.wait_for_url(f"**{lessons[0].url}")
    assert page.locator(".outline-done").count() == 1  # lesson 2, ticked on an unfinished lesson's outline
    assert_accessible(page, "lesson", audited)
    the_one_next_step(page, "Đánh dấu đã học xong").click()

    # On to lesson 4: lesson 2 is done and lesson 3 optional.
    page.wait_for_url(f"**{lessons[3].url}")
    assert page.locator(".outline-done").count() == 2
    the_one_next_step(page, "Đánh dấu đã học xong").click()

    # Then the final quiz.
    page.wait_for_url("**/hoc-tap/bai-kiem-tra/*/")
    assert_accessible(page, "quiz overview", audited)
    the_one_next_step(page, "Bắt đầu làm bài").click()
    page.wait_for_url("**/hoc-tap/lan-lam-bai/*/")
    answer(page, right=False)
    assert_accessible(page, "attempt", audited)
    the_one_next_step(page, "Nộp bài").click()

    # Not passed: the one way on is the quiz again.
    page.wait_for_url("**/ket-qua/")
    assert "Chưa đạt" in page.locator(".result").inner_text()
    assert_accessible(page, "result, not passed", audited)
    the_one_next_step(page, "Làm lại bài kiểm tra").click()
    page.wait_for_url("**/hoc-tap/bai-kiem-tra/*/")
    the_one_next_step(page, "Làm lượt mới").click()
    page.wait_for_url("**/hoc-tap/lan-lam-bai/*/")
    answer(page, right=True)
    the_one_next_step(page, "Nộp bài").click()

    # Passed: the course is completed and the one button leads to the certificate.
    page.wait_for_url("**/ket-qua/")
    assert "Đạt" in page.locator(".result").inner_text()
    assert "Bạn đã hoàn thành khóa học" in page.locator("main").inner_text()
    assert_accessible(page, "result, passed", audited)
    the_one_next_step(page, "Xem giấy chứng nhận").click()
    page.wait_for_url("**/giay-chung-nhan/")
    assert COURSE in page.locator("main").inner_text()
    assert_accessible(page, "my certificates", audited)

    # Back on the dashboard the course offers its certificate first and a review second.
    page.goto("/hoc-tap/")
    item = page.locator(".enrollment-item", has_text=COURSE)
    assert "Đã hoàn thành" in item.inner_text()
    the_one_next_step(page, f"Xem giấy chứng nhận: {COURSE}", within=item)
    expect(item.get_by_role("link", name="Xem lại")).to_be_visible()
    enrollment = Enrollment.objects.get(user=learning["learner"], course=learning["course"])
    assert enrollment.status == Enrollment.Status.COMPLETED and enrollment.final_score == 100
    assert len(audited) == 7
