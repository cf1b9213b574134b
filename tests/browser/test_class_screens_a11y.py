"""The class screens of #15, as each role meets them, pass the accessibility gate at 390 and 1280 px: axe
finds no serious or critical WCAG 2.1 A/AA violation, and no page scrolls sideways at 320 px outside a
table's own scroll box. States with errors are audited too (a refused check-in, a rejection without a
reason, an excused absence without a reason), as their messages are where contrast and names go wrong."""

import datetime

import pytest
from django.utils import timezone

from classes import services
from classes.models import TrainingClass

from ..classes.attendance_world import make_attendance_class
from ..factories import make_hr_manager, make_official
from .a11y import DESKTOP, PHONE, click_and_wait_for_the_answer, sweep_screens

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def classes_world(catalog, tree):
    training_class, session, trainer, members = make_attendance_class(catalog, tree["ptdt"], learners=3)
    services.attendance_record(session=session, member=members[0], status="present", by=trainer)
    services.attendance_record(session=session, member=members[1], status="excused", by=trainer, reason="Ốm")
    today = timezone.localdate()
    approval = TrainingClass.objects.create(
        course=training_class.course,
        name="Lớp bồi dưỡng cần phê duyệt",
        code="LBD-DUYET",
        starts_on=today + datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=14),
        status=TrainingClass.Status.OPEN,
        requires_approval=True,
        for_officials=True,
        capacity=20,
    )
    approval.trainers.add(trainer)
    pending = services.class_register(training_class=approval, user=make_official(tree["ptdt"]).user)
    learner = members[0].user
    services.calendar_feed_regenerate(user=learner)
    hr = make_hr_manager(tree["sxd"])
    return {
        "class": training_class,
        "approval": approval,
        "session": session,
        "trainer": trainer,
        "learner": learner,
        "hr": hr,
        "pending": pending,
    }


def _screens(w):
    """(who, what to do on the page, marker that shows the page is the one meant)."""
    session, klass = w["session"], w["class"]

    def go(url):
        return lambda page: page.goto(url)

    def post(url, selector, button, fill=None):
        def act(page):
            page.goto(url)
            if fill:
                page.locator(fill[0]).first.fill(fill[1])
            click_and_wait_for_the_answer(
                page, page.locator(selector).first.get_by_role("button", name=button)
            )

        return act

    roster = f"/quan-ly-dao-tao/lop-hoc/buoi/{session.pk}/diem-danh/"
    return [
        # The learner.
        ("learner", go("/lop-hoc/"), ".enrollment-item"),
        ("learner", go(f"/lop-hoc/{klass.pk}/"), ".session-list"),
        ("learner", go(f"/lop-hoc/{w['approval'].pk}/"), "#membership-heading"),
        ("learner", go("/diem-danh/nhap-ma/"), "#checkin-code"),
        (
            "learner",
            post("/diem-danh/nhap-ma/", ".checkin-code-form", "Điểm danh", ("#checkin-code", "1")),
            "#code-error",
        ),
        ("learner", go(f"/diem-danh/buoi/{session.pk}/?ma=gia-mao"), ".checkin-result .message-error"),
        # The trainer.
        ("trainer", go("/quan-ly-dao-tao/lop-hoc/"), "main table, main ul"),
        ("trainer", go(f"/quan-ly-dao-tao/lop-hoc/{klass.pk}/"), ".session-item"),
        ("trainer", go(roster), ".roster-row"),
        ("trainer", go(f"/quan-ly-dao-tao/lop-hoc/buoi/{session.pk}/diem-danh-qr/"), "#checkin-qr"),
        ("trainer", go("/quan-ly-dao-tao/duyet-dang-ky-lop/"), ".request-item"),
        # HR.
        ("hr", go("/quan-ly-dao-tao/cu-di-hoc/"), "form.stack-form"),
        ("hr", post("/quan-ly-dao-tao/cu-di-hoc/", "main form", "Cử đi học"), ".error-summary, .errorlist"),
        ("hr", go("/quan-ly-dao-tao/duyet-dang-ky-lop/"), ".request-item"),
        ("hr", post("/quan-ly-dao-tao/duyet-dang-ky-lop/", ".request-decision", "Từ chối"), "#error-summary"),
        ("hr", go("/quan-ly-dao-tao/bao-cao-lop-hoc/"), "h1"),
        ("hr", go(f"/quan-ly-dao-tao/bao-cao-lop-hoc/?training_class={klass.pk}"), ".report-table"),
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_class_screens_pass_axe_for_learner_trainer_and_hr(
    browser, live_server, classes_world, viewport, tmp_path
):
    users = {
        "learner": classes_world["learner"],
        "trainer": classes_world["trainer"],
        "hr": classes_world["hr"],
    }
    failures = sweep_screens(
        browser, live_server, users=users, screens=_screens(classes_world), viewport=viewport, shots=tmp_path
    )
    assert not failures, "\n".join(failures)
