"""Demo evaluations (#17): the finished class SXD-CPXD-2026-01 and two courses have enough valid answers to
show results; a third course has fewer than the minimum and shows none. Answers go through the service, so
they are as anonymous as real ones. Idempotent; ``seed`` makes the scores repeatable."""

import random

from django.utils import timezone

from accounts.models import User
from classes.models import TrainingClass
from cms.models import CoursePage
from evaluations import services
from evaluations.defaults import COURSE_FORM, LECTURER_FORM, create_form
from evaluations.models import (
    ClassEvaluationSetting,
    CourseEvaluationSetting,
    Evaluation,
    EvaluationForm,
    EvaluationInvitation,
    EvaluationItem,
    EvaluationSection,
)

from .classes import FINISHED_CODE

# (course slug, how many officials answer): two with enough answers, one below the minimum of five.
COURSES = [
    ("gioi-thieu-do-thi-thong-minh", 7),
    ("su-dung-dich-vu-cong-truc-tuyen", 5),
    ("chuyen-doi-so-doanh-nghiep-nho-va-vua", 3),
]
OFFICIALS = [f"sxd.canbo{i:02d}@dothithongminh.test" for i in range(1, 15)]
COMMENTS = [
    "Nội dung thiết thực, áp dụng được ngay vào công việc.",
    "Đề nghị tăng thời lượng thực hành trên hệ thống.",
    "Tài liệu rõ ràng, dễ theo dõi.",
    "Nên có thêm ví dụ từ các địa phương trong tỉnh.",
]


def _default_form(data: dict) -> EvaluationForm:
    form = EvaluationForm.objects.filter(kind=data["kind"], is_default=True).first()
    return form or create_form(
        data,
        form_model=EvaluationForm,
        section_model=EvaluationSection,
        item_model=EvaluationItem,
        is_default=True,
    )


def _answers(form: EvaluationForm, rng: random.Random, *, centre: int, blank: bool = False) -> dict:
    data = {}
    for item in EvaluationItem.objects.filter(section__form=form).order_by(
        "section__sort_order", "sort_order"
    ):
        key = f"item-{item.pk}"
        if item.kind == EvaluationItem.Kind.SCALE:
            if blank and not data:
                continue  # the first scored item left blank: more than 5 % of the form, so invalid
            data[key] = [str(max(1, min(10, centre + rng.choice((-2, -1, 0, 0, 1, 1)))))]
        elif item.kind == EvaluationItem.Kind.SINGLE:
            data[key] = [str(rng.randrange(len(item.option_list)))]
        elif item.kind == EvaluationItem.Kind.MULTIPLE:
            data[key] = sorted({str(rng.randrange(len(item.option_list))) for _ in range(2)})
        elif rng.random() < 0.5:
            data[key] = [rng.choice(COMMENTS)]
    return data


def _answer_all(
    evaluation: Evaluation, users: list[User], rng: random.Random, *, centre: int, invalid: int = 0
):
    today = timezone.localdate()
    for index, user in enumerate(users):
        invitation, _created = EvaluationInvitation.objects.get_or_create(
            evaluation=evaluation, user=user, defaults={"opens_on": today, "closes_on": today}
        )
        if invitation.answered:
            continue
        services.evaluation_submit(
            invitation=invitation,
            user=user,
            data=_answers(evaluation.form, rng, centre=centre, blank=index < invalid),
            today=invitation.opens_on,
        )


def load_evaluations(*, seed: int = 171) -> list[Evaluation]:
    rng = random.Random(seed)
    course_form, lecturer_form = _default_form(COURSE_FORM), _default_form(LECTURER_FORM)
    evaluations = []
    finished = TrainingClass.objects.filter(code=FINISHED_CODE).first()
    if finished is not None:
        ClassEvaluationSetting.objects.get_or_create(
            training_class=finished, defaults={"form": course_form, "lecturer_form": lecturer_form}
        )
        services.class_evaluations_open(training_class=finished)
        members = [
            invitation.user
            for invitation in EvaluationInvitation.objects.filter(
                evaluation__training_class=finished, evaluation__target=Evaluation.Target.CLASS
            )
            .select_related("user")
            .order_by("user__email")
        ]
        for evaluation in Evaluation.objects.filter(training_class=finished).select_related("form"):
            lecturer = evaluation.target == Evaluation.Target.LECTURER
            # Seven of eight answer the class form (one leaves items blank); six answer for the lecturer.
            _answer_all(evaluation, members[: 6 if lecturer else 7], rng, centre=9 if lecturer else 8,
                        invalid=0 if lecturer else 1)  # fmt: skip
            evaluations.append(evaluation)
    for (slug, count), centre in zip(COURSES, (8, 7, 6), strict=True):
        course = CoursePage.objects.live().filter(slug=slug).first()
        if course is None:
            continue
        CourseEvaluationSetting.objects.get_or_create(course=course, defaults={"form": course_form})
        evaluation = services.course_evaluation_get_or_create(course=course, form=course_form)
        users = list(User.objects.filter(email__in=OFFICIALS).order_by("email")[:count])
        _answer_all(evaluation, users, rng, centre=centre)
        evaluations.append(evaluation)
    return evaluations
