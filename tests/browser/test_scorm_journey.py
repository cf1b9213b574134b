"""A SCORM lesson in real Chromium: the project's own SCORM 1.2 package runs in its sandboxed frame, calls
LMSInitialize/LMSSetValue/LMSCommit/LMSFinish on scorm-again (through the cross-frame bridge), the server
records the lesson as done, and a relaunch resumes the suspend data. axe at 1280 and 390 px."""

import pytest

from courses import services as course_services
from courses.models import LessonProgress
from scorm.models import ScormAttempt

from ..factories import make_course, make_official
from ..scorm.packages import make_package, make_scorm_lesson, scorm_zip
from .a11y import DESKTOP, PHONE, axe_run, blocking, describe, new_context, overflowing

pytestmark = pytest.mark.browser
live_db = pytest.mark.django_db(transaction=True)


def click_and_wait_for_the_saves(page, button, saves: int) -> None:
    """Click ``button`` in the package and wait until the live server has answered ``saves`` commits to
    ``.../luu/``: a package that calls LMSCommit and then LMSFinish (Commit, Terminate) sends two, one after the
    other, and the lesson's status says "done" on the first answer, while the second may still be written."""
    answered = []

    def saved(response):
        if response.request.method == "POST" and response.url.endswith("/luu/"):
            answered.append(response)
        return len(answered) == saves

    with page.expect_response(saved):
        button.click()


@live_db
def test_learner_completes_a_scorm_lesson_and_resumes_it(browser, live_server, catalog, tree, tmp_path):
    course = make_course(catalog, title="Chuyển đổi số trong quản lý đô thị", for_officials=True)
    package = make_package(scorm_zip(title="Tình huống: vận hành trung tâm IOC", status="passed", score="85"))
    lesson = make_scorm_lesson(course, package, title="Tình huống tương tác: trung tâm IOC")
    learner = make_official(tree["ptdt"]).user
    enrollment = course_services.enrollment_create(user=learner, course=course)

    context = new_context(browser, live_server, viewport=DESKTOP, user=learner)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    failures = []
    try:
        assert page.goto(lesson.url).status == 200
        frame = page.frame_locator("iframe[data-scorm-frame]")
        frame.locator("#resumed").filter(has_text="Lần học đầu tiên").wait_for()
        page.screenshot(path=tmp_path / "scorm-desktop-before.png", full_page=True)
        if found := blocking(axe_run(page)):
            failures.append(describe("SCORM lesson at 1280 px", found))

        click_and_wait_for_the_saves(page, frame.locator("#finish"), 2)
        frame.locator("#result").filter(has_text="Đã gửi: passed").wait_for()
        page.locator("[data-scorm-status]").filter(
            has_text="Bạn đã hoàn thành bài học tương tác này."
        ).wait_for()
        page.screenshot(path=tmp_path / "scorm-desktop-done.png", full_page=True)

        attempt = ScormAttempt.objects.get(user=learner, lesson=lesson)
        assert attempt.lesson_status == "passed" and str(attempt.score_raw) == "85.00"
        assert (attempt.suspend_data, attempt.lesson_location, attempt.exit) == (
            "buoc=2;lan=1",
            "trang-2",
            "suspend",
        )
        assert attempt.total_time != "0000:00:00.00" or attempt.session_time
        assert LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).exists()

        # Relaunch: the package reads the suspend data it left, through the same bridge.
        page.set_viewport_size(PHONE)
        assert page.goto(lesson.url).status == 200
        frame = page.frame_locator("iframe[data-scorm-frame]")
        frame.locator("#resumed").filter(has_text="Tiếp tục: buoc=2;lan=1").wait_for()
        page.screenshot(path=tmp_path / "scorm-phone-resumed.png", full_page=True)
        if found := blocking(axe_run(page)):
            failures.append(describe("SCORM lesson at 390 px", found))
        if wide := overflowing(page):
            failures.append(f"SCORM lesson scrolls sideways at 320 px: {', '.join(wide)}")
    finally:
        context.close()
    assert not failures, "\n".join(failures)
    blocked = [p for p in problems if "Content Security Policy" in p or "Refused" in p]
    assert not blocked, blocked


