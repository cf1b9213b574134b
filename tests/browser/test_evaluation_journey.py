"""The learner's journey through a required evaluation (#17): complete the course, evaluate it, receive the
certificate, at 390 and 1280 px, with axe on the evaluation pages."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from courses import services as course_services
from evaluations.defaults import COURSE_FORM, create_form
from evaluations.models import (
    CourseEvaluationSetting,
    EvaluationForm,
    EvaluationItem,
    EvaluationResponse,
    EvaluationSection,
)

from ..factories import make_course, make_lesson, make_official
from .a11y import DESKTOP, PHONE, axe_run, blocking, describe, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("LMS_SCREENSHOTS")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_learner_completes_evaluates_and_then_receives_the_certificate(
    browser, live_server, catalog, tree, viewport, tmp_path
):
    course = make_course(catalog, title="Quản lý đô thị thông minh", for_officials=True)
    lesson = make_lesson(course, title="Bài 1")
    # The shipped default form (a transactional test may start after another flushed the migration's rows).
    form = EvaluationForm.objects.filter(kind="course", is_default=True).first() or create_form(
        COURSE_FORM,
        form_model=EvaluationForm,
        section_model=EvaluationSection,
        item_model=EvaluationItem,
        is_default=True,
    )
    CourseEvaluationSetting.objects.create(course=course, form=form, required_for_certificate=True)
    learner = make_official(tree["ptdt"], user__full_name="Lê Thị Hoa").user
    course_services.enrollment_create(user=learner, course=course)
    shots = Path(SHOTS) if SHOTS else tmp_path
    width = viewport["width"]
    context = new_context(browser, live_server, viewport=viewport, user=learner)
    page = context.new_page()
    try:
        page.goto(lesson.url)
        page.locator(".lesson-done form button").first.click()
        # wait_for_load_state would see the lesson page, loaded already; the answer says the course is complete
        # (leaving for /danh-gia/ before it came would cancel the request).
        expect(page.locator(".messages")).to_contain_text("Chúc mừng! Bạn đã hoàn thành khóa học.")
        assert not Certificate.objects.filter(user=learner).exists()  # completed, the certificate waits

        page.goto("/danh-gia/")
        found = blocking(axe_run(page))
        assert not found, describe("/danh-gia/", found)
        page.screenshot(path=shots / f"evaluations-{width}.png", full_page=True)
        page.get_by_role("link", name="Đánh giá ngay").first.click()
        page.wait_for_selector("form.evaluation-form")
        found = blocking(axe_run(page))
        assert not found, describe("evaluation form", found)

        for fieldset in page.locator("fieldset.evaluation-item").all():
            radios = fieldset.locator("input")
            if radios.count() == 10:
                fieldset.get_by_label("8", exact=True).check()
            else:
                radios.first.check()
        page.locator("textarea").first.fill("Nội dung thiết thực")
        page.screenshot(path=shots / f"evaluation-form-{width}.png", full_page=True)
        page.get_by_role("button", name="Gửi phiếu đánh giá").click()
        expect(page.locator(".messages")).to_contain_text("đã được ghi nhận")
        assert EvaluationResponse.objects.count() == 1
        page.screenshot(path=shots / f"evaluations-done-{width}.png", full_page=True)

        certificate = Certificate.objects.get(user=learner, course=course)
        page.goto("/giay-chung-nhan/")
        assert certificate.serial in page.content()
        page.screenshot(path=shots / f"certificate-{width}.png", full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_results_pages_have_charts_tables_and_no_serious_violations(
    browser, live_server, catalog, tree, viewport, tmp_path
):
    from django.utils import timezone

    from evaluations import services
    from evaluations.models import Evaluation, EvaluationInvitation

    from ..factories import make_hr_manager

    course = make_course(catalog, title="Quản lý đô thị thông minh", for_officials=True)
    form = EvaluationForm.objects.filter(kind="course", is_default=True).first() or create_form(
        COURSE_FORM,
        form_model=EvaluationForm,
        section_model=EvaluationSection,
        item_model=EvaluationItem,
        is_default=True,
    )
    evaluation = Evaluation.objects.create(target="course", course=course, form=form)
    items = list(EvaluationItem.objects.filter(section__form=form))
    for index in range(6):
        invitation = EvaluationInvitation.objects.create(
            evaluation=evaluation,
            user=make_official(tree["ptdt"]).user,
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate(),
        )
        data = {
            f"item-{item.pk}": [str(6 + (index + item.pk) % 5) if item.kind == "scale" else "0"]
            for item in items
            if item.kind != "text"
        }
        services.evaluation_submit(invitation=invitation, user=invitation.user, data=data)
    hr = make_hr_manager(tree["sxd"])
    shots = Path(SHOTS) if SHOTS else tmp_path
    context = new_context(browser, live_server, viewport=viewport, user=hr)
    page = context.new_page()
    try:
        for url, name in (
            ("/quan-ly-dao-tao/danh-gia/", "list"),
            (f"/quan-ly-dao-tao/danh-gia/{evaluation.pk}/", "detail"),
        ):
            page.goto(url)
            found = blocking(axe_run(page))
            assert not found, describe(url, found)
            page.screenshot(path=shots / f"results-{name}-{viewport['width']}.png", full_page=True)
        assert page.locator("svg.chart").count() == 5  # sections, three sections' items, trend
    finally:
        context.close()
