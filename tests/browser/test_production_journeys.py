"""Journeys in headless Chromium against the production stack: gunicorn, ``lms.settings.production``,
PostgreSQL, Redis and the task worker (certificates, e-mails and exports run there, not inline).

Run alone with ``.venv/bin/python -m pytest tests/browser/test_production_journeys.py -p no:xdist -q``; skipped
when PostgreSQL or Redis is unreachable. ``production.py`` describes the environment.
"""

import datetime
import io
import re
import time

import pytest
from playwright.sync_api import expect

from ..conftest import current_totp_code
from .production import *  # noqa: F403 (the production_stack and production_page fixtures)

# One stack per run: xdist keeps the three journeys on one worker (`--dist loadgroup`).
pytestmark = [pytest.mark.browser, pytest.mark.stack, pytest.mark.xdist_group("production_stack")]

PASSWORD = "DemoTayNinh@2026"
CITIZEN_COURSE = "Người dân tham gia góp ý quy hoạch"

# Run by `manage.py shell` on the stack's database: how to answer the learner's open attempt correctly, as
# (action, CSS selector, value) for the browser. The grading stays on the server; only the key comes from here.
ANSWER_KEY = """
from assessment.models import AttemptQuestion, Question, QuizAttempt
attempt = QuizAttempt.objects.filter(user__email=params["email"], status="in_progress").latest("started_at")
actions = []
for row in AttemptQuestion.objects.filter(attempt=attempt).select_related("question"):
    question = row.question
    if question.type == Question.Type.SHORT:
        best = question.choices.order_by("-fraction").first()
        actions.append(["fill", f"#q{row.pk}-text", best.text])
    elif question.type == Question.Type.MATCHING:
        for pair in question.pairs.exclude(prompt=""):
            actions.append(["select", f"#q{row.pk}-{pair.pk}", pair.answer])
    else:
        for choice in question.choices.filter(fraction__gt=0):
            actions.append(["check", f"#q{row.pk}-{choice.pk}", ""])
print(json.dumps(actions))
"""


def field(label: str) -> re.Pattern:
    """A form field's exact label; Django's form rendering adds a colon, hand-written forms do not."""
    return re.compile(rf"^{re.escape(label)}:?$")


def log_in(page, email: str, password: str = PASSWORD, *, totp: bool = False) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    if totp:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.get_by_role("textbox", name=re.compile(r"^Mã")).fill(current_totp_code())
        page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/(hoc-tap|quan-ly-dao-tao|admin)/$"))  # each role's own home (#14)


