"""The training-record screens of #16, as the official and HR meet them, pass the accessibility gate at 390
and 1280 px (the helpers of tests/browser/a11y.py, as for the class screens): axe finds no serious or
critical WCAG 2.1 A/AA violation, and no page scrolls sideways at 320 px outside a table's own scroll box.
Error states are audited too (an empty submission, a rejection without a reason)."""

import datetime as dt

import pytest

from cms.models import ContentCategory
from records.models import ExternalTraining, TrainingTarget

from ..records.conftest import YEAR, categories, complete, local, rworld  # noqa: F401 (fixtures)
from .a11y import DESKTOP, PHONE, click_and_wait_for_the_answer, new_context, sweep_screens

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def records_world(rworld):  # noqa: F811 (the fixture imported above)
    an = rworld["an"]
    complete(an, rworld["course_a"], local(YEAR, 2, 1))
    ExternalTraining.objects.create(
        user=an,
        title="Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4",
        provider="Bộ Chỉ huy Quân sự tỉnh",
        periods=24,
        content_category=ContentCategory.objects.get(code="QPAN"),
        starts_on=dt.date(YEAR, 3, 2),
        ends_on=dt.date(YEAR, 3, 6),
        certificate_number="QPAN-2026-004",
    )
    TrainingTarget.objects.create(year=YEAR, periods=40, unit=rworld["tree"]["sxd"])
    return rworld


def _screens(w):
    """(who, what to do on the page, marker that shows the page is the one meant)."""

    def go(url):
        return lambda page: page.goto(url)

    def post(url, selector, button):
        def act(page):
            page.goto(url)
            click_and_wait_for_the_answer(
                page, page.locator(selector).first.get_by_role("button", name=button)
            )

        return act

    person = f"/quan-ly-dao-tao/qua-trinh-boi-duong/nguoi/{w['an'].public_id}/?nam={YEAR}"
    return [
        ("official", go("/qua-trinh-boi-duong/"), "#entries-heading"),
        ("official", go("/qua-trinh-boi-duong/khai-bao/"), "input[type=file]"),
        ("official", post("/qua-trinh-boi-duong/khai-bao/", "main form", "Gửi để duyệt"), ".error-summary"),
        ("official", go("/tai-khoan/ho-so/yeu-cau-du-lieu/"), "main form"),
        ("hr", go("/quan-ly-dao-tao/qua-trinh-boi-duong/"), ".report-table"),
        ("hr", go("/quan-ly-dao-tao/qua-trinh-boi-duong/?duoi-chi-tieu=1"), ".report-table"),
        ("hr", go(person), "#entries-heading"),
        ("hr", go("/quan-ly-dao-tao/qua-trinh-boi-duong/chi-tieu/"), ".report-table"),
        ("hr", go("/quan-ly-dao-tao/qua-trinh-boi-duong/cho-duyet/"), ".request-item"),
        (
            "hr",
            post("/quan-ly-dao-tao/qua-trinh-boi-duong/cho-duyet/", ".request-decision", "Từ chối"),
            "#error-summary",
        ),
        ("hr", go("/quan-ly-dao-tao/nhap-can-bo/"), "input[type=file]"),
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_record_screens_pass_axe_for_official_and_hr(browser, live_server, records_world, viewport, tmp_path):
    users = {"official": records_world["an"], "hr": records_world["hr_sxd"]}
    failures = sweep_screens(
        browser, live_server, users=users, screens=_screens(records_world), viewport=viewport, shots=tmp_path
    )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", ["an", "hr_sxd"])
def test_the_year_picker_is_a_field_like_the_others_not_a_bare_browser_select(
    browser, live_server, records_world, who
):
    # It was the browser's default: 13 px text in a 19 px high box beside a 38 px "Xem" button.
    url = (
        "/qua-trinh-boi-duong/"
        if who == "an"
        else f"/quan-ly-dao-tao/qua-trinh-boi-duong/nguoi/{records_world['an'].public_id}/?nam={YEAR}"
    )
    context = new_context(browser, live_server, viewport=PHONE, user=records_world[who])
    page = context.new_page()
    try:
        page.goto(url)
        year = page.get_by_label("Năm", exact=True)
        body_font = page.evaluate("getComputedStyle(document.body).fontSize")
        assert year.evaluate("e => getComputedStyle(e).fontSize") == body_font
        assert year.bounding_box()["height"] >= 44
    finally:
        context.close()
