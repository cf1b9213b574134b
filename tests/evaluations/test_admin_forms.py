"""The snippet editor: a form with answers keeps its structure (wording stays editable) and never loses an
answer; class evaluation settings offer and accept only the classes the editor manages."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts import roles
from classes.models import TrainingClass
from evaluations import services
from evaluations.models import (
    ClassEvaluationSetting,
    EvaluationAnswer,
    EvaluationForm,
    EvaluationItem,
    EvaluationSection,
)

from ..auth import sign_in
from ..factories import ProfileFactory
from .conftest import answers, invite

EDIT = "wagtailsnippets_evaluations_evaluationform:edit"
LOCKED_VI = "Phiếu này đã có câu trả lời nên cấu trúc đã bị khóa"


def _post_data(form, *, change_item=None, delete_item=None, add_item=False, delete_section=False):
    """The editor's POST for ``form`` as it stands, with one change applied."""
    sections = []
    for section in form.sections.order_by("sort_order", "pk"):
        items = []
        for item in section.items.order_by("sort_order", "pk"):
            row = {"id": item.pk, "text": item.text, "kind": item.kind, "options": item.options}
            if change_item is not None and item.pk == change_item[0].pk:
                row.update(change_item[1])
            if delete_item is not None and item.pk == delete_item.pk:
                row["DELETE"] = "1"
            items.append(row)
        initial = len(items)
        if add_item and not sections:
            items.append({"text": "Mục mới", "kind": "scale", "options": ""})
        row = {"id": section.pk, "title": section.title, "items": inline_formset(items, initial=initial)}
        if delete_section and not sections:
            row["DELETE"] = "1"
        sections.append(row)
    return nested_form_data(
        {
            "title": form.title,
            "kind": form.kind,
            "introduction": form.introduction,
            "sections": inline_formset(sections, initial=len(sections)),
        }
    )


@pytest.fixture
def answered(evaluation, form):
    """Two forms answered: A=8 and A=6, the rest filled in."""
    for score in (8, 6):
        services.evaluation_submit(
            invitation=(invitation := invite(evaluation)),
            user=invitation.user,
            data=answers(form, A=score, B=7, C=9, D=1, E="Tốt"),
        )
    return form