def reload_until(page, condition, *, timeout: float = 60, what: str) -> None:
    """Reload until ``condition()`` holds: the page shows the result of a background task once it has run."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not shown within {timeout}s")
        time.sleep(1)
        page.reload()


def watch_required_share(page) -> None:
    """Play the lesson's video (muted, at twice the speed, which the server still credits in full) to the end
    and wait until the page shows the share the server counted is at least the required one (#19)."""
    progress = page.locator("main [data-lesson-media] [data-required]").first
    required = int(progress.get_attribute("data-required"))
    video = page.locator("main [data-lesson-media] video, main [data-lesson-media] audio").first
    video.evaluate("v => { v.muted = true; v.playbackRate = 2; return v.play(); }")
    page.wait_for_function("v => v.ended", arg=video.element_handle(), timeout=60_000)
    page.wait_for_function(
        "([node, required]) => parseInt(node.textContent, 10) >= required",
        arg=[progress.locator("[data-watched]").element_handle(), required],
        timeout=20_000,
    )


def test_citizen_signs_up_completes_a_course_and_verifies_the_certificate(production_stack, production_page):
    from pypdf import PdfReader

    page = production_page()
    email = "tran.thi.mai@example.test"
    name = "Trần Thị Mai"

    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("Mat-khau-an-toan-2026")
    page.get_by_label("Nhập lại mật khẩu").fill("Mat-khau-an-toan-2026")
    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Người dân").check()
    page.get_by_label("Tôi đồng ý cho phép xử lý dữ liệu cá nhân").check()
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url("**/accounts/confirm-email/")

    # The confirmation e-mail was sent by a gunicorn worker; its link carries the host the browser used.
    message = production_stack.wait_for_email(to=email)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.get_body(("plain",)).get_content())
    page.goto(link.group(0))
    page.get_by_role("button", name="Xác nhận").click()
    # The confirmation answers with the sign-in page; going there before it did would cancel the confirmation.
    page.wait_for_url("**/accounts/login/")
    log_in(
        page, email, "Mat-khau-an-toan-2026"
    )  # Secure session cookie over http://localhost: Chromium keeps it (secure context)
    assert name in page.locator("main").inner_text()

    page.goto("/khoa-hoc/")
    page.get_by_text("Tìm kiếm và lọc khóa học", exact=True).click()  # a phone folds the filters (#14)
    page.get_by_label("Tìm khóa học").fill("gop y quy hoach")
    page.get_by_role("button", name="Áp dụng").click()
    page.wait_for_url(re.compile(r"/khoa-hoc/\?"))  # the unfiltered catalogue lists the course too
    page.get_by_role("link", name=CITIZEN_COURSE).click()
    page.get_by_role("button", name="Đăng ký học").click()
    expect(page.locator(".messages")).to_contain_text("Bạn đã đăng ký học thành công")

    # page.url is read below: it must be the lesson's, not the course page's still on screen.
    with page.expect_navigation():
        page.get_by_role("link", name="Bắt đầu học").click()
    lessons = 0
    # "Đánh dấu đã học xong" moves on to the next item, the final quiz after the last lesson (#14).
    while "/bai-kiem-tra/" not in page.url:
        if page.locator("main [data-lesson-media] [data-required]").count():
            watch_required_share(page)
        with page.expect_navigation():
            page.get_by_role("button", name="Đánh dấu đã học xong").click()
        lessons += 1
    assert lessons >= 2

    page.get_by_role("button", name="Bắt đầu làm bài").click()
    page.wait_for_url(re.compile(r"/lan-lam-bai/[0-9a-f-]+/$"))  # the attempt the answer key reads exists
    for action, selector, value in production_stack.query(ANSWER_KEY, email=email):
        field = page.locator(selector)
        if action == "fill":
            field.fill(value)
        elif action == "select":
            field.select_option(value=value)
        else:
            field.check()
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_url("**/ket-qua/")
    assert "Đạt" in page.locator(".result").inner_text()
    assert "Bạn đã hoàn thành khóa học" in page.locator("main").inner_text()

    # The certificate is issued by the task worker: "Giấy chứng nhận của tôi" lists it once the PDF exists.
    page.goto("/giay-chung-nhan/")
    download_link = page.get_by_role("link", name=re.compile("^Tải PDF"))
    reload_until(page, lambda: download_link.count() > 0, what="the certificate PDF")
    row = page.get_by_role("row").filter(has_text=CITIZEN_COURSE)
    serial = row.get_by_role("cell").first.inner_text().strip()
    assert re.fullmatch(r"TN-\d{4}-\d{6}", serial)
    with page.expect_download() as download_info:
        row.get_by_role("link", name=re.compile("^Tải PDF")).click()
    pdf = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert name.upper() in text.upper() and serial in text
    verify_url = re.search(r"http://localhost:\d+/tra-cuu-chung-nhan/\S+/", text.replace("\n", "")).group(0)

    # Anyone who scans the QR code (no session) sees the certificate in force.
    visitor = production_page()
    visitor.goto(verify_url)
    status = visitor.get_by_role("status").inner_text()
    assert "Còn hiệu lực" in status and serial in status
    assert name in visitor.locator("main").inner_text()
    # The worker also e-mailed the learner about it, with the same verification link.
    notice = production_stack.wait_for_email(to=email, subject=serial)
    assert verify_url in notice.get_body(("plain",)).get_content()


