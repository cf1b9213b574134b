"""Accessibility gate: axe-core in Chromium finds no serious or critical WCAG 2.1 A/AA violation on the key
pages, at a phone's and a desktop's width; and a learner completes a quiz with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from assessment import services as assessment_services
from assessment.models import AttemptQuestion, Question, QuizAttempt
from certificates.models import Certificate
from courses import services

from ..factories import make_course, make_hr_manager, make_lesson, make_official, make_question, make_quiz
from .a11y import (
    DESKTOP,
    PHONE,
    advisory,
    axe_run,
    blocking,
    click_and_wait_for_the_answer,
    describe,
    new_context,
    overflowing,
    sign_in,
)

pytestmark = pytest.mark.browser
live_db = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote

QUESTION_TYPES = ("single", "multiple", "truefalse", "short", "matching")

LESSON_BODY = [
    ("heading", {"text": "Khái niệm đô thị thông minh", "level": "h2"}),
    ("paragraph", "<p>Đô thị thông minh dùng dữ liệu để phục vụ người dân tốt hơn.</p>"),
    ("callout", {"kind": "tip", "text": "<p>Ghi chú lại các ví dụ tại địa phương.</p>"}),
    ("takeaways", {"items": ["Dữ liệu mở", "Dịch vụ công trực tuyến"]}),
    (
        "self_check",
        {
            "question": "Đâu là một dịch vụ của đô thị thông minh?",
            "choices": [{"text": "Cổng dịch vụ công", "correct": True}, {"text": "Giấy tờ viết tay"}],
            "explanation": "Cổng dịch vụ công cho phép nộp hồ sơ trực tuyến.",
        },
    ),
]


def correct_answers(attempt, *, except_type=None) -> dict:
    """The right answers of an attempt in the services' format, leaving out ``except_type`` questions."""
    answers = {}
    for row in AttemptQuestion.objects.filter(attempt=attempt).select_related("question"):
        question = row.question
        if question.type == except_type:
            continue
        if question.type == Question.Type.SHORT:
            answers[row.pk] = {"text": question.choices.order_by("-fraction").first().text}
        elif question.type == Question.Type.MATCHING:
            answers[row.pk] = {"matches": {str(p.pk): p.answer for p in question.pairs.exclude(prompt="")}}
        else:
            answers[row.pk] = {
                "selected": list(question.choices.filter(fraction__gt=0).values_list("pk", flat=True))
            }
    return answers


@pytest.fixture
def learning(catalog, tree):
    """A course with rich lessons and a timed quiz of every question type, and an official enrolled in it."""
    course = make_course(
        catalog,
        title="Quy hoạch đô thị thông minh",
        for_officials=True,
        completion_rule="lessons_and_quiz",
        estimated_hours=8,
    )
    lessons = [make_lesson(course, title=f"Bài {i}", body=LESSON_BODY) for i in (1, 2)]
    quiz = make_quiz(
        course, [make_question(qtype=t) for t in QUESTION_TYPES], pass_mark=60, time_limit_minutes=30
    )
    learner = make_official(tree["ptdt"]).user
    enrollment = services.enrollment_create(user=learner, course=course)
    return {"course": course, "lessons": lessons, "quiz": quiz, "learner": learner, "enrollment": enrollment}


@pytest.fixture
def world(learning, tree, with_totp):
    """The learner finished the lessons, passed the quiz once (so holds a certificate) and started a second
    attempt; an HR manager of Sở Xây dựng follows them."""
    enrollment = learning["enrollment"]
    for lesson in learning["lessons"]:
        services.lesson_mark_complete(enrollment=enrollment, lesson=lesson)
    first = services.quiz_attempt_start(quiz=learning["quiz"], user=learning["learner"])
    # One question wrong, so the review shows both a right and a wrong answer.
    assessment_services.quiz_attempt_submit(
        attempt=first, answers=correct_answers(first, except_type="matching")
    )
    second = services.quiz_attempt_start(quiz=learning["quiz"], user=learning["learner"])
    certificate = Certificate.objects.get(enrollment=enrollment, revoked_at__isnull=True)
    hr = with_totp(make_hr_manager(tree["sxd"]))
    return {**learning, "first": first, "second": second, "certificate": certificate, "hr": hr}


