"""The evaluation screens of #17, as each role meets them, pass the accessibility gate at 390 and 1280 px: axe
finds no serious or critical WCAG 2.1 A/AA violation, and no page scrolls sideways at 320 px outside a
table's own scroll box. The refused submission (a score out of range) is audited too: its message is where
contrast and names go wrong."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from classes.models import TrainingClass
from evaluations import services
from evaluations.models import Evaluation

from ..evaluations.conftest import answers, invite, make_form
from ..evaluations.test_scoring import VALID
from ..factories import ProfileFactory, make_course, make_hr_manager, make_official
from .a11y import DESKTOP, PHONE, click_and_wait_for_the_answer, sweep_screens

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def evaluations_world(catalog, tree):
    """A finished class with six valid class-evaluation forms (results shown) and a lecturer evaluation the
    learner has still to answer."""
    today = timezone.localdate()
    course = make_course(catalog, title="Quản trị đô thị thông minh", for_officials=True)
    trainer = ProfileFactory(user__full_name="Giảng viên Phạm Minh").user
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    training_class = TrainingClass.objects.create(
        course=course,
        name="Lớp bồi dưỡng đô thị thông minh",
        code="DTTM-2026-01",
        starts_on=today,
        ends_on=today,
        status=TrainingClass.Status.FINISHED,
    )
    training_class.trainers.add(trainer)
    form = make_form()
    lecturer_form = make_form(kind="lecturer", title="Phiếu đánh giá giảng viên")
    class_eval = Evaluation.objects.create(
        target="class", course=course, training_class=training_class, form=form
    )
    lecturer_eval = Evaluation.objects.create(
        target="lecturer", course=course, training_class=training_class, lecturer=trainer, form=lecturer_form
    )
    for row in VALID:
        invitation = invite(class_eval, make_official(tree["ptdt"]).user)
        services.evaluation_submit(invitation=invitation, user=invitation.user, data=answers(form, **row))
    learner = make_official(tree["ptdt"], user__full_name="Trần Văn Học").user
    open_invitation = invite(lecturer_eval, learner)
    answered = invite(class_eval, learner)
    services.evaluation_submit(invitation=answered, user=learner, data=answers(form, **VALID[0]))
    return {
        "learner": learner,
        "trainer": trainer,
        "hr": make_hr_manager(tree["ptdt"]),
        "invitation": open_invitation,
        "lecturer_form": lecturer_form,
        "class_eval": class_eval,
        "lecturer_eval": lecturer_eval,
    }


def _screens(w):
    """(who, what to do on the page, marker that shows the page is the one meant)."""

    def go(url):
        return lambda page: page.goto(url)

    answer_url = f"/danh-gia/{w['invitation'].pk}/"

    def bad_submission(page):
        page.goto(answer_url)
        # A score out of range, as a tampered request would send it.
        page.locator("main form").first.evaluate(
            """(form, name) => {
                const input = document.createElement('input');
                input.type = 'hidden';
                input.name = name;
                input.value = '11';
                form.appendChild(input);
            }""",
            f"item-{w['lecturer_form'].items['A'].pk}",
        )
        click_and_wait_for_the_answer(page, page.locator("main form button[type=submit]").first)

    report = f"/quan-ly-dao-tao/danh-gia/{w['class_eval'].pk}/"
    return [
        ("learner", go("/danh-gia/"), "main h1"),
        ("learner", go(answer_url), "main form"),
        ("learner", bad_submission, "main [role=alert], main .error-summary, main .message-error"),
        ("trainer", go("/quan-ly-dao-tao/danh-gia/"), "main table"),
        ("trainer", go(report), "main svg"),
        ("trainer", go(f"/quan-ly-dao-tao/danh-gia/{w['lecturer_eval'].pk}/"), "main h1"),
        ("hr", go("/quan-ly-dao-tao/danh-gia/"), "#coverage-caption"),
        ("hr", go(report), "main svg"),
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_evaluation_screens_pass_axe_for_learner_trainer_and_hr(
    browser, live_server, evaluations_world, viewport, tmp_path
):
    users = {role: evaluations_world[role] for role in ("learner", "trainer", "hr")}
    failures = sweep_screens(
        browser,
        live_server,
        users=users,
        screens=_screens(evaluations_world),
        viewport=viewport,
        shots=tmp_path,
    )
    assert not failures, "\n".join(failures)
