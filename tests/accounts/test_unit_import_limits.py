"""Unit import limits: lengths, hidden characters, depth (#12 "Unit import")."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import OrganisationUnit
from accounts.services import UnitImportError, unit_max_depth, units_import_csv


def chain(levels: int, prefix: str = "L") -> str:
    lines = ["code,name,parent_code,kind"]
    for n in range(1, levels + 1):
        parent = f"{prefix}{n - 1}" if n > 1 else ""
        lines.append(f"{prefix}{n},Đơn vị cấp {n},{parent},office")
    return "\n".join(lines) + "\n"


def errors_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(UnitImportError) as excinfo:
        units_import_csv(text=text)
    return excinfo.value.report.errors


@pytest.mark.django_db
def test_an_eighty_level_chain_is_refused_with_one_clear_message_and_nothing_written():
    errors = errors_of(chain(80))
    assert errors == [(12, errors[0][1])]  # line 12 is level 11, the first beyond the limit
    assert "L11" in errors[0][1] and "80" in errors[0][1] and "10" in errors[0][1]
    assert OrganisationUnit.objects.count() == 0


@pytest.mark.django_db
def test_the_eighty_level_chain_through_the_command_is_a_clean_error(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(chain(80), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_units", str(path))
    assert OrganisationUnit.objects.count() == 0


@pytest.mark.django_db
def test_ten_levels_are_accepted(settings):
    assert units_import_csv(text=chain(10)).created == 10


@pytest.mark.django_db
def test_moving_an_existing_branch_below_the_limit_is_refused():
    units_import_csv(text=chain(6, "A") + chain(6, "B").split("\n", 1)[1])
    errors = errors_of("code,name,parent_code\nB1,Đơn vị B1,A6\n")  # B1..B6 would reach level 12
    assert len(errors) == 1 and "B1" in errors[0][1]
    assert OrganisationUnit.objects.get(code="B1").depth == 1


def test_the_depth_setting_never_exceeds_what_treebeard_can_store(settings):
    settings.LMS_UNIT_MAX_DEPTH = 1000
    assert unit_max_depth() == 255 // OrganisationUnit.steplen


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row",
    [
        "A,Đơn vị \u202eA,,office",
        "A,Đơn vị\u200b,,office",
        "A,Đơn\x07vị,,office",
        "A\u200b,Đơn vị,,office",
        f"A,{'Đ' * 256},,office",
        f"{'A' * 33},Đơn vị,,office",
        "A,Đơn vị,,office,extra",
    ],
)
def test_hidden_characters_and_overlong_values_are_refused(row):
    errors = errors_of(f"code,name,parent_code,kind\n{row}\n")
    assert errors and errors[0][0] == 2
    assert OrganisationUnit.objects.count() == 0


@pytest.mark.django_db
def test_a_decomposed_name_of_255_letters_is_accepted():
    import unicodedata

    name = "Ệ" * 255
    units_import_csv(text=f"code,name,parent_code\nA,{unicodedata.normalize('NFD', name)},\n")
    assert OrganisationUnit.objects.get().name == name


@pytest.mark.django_db
def test_the_admin_form_refuses_a_unit_below_the_limit():
    from django.forms import modelform_factory

    from accounts.admin_forms import OrganisationUnitForm

    units_import_csv(text=chain(10))
    form_class = modelform_factory(
        OrganisationUnit, form=OrganisationUnitForm, fields=["name", "code", "kind"]
    )
    deepest = OrganisationUnit.objects.get(code="L10")
    form = form_class(data={"name": "Tổ 11", "code": "L11", "kind": "office", "parent": deepest.pk})
    assert not form.is_valid() and "parent" in form.errors
    ok = form_class(
        data={"name": "Tổ 10b", "code": "L10B", "kind": "office", "parent": deepest.get_parent().pk}
    )
    assert ok.is_valid(), ok.errors