def audited_pages(world):
    """(label, who, URL, a heading the page must show so we know we audit the right page, and a way to
    make its form show errors, to audit that state too)."""
    course, lesson, quiz = world["course"], world["lessons"][0], world["quiz"]
    attempt_url = f"/hoc-tap/lan-lam-bai/{world['second'].public_id}/"
    result_url = f"/hoc-tap/lan-lam-bai/{world['first'].public_id}/ket-qua/"
    verify_url = f"/tra-cuu-chung-nhan/{world['certificate'].verification_code}/"
    return [
        ("home", None, "/", None, None),
        ("catalogue", None, course.get_parent().url, course.get_parent().title, None),
        ("signup", None, "/accounts/signup/", None, submit_empty),
        ("login", None, "/accounts/login/", None, submit_wrong_password),
        ("certificate lookup", None, "/tra-cuu-chung-nhan/", None, None),
        ("certificate verification", None, verify_url, None, None),
        ("course", "learner", course.url, course.title, None),
        ("lesson", "learner", lesson.url, lesson.title, None),
        ("quiz overview", "learner", f"/hoc-tap/bai-kiem-tra/{quiz.pk}/", quiz.title, None),
        ("quiz in progress", "learner", attempt_url, quiz.title, None),
        ("quiz result", "learner", result_url, quiz.title, None),
        ("dashboard", "learner", "/hoc-tap/", None, None),
        ("my certificates", "learner", "/giay-chung-nhan/", None, None),
        ("HR dashboard", "hr", "/quan-ly-dao-tao/", None, None),
        ("HR report by unit", "hr", "/quan-ly-dao-tao/don-vi/", None, None),
        ("HR report by course", "hr", "/quan-ly-dao-tao/khoa-hoc/", None, None),
        ("HR learners", "hr", "/quan-ly-dao-tao/hoc-vien/", None, None),
        # The assignment form, with its errors shown after an empty submit (#14).
        ("HR assign a course", "hr", "/quan-ly-dao-tao/giao-khoa-hoc/", None, submit_empty),
        ("HR enrollment requests", "hr", "/quan-ly-dao-tao/yeu-cau-dang-ky-hoc/", None, None),
        ("HR exports", "hr", "/quan-ly-dao-tao/xuat-du-lieu/", None, None),
        (
            "HR learner transcript",
            "hr",
            f"/quan-ly-dao-tao/hoc-vien/{world['learner'].public_id}/",
            None,
            None,
        ),
    ]


def submit_empty(page) -> None:
    click_and_wait_for_the_answer(page, page.locator("main form button[type=submit]").last)


def submit_wrong_password(page) -> None:
    # The login fields are "required", so an empty form never leaves the browser.
    page.locator("main input[type=email]").fill("khong-ton-tai@example.test")
    page.locator("main input[type=password]").fill("sai-mat-khau")
    click_and_wait_for_the_answer(page, page.locator("main form button[type=submit]").last)


def audit(page, label, *, phone, failures, notes) -> None:
    """Run axe on the page as it is (with the phone menu opened, so its links are checked too)."""
    toggle = page.locator(".nav-toggle")
    if phone and toggle.is_visible():
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
    results = axe_run(page)
    assert results["passes"], f"{label}: axe checked nothing"
    if found := blocking(results):
        failures.append(describe(label, found))
    if found := advisory(results):
        notes.append(describe(label, found))
    if phone and (wide := overflowing(page)):
        failures.append(
            f"{label}: reflow [serious] scrolls sideways at 320 px (WCAG 1.4.10): {', '.join(wide)}"
        )


