import datetime

import pytest
from django.utils import timezone

from courses.models import Enrollment
from evaluations.models import (
    CourseEvaluationSetting,
    Evaluation,
    EvaluationForm,
    EvaluationInvitation,
    EvaluationItem,
    EvaluationSection,
)

from ..factories import ProfileFactory, make_course, make_official


def make_form(kind="course", title="Phiếu thử") -> EvaluationForm:
    """Section 1: A, B (scale); section 2: C (scale), D (single: 3 options), E (free text)."""
    form = EvaluationForm.objects.create(title=title, kind=kind)
    first = EvaluationSection.objects.create(form=form, title="Nội dung", sort_order=0)
    second = EvaluationSection.objects.create(form=form, title="Tổ chức", sort_order=1)
    form.items = {
        "A": EvaluationItem.objects.create(section=first, text="Mục A", sort_order=0),
        "B": EvaluationItem.objects.create(section=first, text="Mục B", sort_order=1),
        "C": EvaluationItem.objects.create(section=second, text="Mục C", sort_order=0),
        "D": EvaluationItem.objects.create(
            section=second, text="Mục D", kind="single", options="Một\nHai\nBa", sort_order=1
        ),
        "E": EvaluationItem.objects.create(section=second, text="Góp ý", kind="text", sort_order=2),
    }
    return form


def answers(form, **values) -> dict[str, list[str]]:
    """Posted data: answers(form, A=8, D=0, E="...") -> {"item-<id>": ["8"], ...}."""
    return {
        f"item-{form.items[key].pk}": [str(v) for v in value] if isinstance(value, list) else [str(value)]
        for key, value in values.items()
    }


def invite(evaluation, user=None, *, days=14, opens=None) -> EvaluationInvitation:
    opens = opens or timezone.localdate()
    return EvaluationInvitation.objects.create(
        evaluation=evaluation,
        user=user or ProfileFactory().user,
        opens_on=opens,
        closes_on=opens + datetime.timedelta(days=days),
    )


@pytest.fixture
def form(db):
    return make_form()


@pytest.fixture
def course(catalog):
    return make_course(catalog, title="Quản trị đô thị thông minh", for_officials=True)


@pytest.fixture
def evaluation(course, form):
    return Evaluation.objects.create(target=Evaluation.Target.COURSE, course=course, form=form)


@pytest.fixture
def required_course(course, form):
    CourseEvaluationSetting.objects.create(
        course=course, form=form, required_for_certificate=True, open_days=10
    )
    return course


def complete(user, course) -> Enrollment:
    """Record a completion as the learning record does, and send ``course_completed`` like it."""
    from courses.signals import course_completed

    enrollment = Enrollment.objects.create(
        user=user, course=course, status="completed", enrolled_at=timezone.now(), completed_at=timezone.now()
    )
    course_completed.send(sender=Enrollment, enrollment=enrollment)
    return enrollment


@pytest.fixture
def official(tree):
    return make_official(tree["ptdt"], user__full_name="Lê Thị Hoa").user