@pytest.mark.parametrize(
    "change",
    [
        {"delete_item": "A"},
        {"delete_section": True},
        {"add_item": True},
        {"change_item": ("A", {"kind": "text"})},
        {"change_item": ("D", {"options": "Một\nHai"})},
        {"change_item": ("D", {"options": "Hai\nMột\nBa"})},
        {"change_item": ("D", {"options": "Một\nHai\nBa nữa"})},
    ],
    ids=[
        "delete-item",
        "delete-section",
        "add-item",
        "item-kind",
        "drop-option",
        "reorder-options",
        "reword-option",
    ],
)
def test_structural_edit_of_a_form_with_answers_is_refused_and_no_answer_is_lost(
    staff_admin_client, answered, change
):
    form = answered
    before = sorted(EvaluationAnswer.objects.values_list("pk", "item_id", "score", "option", "text"))
    assert len(before) == 10
    if "delete_item" in change:
        change = {"delete_item": form.items[change["delete_item"]]}
    if "change_item" in change:
        key, values = change["change_item"]
        change = {"change_item": (form.items[key], values)}
    response = staff_admin_client.post(reverse(EDIT, args=[form.pk]), _post_data(form, **change), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert LOCKED_VI in page
    assert sorted(EvaluationAnswer.objects.values_list("pk", "item_id", "score", "option", "text")) == before
    assert EvaluationItem.objects.filter(section__form=form).count() == 5
    assert EvaluationSection.objects.filter(form=form).count() == 2
    assert set(EvaluationItem.objects.filter(section__form=form).values_list("kind", flat=True)) == {
        "scale",
        "single",
        "text",
    }
    assert EvaluationItem.objects.get(pk=form.items["D"].pk).option_list == ["Một", "Hai", "Ba"]


def test_wording_of_a_form_with_answers_can_still_be_corrected(staff_admin_client, answered):
    form = answered
    assert (
        LOCKED_VI in staff_admin_client.get(reverse(EDIT, args=[form.pk])).content.decode()
    )  # said up front
    # Only spacing of the options may differ (an answer is an option's position).
    data = _post_data(
        form, change_item=(form.items["D"], {"text": "Mục D (sửa lời)", "options": " Một\nHai \nBa\n"})
    )
    data["title"] = "Phiếu thử (đã sửa)"
    response = staff_admin_client.post(reverse(EDIT, args=[form.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    form.refresh_from_db()
    assert form.title == "Phiếu thử (đã sửa)"
    item = EvaluationItem.objects.get(pk=form.items["D"].pk)
    assert (item.text, item.option_list) == ("Mục D (sửa lời)", ["Một", "Hai", "Ba"])
    assert EvaluationAnswer.objects.count() == 10


def test_a_form_without_answers_can_still_lose_an_item(staff_admin_client, form):
    assert LOCKED_VI not in staff_admin_client.get(reverse(EDIT, args=[form.pk])).content.decode()
    response = staff_admin_client.post(
        reverse(EDIT, args=[form.pk]), _post_data(form, delete_item=form.items["A"])
    )
    assert response.status_code == 302
    assert not EvaluationItem.objects.filter(pk=form.items["A"].pk).exists()


def test_answers_are_protected_when_an_item_is_deleted_outside_the_editor(answered):
    item = answered.items["A"]
    with pytest.raises(ProtectedError):
        item.delete()
    with pytest.raises(ProtectedError):
        EvaluationSection.objects.get(pk=item.section_id).delete()
    # The database's foreign key refuses it too, whatever the ORM does.
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM evaluations_evaluationitem WHERE id = %s", [item.pk])
        connection.check_constraints(table_names=["evaluations_evaluationanswer"])  # PostgreSQL defers
    assert EvaluationAnswer.objects.filter(item=item).count() == 2


# --- Class evaluation settings: the class dropdown -------------------------------------------------------


@pytest.fixture
def two_classes(catalog, course, form):
    today = timezone.localdate()
    trainer = ProfileFactory(user__full_name="Giảng viên Một").user
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    mine = TrainingClass.objects.create(
        course=course, name="Lớp của tôi", code="DG-MINE", starts_on=today, ends_on=today
    )
    mine.trainers.add(trainer)
    other = TrainingClass.objects.create(
        course=course,
        name="Lớp người khác",
        code="DG-OTHER",
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=31),
    )
    return {"trainer": trainer, "mine": mine, "other": other, "form": form}


ADD = "wagtailsnippets_evaluations_classevaluationsetting:add"


def test_class_setting_offers_a_trainer_only_their_classes(client, two_classes):
    sign_in(client, two_classes["trainer"])
    response = client.get(reverse(ADD))
    page = response.content.decode()
    assert response.status_code == 200, response
    assert "DG-MINE — Lớp của tôi" in page, page[
        page.find("training_class") - 200 : page.find("training_class") + 1500
    ]
    assert "Lớp người khác" not in page and "DG-OTHER" not in page


def test_class_setting_offers_an_administrator_every_class(staff_admin_client, two_classes):
    page = staff_admin_client.get(reverse(ADD)).content.decode()
    assert "DG-MINE — Lớp của tôi" in page and "DG-OTHER — Lớp người khác" in page


def test_class_setting_refuses_a_tampered_class_id(client, two_classes):
    sign_in(client, two_classes["trainer"])
    data = {"training_class": two_classes["other"].pk, "form": two_classes["form"].pk, "open_days": ""}
    response = client.post(reverse(ADD), data)
    assert response.status_code == 200
    assert not ClassEvaluationSetting.objects.exists()
    assert "Vui lòng chọn một lựa chọn hợp lệ" in response.content.decode()
    data["training_class"] = two_classes["mine"].pk
    assert client.post(reverse(ADD), data).status_code == 302
    assert ClassEvaluationSetting.objects.get().training_class == two_classes["mine"]


def test_another_trainers_class_setting_does_not_open(client, two_classes, staff_admin_client):
    setting = ClassEvaluationSetting.objects.create(
        training_class=two_classes["other"], form=two_classes["form"]
    )
    sign_in(client, two_classes["trainer"])
    for name in ("edit", "delete"):
        url = reverse(f"wagtailsnippets_evaluations_classevaluationsetting:{name}", args=[setting.pk])
        assert client.get(url).status_code in (302, 403, 404), name
        assert client.post(url, {"training_class": two_classes["other"].pk}).status_code in (302, 403, 404)
    assert ClassEvaluationSetting.objects.filter(pk=setting.pk).exists()


def test_a_form_without_answers_can_reorder_its_options(staff_admin_client, form):
    item = form.items["D"]
    response = staff_admin_client.post(
        reverse(EDIT, args=[form.pk]), _post_data(form, change_item=(item, {"options": "Ba\nHai\nMột"}))
    )
    assert response.status_code == 302
    assert EvaluationItem.objects.get(pk=item.pk).option_list == ["Ba", "Hai", "Một"]


def test_the_copy_action_makes_a_new_form_and_leaves_the_answered_one_as_it_was(staff_admin_client, answered):
    """The way out the lock message names: Wagtail's snippet copy, prefilled with the whole structure; it
    posts to the add view (with the original rows' ids, as the copy page renders them) and makes new rows."""
    page = staff_admin_client.get(
        reverse("wagtailsnippets_evaluations_evaluationform:copy", args=[answered.pk])
    ).content.decode()
    assert 'action="/admin/snippets/evaluations/evaluationform/add/"' in page
    assert "Mục D" in page and "Tổ chức" in page
    data = _post_data(answered, change_item=(answered.items["D"], {"options": "Hai\nMột\nBa"}))
    data["title"] = "Phiếu thử (bản sao)"
    response = staff_admin_client.post(reverse("wagtailsnippets_evaluations_evaluationform:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    copy = EvaluationForm.objects.get(title="Phiếu thử (bản sao)")
    assert copy.pk != answered.pk
    copied = EvaluationItem.objects.filter(section__form=copy)
    assert copied.count() == 5 and not copied.filter(pk__in=[i.pk for i in answered.items.values()]).exists()
    assert copied.get(text="Mục D").option_list == ["Hai", "Một", "Ba"]
    original = EvaluationItem.objects.filter(section__form=answered)
    assert sorted(original.values_list("pk", flat=True)) == sorted(i.pk for i in answered.items.values())
    assert original.get(text="Mục D").option_list == ["Một", "Hai", "Ba"]
    assert EvaluationAnswer.objects.filter(item__section__form=answered).count() == 10
