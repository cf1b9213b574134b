import pytest
from django.core.management import CommandError, call_command

from accounts.models import OrganisationUnit
from accounts.scoping import units_readable_by
from accounts.services import UnitImportError, units_import_csv

from ..factories import make_hr_manager

GOOD = """code,name,parent_code,kind
TN,Ủy ban nhân dân tỉnh Tây Ninh,,province
SXD-VP,Văn phòng Sở Xây dựng,SXD,office
SXD,Sở Xây dựng,TN,department
P-LONGAN,Ủy ban nhân dân phường Long An,TN,commune
"""


@pytest.mark.django_db
def test_import_builds_the_tree_even_when_children_come_first():
    report = units_import_csv(text=GOOD)
    assert (report.created, report.updated) == (4, 0)
    office = OrganisationUnit.objects.get(code="SXD-VP")
    assert [u.code for u in office.get_ancestors()] == ["TN", "SXD"]
    assert OrganisationUnit.objects.get(code="P-LONGAN").kind == "commune"


@pytest.mark.django_db
def test_import_again_renames_and_moves_in_place():
    units_import_csv(text=GOOD)
    report = units_import_csv(
        text="code,name,parent_code,kind\nSXD-VP,Văn phòng Sở (đổi tên),P-LONGAN,office\n"
    )
    assert (report.created, report.updated) == (0, 1)
    office = OrganisationUnit.objects.get(code="SXD-VP")
    assert office.name == "Văn phòng Sở (đổi tên)"
    assert office.get_parent().code == "P-LONGAN"
    assert OrganisationUnit.objects.count() == 4


@pytest.mark.django_db
def test_import_with_bad_rows_reports_lines_and_imports_nothing():
    bad = (
        "code,name,parent_code,kind\n"
        "TN,Tỉnh,,province\n"
        ",Không có mã,TN,office\n"
        "A,Đơn vị A,KHONG-CO,office\n"
        "B,,TN,office\n"
        "C,Đơn vị C,TN,planet\n"
        "TN,Trùng mã,,province\n"
    )
    with pytest.raises(UnitImportError) as excinfo:
        units_import_csv(text=bad)
    lines = sorted({line for line, _ in excinfo.value.report.errors})
    assert lines == [3, 4, 5, 6, 7]
    assert OrganisationUnit.objects.count() == 0


@pytest.mark.django_db
def test_import_refuses_a_cycle():
    with pytest.raises(UnitImportError) as excinfo:
        units_import_csv(text="code,name,parent_code\nA,Đơn vị A,B\nB,Đơn vị B,A\n")
    assert excinfo.value.report.errors
    assert OrganisationUnit.objects.count() == 0


@pytest.mark.django_db
def test_import_refuses_a_file_without_the_header():
    with pytest.raises(UnitImportError):
        units_import_csv(text="ma,ten\nA,B\n")


@pytest.mark.django_db
def test_import_units_command_success_and_failure(tmp_path, capsys):
    good = tmp_path / "units.csv"
    good.write_text("\ufeff" + GOOD, encoding="utf-8")
    call_command("import_units", str(good))
    assert "Created 4" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,parent_code\nX,,TN\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_units", str(bad))
    assert "line 2" in capsys.readouterr().err
    assert not OrganisationUnit.objects.filter(code="X").exists()


@pytest.mark.django_db
def test_units_in_scope_are_the_managers_subtrees(tree):
    hr = make_hr_manager(tree["sxd"], tree["ward"])
    assert set(units_readable_by(user=hr).values_list("code", flat=True)) == {"SXD", "SXD-PTDT", "P-TANNINH"}


@pytest.mark.django_db
def test_admin_creates_and_moves_a_unit_through_wagtail(staff_admin_client, tree):
    admin_client = staff_admin_client
    response = admin_client.post(
        "/admin/snippets/accounts/organisationunit/add/",
        {
            "parent": tree["sxd"].pk,
            "code": "SXD-QH",
            "name": "Phòng Quy hoạch",
            "kind": "office",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = OrganisationUnit.objects.get(code="SXD-QH")
    assert unit.get_parent() == tree["sxd"]
    response = admin_client.post(
        f"/admin/snippets/accounts/organisationunit/edit/{unit.pk}/",
        {
            "parent": tree["khcn"].pk,
            "code": "SXD-QH",
            "name": "Phòng Quy hoạch",
            "kind": "office",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.get_parent() == tree["khcn"]
    # A unit cannot be moved under its own subtree.
    response = admin_client.post(
        f"/admin/snippets/accounts/organisationunit/edit/{tree['sxd'].pk}/",
        {
            "parent": tree["ptdt"].pk,
            "code": "SXD",
            "name": "Sở Xây dựng",
            "kind": "department",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    tree["sxd"].refresh_from_db()
    assert tree["sxd"].get_parent() == tree["province"]