def test_gate_reports_a_real_violation_with_its_elements(browser):
    """The gate is only as good as its failures: a page with an unlabeled field and an image without
    alternative text must fail it, naming the rule and the element."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.set_content(
            '<html lang="vi"><body><main><h1>Thử</h1><img src="data:,">'
            '<input type="text" id="nameless"></main></body></html>'
        )
        found = blocking(axe_run(page))
    finally:
        context.close()
    report = describe("sample", found)
    assert {v["id"] for v in found} >= {"image-alt", "label"}, report
    assert "#nameless" in report and "[critical]" in report


@live_db
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_key_pages_have_no_serious_or_critical_wcag_violations(browser, live_server, world, viewport):
    users = {"learner": world["learner"], "hr": world["hr"]}
    phone = viewport == PHONE
    tabs = {}
    failures, notes = [], []
    try:
        for label, who, url, heading, provoke_errors in audited_pages(world):
            if who not in tabs:
                context = new_context(browser, live_server, viewport=viewport, user=users.get(who))
                tabs[who] = context.new_page()
            page = tabs[who]
            response = page.goto(url)
            assert response.status == 200 and page.url.endswith(url), f"{label}: {url} gave {page.url}"
            h1 = page.locator("h1").first.inner_text()
            assert heading is None or heading in h1, (
                f"{label}: expected {heading!r} in the heading, got {h1!r}"
            )
            audit(page, label, phone=phone, failures=failures, notes=notes)
            if provoke_errors:
                provoke_errors(page)  # returns once the page with the errors has loaded
                assert page.locator(".error-summary, .form-errors, .errorlist").first.is_visible(), label
                audit(page, f"{label} (with errors)", phone=phone, failures=failures, notes=notes)
    finally:
        for page in tabs.values():
            page.context.close()
    if notes:
        # Not failing: shown with -rP or on failure, to be fixed over time.
        print("Advisory (best practice, minor or moderate):\n" + "\n".join(notes))
    assert not failures, "Serious or critical WCAG 2.1 A/AA violations:\n" + "\n".join(failures)


# --- Keyboard only -------------------------------------------------------------------------------------


def focused(page) -> dict:
    """What has the focus, and whether it is drawn so a sighted keyboard user can see it."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            return {
                id: el.id, tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
                value: el.value || '', checked: !!el.checked, text: (el.innerText || '').trim(),
                classes: el.className || '', visible: outline || style.boxShadow !== 'none',
            };
        }"""
    )


def press_tab(page, *, backwards=False) -> dict:
    page.keyboard.press("Shift+Tab" if backwards else "Tab")
    return focused(page)


def reach(page, *, limit=60, backwards=False, **expected) -> dict:
    """Tab (or Shift+Tab) until the focused element has the ``expected`` properties (the current focus
    counts); fail if it never does."""
    state = focused(page)
    for _ in range(limit):
        if all(state[key] == value for key, value in expected.items()):
            return state
        state = press_tab(page, backwards=backwards)
    pytest.fail(f"The keyboard could not reach the control; the focus ended on {state}")


@live_db
def test_learner_completes_a_quiz_with_the_keyboard_only(page, live_server, learning):
    quiz, learner = learning["quiz"], learning["learner"]
    sign_in(page.context, live_server, learner)
    page.goto(f"/hoc-tap/bai-kiem-tra/{quiz.pk}/")
    seen = []  # every control the keyboard lands on, to check its focus is drawn

    # The first Tab reaches the skip link, shown on focus.
    seen.append(press_tab(page))
    assert "skip-link" in seen[-1]["classes"], seen[-1]
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
    # On a phone the navigation is folded behind "Menu": Enter opens it and Tab walks into its links.
    seen.append(reach(page, classes="nav-toggle"))
    page.keyboard.press("Enter")
    expect(page.locator(".nav-toggle")).to_have_attribute("aria-expanded", "true")
    seen.append(press_tab(page))
    assert seen[-1]["tag"] == "a" and seen[-1]["text"] == "Trang chủ", seen[-1]
    # Back to the skip link, whose Enter moves the focus to the main content.
    reach(page, backwards=True, classes="skip-link")
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    seen.append(reach(page, tag="button", text="Bắt đầu làm bài"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/lan-lam-bai/[0-9a-f-]+/$"))
    attempt = QuizAttempt.objects.get(quiz=quiz, user=learner)
    rows = AttemptQuestion.objects.filter(attempt=attempt).select_related("question").order_by("position")
    assert {row.question.type for row in rows} == set(QUESTION_TYPES)

    for row in rows:
        question, name = row.question, f"q{row.pk}"
        if question.type in (Question.Type.SINGLE, Question.Type.TRUE_FALSE):
            # Tab enters the radio group once; the arrow keys move (and select) within it.
            target = f"{name}-{question.choices.get(fraction__gt=0).pk}"
            seen.append(reach(page, name=name))
            for _ in range(question.choices.count()):
                if focused(page)["id"] == target:
                    break
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
            state = focused(page)
            assert state["id"] == target and state["checked"], state
        elif question.type == Question.Type.MULTIPLE:
            wanted = {
                f"{name}-{pk}" for pk in question.choices.filter(fraction__gt=0).values_list("pk", flat=True)
            }
            state = reach(page, name=name)
            while state["name"] == name:
                seen.append(state)
                if state["id"] in wanted:
                    page.keyboard.press("Space")
                    assert focused(page)["checked"], state
                state = press_tab(page)
        elif question.type == Question.Type.SHORT:
            seen.append(reach(page, id=f"{name}-text"))
            page.keyboard.type(question.choices.order_by("-fraction").first().text)
        elif question.type == Question.Type.MATCHING:
            for pair in question.pairs.exclude(prompt=""):
                seen.append(reach(page, id=f"{name}-{pair.pk}"))
                # A closed select changes its value with the arrow keys, without opening the list.
                for _ in range(question.pairs.count() + 1):
                    if focused(page)["value"] == pair.answer:
                        break
                    page.keyboard.press("ArrowDown")
                assert focused(page)["value"] == pair.answer

    seen.append(reach(page, tag="button", value="submit"))
    # Shift+Tab goes back to "Save answers" and Tab returns: the order runs both ways.
    assert press_tab(page, backwards=True)["value"] == "save"
    assert press_tab(page)["value"] == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ket-qua/$"))

    attempt.refresh_from_db()
    score = page.locator(".result-score").inner_text()
    assert (
        f"{attempt.score.normalize():f} / {attempt.max_score.normalize():f}" in score and "(100%)" in score
    ), score
    assert "Đạt" in page.locator(".result-verdict").inner_text()
    invisible = [f for f in seen if not f["visible"]]
    assert not invisible, f"Focus is not drawn on: {invisible}"