def test_hr_manager_assigns_a_course_to_a_unit_and_exports_the_report(production_stack, production_page):
    from openpyxl import load_workbook

    course = "Hạ tầng số và dữ liệu đô thị"
    unit = "Phòng Quy hoạch - Kiến trúc"
    due = datetime.date.today() + datetime.timedelta(days=45)
    page = production_page()
    log_in(page, "nhansu.sxd@dothithongminh.test", totp=True)

    page.goto("/quan-ly-dao-tao/giao-khoa-hoc/")
    page.get_by_label(field("Khóa học")).select_option(label=course)
    page.get_by_label(field("Hạn hoàn thành")).fill(due.isoformat())  # a date input takes ISO dates
    units = page.get_by_label(field("Cơ quan, đơn vị"))
    units.select_option(value=units.locator("option", has_text=unit).get_attribute("value"))
    page.get_by_role("button", name="Xem trước người được giao").click()
    expect(page.get_by_role("status")).to_contain_text("người sẽ được giao khóa học này")
    page.get_by_role("button", name="Xác nhận giao khóa học").click()
    # Same address as the preview: the message says the assignment's answer is on screen.
    expect(page.locator(".messages")).to_contain_text("Đã giao khóa học")
    assert unit in page.get_by_role("table", name="Các lần giao khóa học gần đây").inner_text()

    # The unit's report, filtered on the course: the learners it now expects.
    page.goto("/quan-ly-dao-tao/")
    page.get_by_role("link", name="Theo cơ quan, đơn vị").click()
    page.wait_for_url(re.compile(r"/quan-ly-dao-tao/don-vi/(\?.*)?$"))
    page.get_by_role("link", name=unit).click()
    page.wait_for_url(re.compile(r"/quan-ly-dao-tao/don-vi/\d+/(\?.*)?$"))
    page.get_by_text("Bộ lọc", exact=True).first.click()  # the <summary> that opens the filters
    page.get_by_label(field("Khóa học")).select_option(label=course)
    page.get_by_role("button", name="Áp dụng").click()
    # The unfiltered page lists the unit's learners in the same table: read it once the filtered one is here.
    page.wait_for_url(re.compile(r"/don-vi/\d+/\?(.*&)?course=\d+"))
    learners = page.get_by_role("table", name=re.compile("học viên")).locator("tbody th")
    names = sorted(learners.all_inner_texts())
    assert names, "the unit's learners are listed"

    # A background export of the enrollment details; the job page refreshes itself until the file is ready.
    page.get_by_role("link", name="Xuất dữ liệu").click()
    page.wait_for_url(re.compile(r"/xuat-du-lieu/"))
    page.get_by_label("Báo cáo").select_option(label="Chi tiết lượt đăng ký học")
    page.get_by_label("Định dạng").select_option(label="Excel (XLSX)")
    page.get_by_role("button", name="Chuẩn bị tệp").click()
    ready = page.get_by_role("link", name=re.compile(r"^Tải tệp"))
    ready.wait_for(timeout=90_000)
    with page.expect_download() as download_info:
        ready.click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(download_info.value.path().read_bytes()), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    header = list(rows[0])
    columns = ("Họ và tên", "Cơ quan, đơn vị", "Khóa học", "Nguồn", "Hạn hoàn thành")
    assert set(columns) <= set(header)
    name_at, unit_at, course_at, source_at, due_at = (header.index(column) for column in columns)
    assigned = [row for row in rows[1:] if row[course_at] == course and row[unit_at] == unit]
    assert sorted(row[name_at] for row in assigned) == names
    assert {row[source_at] for row in assigned} == {"Được giao"}
    assert {row[due_at].date() for row in assigned} == {due}


def admin_field(page, role: str, label: str):
    """A Wagtail editor field by its role and label (Wagtail marks required labels with an asterisk)."""
    return page.get_by_role(role, name=re.compile(rf"^{re.escape(label)}\*?$"))


def submit_for_review(page) -> None:
    """The editor's action menu: submit to the review workflow that setup_platform puts on the catalogue."""
    page.locator("footer").get_by_role("button", name="Thêm thao tác").click()
    page.get_by_role("button", name=re.compile("Duyệt nội dung khóa học")).click()


def choose(page, button: str, choice: str) -> None:
    """Pick ``choice`` in the chooser modal (of pages or snippets) that the button ``button`` opens."""
    page.get_by_role("button", name=re.compile(button)).click()
    modal = page.get_by_role("dialog")
    modal.get_by_role("link", name=choice, exact=True).click()
    expect(modal).to_be_hidden()


def save_snippet(page, model: str) -> None:
    """Save a snippet form; Wagtail returns to the snippet's listing once the form is valid."""
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_url(f"**/admin/snippets/assessment/{model}/")


