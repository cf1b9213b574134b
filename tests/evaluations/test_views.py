"""Who sees which results (trainer, HR of the scope, administrator), the pages' queries, the XLSX."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from classes.models import TrainingClass
from evaluations import services
from evaluations.models import Evaluation, EvaluationItem

from ..auth import sign_in
from ..factories import ProfileFactory, UserFactory, make_hr_manager, make_official
from .conftest import answers, invite, make_form
from .test_scoring import VALID


@pytest.fixture
def setup(course, form, tree):
    """A class of ``course`` taught by a trainer, with its class evaluation (six valid forms from SXD
    officials) and the trainer's lecturer evaluation; another trainer's lecturer evaluation in another
    class with officials of KHCN."""
    today = timezone.localdate()
    trainer, other_trainer = (ProfileFactory(user__full_name=name).user for name in ("Phạm Giảng", "Võ Khác"))
    for user in (trainer, other_trainer):
        user.groups.add(Group.objects.get(name=roles.TRAINERS))
    first = TrainingClass.objects.create(
        course=course, name="Lớp A", code="DG-A", starts_on=today, ends_on=today
    )
    first.trainers.add(trainer)
    second = TrainingClass.objects.create(
        course=course, name="Lớp B", code="DG-B", starts_on=today, ends_on=today
    )
    second.trainers.add(other_trainer)
    lecturer_form = make_form(kind="lecturer", title="Phiếu GV")
    class_eval = Evaluation.objects.create(target="class", course=course, training_class=first, form=form)
    own = Evaluation.objects.create(
        target="lecturer", course=course, training_class=first, lecturer=trainer, form=lecturer_form
    )
    others = Evaluation.objects.create(
        target="lecturer", course=course, training_class=second, lecturer=other_trainer, form=lecturer_form
    )
    for row in VALID:
        invitation = invite(class_eval, make_official(tree["ptdt"]).user)
        services.evaluation_submit(invitation=invitation, user=invitation.user, data=answers(form, **row))
    invite(others, make_official(tree["cds"]).user)
    invite(own, make_official(tree["ptdt"]).user)
    return {
        "trainer": trainer,
        "other_trainer": other_trainer,
        "class_eval": class_eval,
        "own": own,
        "others": others,
        "hr_sxd": make_hr_manager(tree["sxd"]),
        "hr_khcn": make_hr_manager(tree["khcn"]),
    }


def _detail(evaluation):
    return reverse("evaluation_staff:detail", kwargs={"evaluation_id": evaluation.pk})


@pytest.mark.parametrize(
    ("actor", "visible", "hidden"),
    [
        ("trainer", ["class_eval", "own"], ["others"]),
        ("other_trainer", ["others"], ["class_eval", "own"]),
        ("hr_sxd", ["class_eval", "own"], ["others"]),
        ("hr_khcn", ["others"], ["class_eval", "own"]),
        ("admin", ["class_eval", "own", "others"], []),
    ],
)
def test_each_reader_sees_their_own_results_only(client, setup, actor, visible, hidden):
    user = UserFactory(is_superuser=True, is_staff=True) if actor == "admin" else setup[actor]
    sign_in(client, user)
    listing = client.get(reverse("evaluation_staff:list")).content.decode()
    for name in visible:
        assert client.get(_detail(setup[name])).status_code == 200, name
        assert _detail(setup[name]) in listing
    for name in hidden:
        assert client.get(_detail(setup[name])).status_code == 404, name
        assert client.get(_detail(setup[name]) + "ket-qua.xlsx").status_code == 404
        assert _detail(setup[name]) not in listing


def test_a_learner_and_a_trainer_without_results_are_refused(client, setup):
    for user in (ProfileFactory().user, UserFactory()):
        sign_in(client, user)
        assert client.get(reverse("evaluation_staff:list")).status_code == 403
        assert client.get(_detail(setup["class_eval"])).status_code == 403


def test_results_page_shows_charts_with_tables_and_hides_results_below_the_minimum(client, setup):
    sign_in(client, setup["trainer"])
    page = client.get(_detail(setup["class_eval"])).content.decode()
    assert page.count('<svg class="chart"') == 4  # sections, two sections' items, trend
    assert page.count("<caption") >= 4
    assert "7,72" in page and "Khá" in page and "Cần thêm thực hành" in page  # mean 7.7222, band, comment
    assert "Phiếu hợp lệ" in page
    page = client.get(_detail(setup["own"])).content.decode()
    assert (
        "Kết quả chỉ hiển thị khi có từ 5 phiếu hợp lệ" in page and '<svg class="chart"' in page
    )  # trend only


def test_xlsx_export_reads_back_the_figures_of_the_page(client, setup):
    sign_in(client, setup["hr_sxd"])
    response = client.get(_detail(setup["class_eval"]) + "ket-qua.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Kết quả", "Ý kiến", "Xu hướng"]
    cells = {row[0]: row[1:] for row in workbook["Kết quả"].iter_rows(values_only=True) if row[0]}
    assert cells["Phiếu hợp lệ"][0] == 6 and cells["Phiếu không hợp lệ"][0] == 0
    assert cells["Điểm trung bình chung"][0] == pytest.approx((48 + 49 + 42) / 18)
    assert cells["Điểm trung bình chung"][1] == "Khá"
    assert cells["    Mục A"][1] == pytest.approx(8.0) and cells["    Mục A"][2] == "Tốt"
    assert cells["        Một"][0] == 3
    comments = [row[1] for row in workbook["Ý kiến"].iter_rows(min_row=2, values_only=True)]
    assert comments == ["Cần thêm thực hành", "Rất bổ ích"]
    trend = list(workbook["Xu hướng"].iter_rows(min_row=2, values_only=True))
    assert trend[0][0].startswith("DG-A") and trend[0][1] == 6


def test_pages_have_bounded_queries(client, setup, course, form, tree, django_assert_max_num_queries):
    admin = UserFactory(is_superuser=True, is_staff=True)
    sign_in(client, admin)
    urls = [
        reverse("evaluation_staff:list"),
        _detail(setup["class_eval"]),
        _detail(setup["class_eval"]) + "ket-qua.xlsx",
    ]
    baseline = {}
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(40) as captured:
            client.get(url)
        baseline[url] = len(captured)
    # Ten more classes with evaluations and answers: no query per row.
    for index in range(10):
        training_class = TrainingClass.objects.create(
            course=course, name=f"Lớp {index}", code=f"DG-X{index}", starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
        )  # fmt: skip
        evaluation = Evaluation.objects.create(
            target="class", course=course, training_class=training_class, form=form
        )
        for row in VALID[:5]:
            invitation = invite(evaluation, make_official(tree["ptdt"]).user)
            services.evaluation_submit(invitation=invitation, user=invitation.user, data=answers(form, **row))
    for url in urls:
        with django_assert_max_num_queries(baseline[url]):
            client.get(url)


def test_learner_pages_have_bounded_queries(
    client, evaluation, form, official, django_assert_max_num_queries
):
    sign_in(client, official)
    invitation = invite(evaluation, official)
    for url in (
        reverse("evaluations:my_evaluations"),
        reverse("evaluations:answer", kwargs={"invitation_id": invitation.pk}),
    ):
        client.get(url)
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200
    for _ in range(10):
        invite(
            Evaluation.objects.create(target="course", course=evaluation.course, form=make_form()), official
        )
    with django_assert_max_num_queries(20):
        client.get(reverse("evaluations:my_evaluations"))
    with django_assert_max_num_queries(30):
        response = client.post(
            reverse("evaluations:answer", kwargs={"invitation_id": invitation.pk}),
            answers(form, A=8, B=8, C=8, D=0),
        )
    assert response.status_code == 302


def test_admin_screens_for_forms_and_settings_open(staff_admin_client, form, course):
    from evaluations.models import CourseEvaluationSetting

    setting = CourseEvaluationSetting.objects.create(course=course, form=form)
    for url in (
        reverse("wagtailsnippets_evaluations_evaluationform:list"),
        reverse("wagtailsnippets_evaluations_evaluationform:add"),
        reverse("wagtailsnippets_evaluations_evaluationform:edit", args=[form.pk]),
        reverse("wagtailsnippets_evaluations_courseevaluationsetting:edit", args=[setting.pk]),
        reverse("wagtailsnippets_evaluations_classevaluationsetting:add"),
    ):
        response = staff_admin_client.get(url)
        assert response.status_code == 200, url
    page = staff_admin_client.get(reverse("wagtailsnippets_evaluations_evaluationform:edit", args=[form.pk]))
    assert "Mục A" in page.content.decode() and "Góp ý" in page.content.decode()  # nested items shown


def test_default_forms_are_shipped_in_vietnamese(db):
    from evaluations.models import EvaluationForm

    course_form = EvaluationForm.objects.get(kind="course", is_default=True)
    lecturer_form = EvaluationForm.objects.get(kind="lecturer", is_default=True)
    assert course_form.title == "Phiếu khảo sát chất lượng khóa bồi dưỡng"
    assert lecturer_form.title == "Phiếu đánh giá giảng viên"
    kinds = set(EvaluationItem.objects.filter(section__form=course_form).values_list("kind", flat=True))
    assert kinds == {"scale", "single", "multiple", "text"}