@live_db
def test_the_demo_package_passes_and_completes_its_lesson(browser, live_server, catalog, tree, tmp_path):
    from demo.scorm_packages import load_scorm_packages

    course = make_course(catalog, title="Hạ tầng số và dữ liệu đô thị", for_officials=True)
    lesson = make_scorm_lesson(course, load_scorm_packages()["ca-truc-ioc"], title="Một ca trực tại IOC")
    learner = make_official(tree["ptdt"]).user
    enrollment = course_services.enrollment_create(user=learner, course=course)
    context = new_context(browser, live_server, viewport=PHONE, user=learner)
    page = context.new_page()
    try:
        assert page.goto(lesson.url).status == 200
        frame = page.frame_locator("iframe[data-scorm-frame]")
        frame.get_by_label("Xác minh qua camera").check()
        frame.get_by_role("button", name="Lưu và học tiếp sau").click()
        page.locator("[data-scorm-status]").filter(has_text="Đã lưu tiến độ học của bạn.").wait_for()
        assert ScormAttempt.objects.get(user=learner).suspend_data == "c1=b"

        page.reload()
        frame = page.frame_locator("iframe[data-scorm-frame]")
        frame.locator("#tien-do").filter(has_text="Đã mở lại các câu trả lời").wait_for()
        assert frame.get_by_label("Xác minh qua camera").is_checked()
        frame.get_by_label("Theo dõi thời hạn xử lý").check()
        frame.get_by_label("Nguồn dữ liệu, tần suất cập nhật").check()
        click_and_wait_for_the_saves(page, frame.get_by_role("button", name="Nộp kết quả"), 2)
        frame.locator("#ket-qua").filter(has_text="3/3").wait_for()
        page.locator("[data-scorm-status]").filter(
            has_text="Bạn đã hoàn thành bài học tương tác này."
        ).wait_for()
        page.screenshot(path=tmp_path / "demo-phone-passed.png", full_page=True)
        page.locator("iframe[data-scorm-frame]").screenshot(path=tmp_path / "demo-phone-frame.png")
        attempt = ScormAttempt.objects.get(user=learner)
        assert (attempt.lesson_status, str(attempt.score_raw)) == ("passed", "100.00")
        assert LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).exists()
    finally:
        context.close()


@live_db
def test_learner_completes_a_scorm_2004_lesson_with_a_scaled_score_and_resumes_it(
    browser, live_server, catalog, tree, tmp_path
):
    """The project's own SCORM 2004 package calls Initialize/SetValue/Commit/Terminate on window.API_1484_11
    (scorm-again's Scorm2004API through the bridge): statuses, scaled score, an interaction and an objective
    are saved, the lesson is done, and a relaunch resumes the suspend data and the interaction."""
    from ..scorm.packages import scorm_2004_zip

    course = make_course(catalog, title="Dữ liệu mở của tỉnh", for_officials=True)
    package = make_package(
        scorm_2004_zip(title="Tình huống 2004", completion="completed", success="passed", scaled="0.9")
    )
    lesson = make_scorm_lesson(course, package, title="Tình huống tương tác SCORM 2004")
    learner = make_official(tree["ptdt"]).user
    enrollment = course_services.enrollment_create(user=learner, course=course)
    context = new_context(browser, live_server, viewport=PHONE, user=learner)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        assert page.goto(lesson.url).status == 200
        frame = page.frame_locator("iframe[data-scorm-frame]")
        frame.locator("#resumed").filter(has_text="Lần học đầu tiên").wait_for()
        click_and_wait_for_the_saves(page, frame.locator("#finish"), 2)
        page.locator("[data-scorm-status]").filter(
            has_text="Bạn đã hoàn thành bài học tương tác này."
        ).wait_for()
        page.screenshot(path=tmp_path / "scorm2004-phone-done.png", full_page=True)
        attempt = ScormAttempt.objects.get(user=learner, lesson=lesson)
        assert (attempt.completion_status, attempt.success_status, attempt.lesson_status) == (
            "completed",
            "passed",
            "passed",
        )
        assert str(attempt.score_scaled.normalize()) == "0.9" and attempt.lesson_location == "trang-3"
        assert attempt.suspend_data == "buoc=3;lan=1" and attempt.exit == "suspend"
        assert [i["id"] for i in attempt.interactions] == ["cau-1"]
        assert attempt.interactions[0]["learner_response"] == "b"
        assert attempt.objectives[0]["id"] == "muc-tieu-1"
        assert LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).exists()

        # Relaunch: the package reads back its interaction (through the bridge) and the runtime holds it
        # too, so the next session's commit still carries it beside the one the package adds.
        commits = []
        page.on(
            "request",
            lambda r: (
                commits.append(r.post_data_json) if r.method == "POST" and r.url.endswith("/luu/") else None
            ),
        )
        page.reload()
        frame = page.frame_locator("iframe[data-scorm-frame]")
        frame.locator("#resumed").filter(has_text="Tiếp tục: buoc=3;lan=1").wait_for()
        frame.locator("#result").filter(has_text="Câu đã trả lời: cau-1=b").wait_for()
        click_and_wait_for_the_saves(page, frame.locator("#finish"), 2)
        attempt.refresh_from_db()
        assert [i["id"] for i in attempt.interactions] == ["cau-1", "cau-2"]
        assert commits and commits[0]["cmi.interactions.0.id"] == "cau-1"
        assert commits[0]["cmi.interactions.0.learner_response"] == "b"
        assert commits[0]["cmi.interactions.1.id"] == "cau-2"
    finally:
        context.close()
    assert not problems, problems