def test_trainer_drafts_a_course_a_reviewer_approves_it_and_it_is_listed(production_stack, production_page):
    title = "Bản đồ số và dữ liệu mở cho người dân"
    lesson = "Tra cứu bản đồ quy hoạch trên điện thoại"
    question = "Nơi tra cứu quy hoạch thửa đất"
    quiz = "Kiểm tra cuối khóa: bản đồ số"
    catalogue_id = production_stack.query(
        "from cms.models import CatalogPage\nprint(json.dumps(CatalogPage.objects.get().pk))"
    )
    trainer = production_page()
    trainer.set_viewport_size({"width": 1280, "height": 900})  # staff edit on desktops
    log_in(trainer, "giangvien@dothithongminh.test", totp=True)
    trainer.goto(f"/admin/pages/{catalogue_id}/")
    # Trainers may add only courses under the catalogue, so Wagtail opens the course form directly.
    trainer.get_by_role("link", name="Thêm trang con").first.click()
    trainer.locator("#id_title").fill(title)
    admin_field(trainer, "textbox", "Tóm tắt").fill("Khai thác bản đồ số và dữ liệu mở của tỉnh.")
    admin_field(trainer, "combobox", "Nhóm nhiệm vụ").select_option(index=1)
    admin_field(trainer, "checkbox", "Người dân").check()
    trainer.get_by_role("button", name="Lưu bản nháp").click()
    trainer.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    course_id = re.search(r"/admin/pages/(\d+)/edit/", trainer.url).group(1)

    # A lesson under the course (the page tree allows modules and lessons there), submitted for review.
    trainer.goto(f"/admin/pages/{course_id}/add_subpage/")
    trainer.get_by_role("link", name=re.compile("^Bài học")).first.click()
    trainer.locator("#id_title").fill(lesson)
    trainer.get_by_role("button", name="Chèn khối").first.click()
    trainer.get_by_role("option", name="Văn bản").click()
    trainer.locator("[contenteditable=true]").first.fill(
        "Mở cổng thông tin quy hoạch và tìm thửa đất của gia đình."
    )
    submit_for_review(trainer)
    trainer.wait_for_url(f"**/admin/pages/{course_id}/")

    # The course's final quiz (the default kind), drawing on a new single-choice question in the bank.
    trainer.goto("/admin/snippets/assessment/question/add/")
    choose(trainer, "^Chọn danh mục câu hỏi", "Người dân tham gia góp ý quy hoạch")
    admin_field(trainer, "combobox", "Loại").select_option(label="Một lựa chọn")
    admin_field(trainer, "textbox", "Tên").fill(question)
    admin_field(trainer, "textbox", "Nội dung câu hỏi").fill("Người dân tra cứu quy hoạch thửa đất ở đâu?")
    for option, fraction in (("Cổng thông tin quy hoạch của tỉnh", "1"), ("Một trang mạng xã hội", "0")):
        trainer.get_by_role("button", name=re.compile("^Thêm Phương án")).click()
        admin_field(trainer, "textbox", "Nội dung").last.fill(option)
        admin_field(trainer, "spinbutton", "Tỷ lệ điểm").last.fill(fraction)
    save_snippet(trainer, "question")
    trainer.goto("/admin/snippets/assessment/quiz/add/")
    admin_field(trainer, "textbox", "Tiêu đề").fill(quiz)
    choose(trainer, r"^Chọn một trang \(Khóa học\)", title)  # a draft: choosable all the same
    # The bank opens with a box per question: tick several, then confirm (#14).
    trainer.get_by_role("button", name=re.compile("^Thêm câu hỏi từ ngân hàng")).click()
    modal = trainer.get_by_role("dialog")
    modal.get_by_role("textbox", name="Từ khóa").fill(question)
    modal.get_by_role("row").filter(has_text=question).locator("input[data-multiple-choice-select]").check()
    modal.locator("[data-multiple-choice-submit]").click()
    expect(modal).to_be_hidden()
    save_snippet(trainer, "quiz")
    quiz_row = trainer.get_by_role("row").filter(has_text=quiz)
    expect(quiz_row).to_contain_text(title)
    edit_url = quiz_row.get_by_role("link", name=quiz).get_attribute("href")
    quiz_id = re.search(r"/edit/(\d+)/", edit_url).group(1)

    trainer.goto(f"/admin/pages/{course_id}/edit/")
    submit_for_review(trainer)
    trainer.wait_for_url(f"**/admin/pages/{catalogue_id}/")

    # Not public while it waits for review, and neither is its quiz, even to a learner it is meant for.
    visitor = production_page()
    visitor.goto("/khoa-hoc/")
    assert title not in visitor.locator("main").inner_text()
    learner = production_page()
    log_in(learner, "nguoidan@dothithongminh.test")
    assert learner.goto(f"/bai-kiem-tra/{quiz_id}/").status == 404

    reviewer = production_page()
    reviewer.set_viewport_size({"width": 1280, "height": 900})
    log_in(reviewer, "duyet@dothithongminh.test", totp=True)
    # The lesson first: a course goes live only with a published lesson (cms.checklist, #14).
    for page_title in (lesson, title):
        reviewer.goto("/admin/")
        row = reviewer.get_by_role("row").filter(has_text=page_title)
        row.get_by_role("button", name="Thao tác").click()
        reviewer.get_by_role("button", name="Phê duyệt", exact=True).click()
        expect(reviewer.get_by_role("row").filter(has_text=page_title)).to_have_count(0)

    visitor.goto("/khoa-hoc/")
    visitor.get_by_role("link", name=title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)  # the catalogue has an <h1> too
    assert lesson in visitor.locator("main").inner_text()
    assert quiz not in visitor.locator("main").inner_text()  # quizzes are listed to enrolled learners

    # A citizen enrolls and finds the quiz among the course's actions; it opens, ready to start.
    learner.goto(visitor.url)
    learner.get_by_role("button", name="Đăng ký học").click()
    learner.locator("#enrollment").get_by_role("link", name=quiz).click()
    expect(learner.get_by_role("heading", level=1)).to_have_text(quiz)
    expect(learner.get_by_role("button", name="Bắt đầu làm bài")).to_be_visible()
