"""HR reports of classes: the roster with attendance and outcome per class, per unit subtree, scoped to
the reader's units; CSV and XLSX read back."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from classes import attendance

from ..auth import sign_in
from ..factories import make_hr_manager, make_official
from .attendance_world import make_attendance_class, register


@pytest.fixture
def world(catalog, tree):
    training_class, session, trainer, members = make_attendance_class(catalog, tree["ptdt"], learners=2)
    outsider = register(training_class, make_official(tree["cds"]).user)
    marks = [
        attendance.Mark(member_id=members[0].pk, status="late"),
        attendance.Mark(member_id=members[1].pk, status="excused", reason="Ốm"),
        attendance.Mark(member_id=outsider.pk, status="present"),
    ]
    attendance.attendance_bulk_record(session=session, marks=marks, by=trainer)
    return training_class, members, outsider


def test_hr_sees_only_learners_of_their_units_with_attendance_and_outcome(client, world, tree):
    training_class, members, outsider = world
    sign_in(client, make_hr_manager(tree["ptdt"]))
    response = client.get(reverse("reports:classes"), {"training_class": training_class.pk})
    assert response.status_code == 200
    html = response.content.decode()
    for member in members:
        assert member.user.full_name in html
    assert outsider.user.full_name not in html
    rows = {row.member.pk: row for row in response.context["rows"]}
    assert set(rows) == {m.pk for m in members}
    assert (rows[members[0].pk].late, rows[members[0].pk].percent) == (1, 100)
    assert rows[members[1].pk].excused == 1
    assert "Chưa đạt yêu cầu chuyên cần" in html


def test_class_attendance_exports_csv_and_xlsx(client, world, tree):
    training_class, members, _outsider = world
    sign_in(client, make_hr_manager(tree["ptdt"]))
    query = f"?training_class={training_class.pk}"
    body = b"".join(
        client.get(
            reverse("reports:export", kwargs={"report": "class_attendance", "fmt": "csv"}) + query
        ).streaming_content
    )
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(table[0]) == 15
    names = {row[3] for row in table[1:]}
    assert names == {m.user.full_name for m in members}
    late_row = next(row for row in table[1:] if row[3] == members[0].user.full_name)
    assert late_row[9:14] == ["1", "1", "0", "0", "100"]
    response = client.get(
        reverse("reports:export", kwargs={"report": "class_attendance", "fmt": "xlsx"}) + query
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert {row[3] for row in values} == {m.user.full_name for m in members}
    assert training_class.code in {row[0] for row in values}


def test_another_subtree_or_unknown_class_is_refused(client, world, tree):
    training_class, _members, _outsider = world
    sign_in(client, make_hr_manager(tree["khcn"]))
    assert client.get(reverse("reports:classes"), {"unit": tree["ptdt"].pk}).status_code == 404
    assert client.get(reverse("reports:classes"), {"training_class": 999999}).status_code == 404
    response = client.get(reverse("reports:classes"), {"training_class": training_class.pk})
    assert [row.member.user.profile.organisation_unit for row in response.context["rows"]] == [tree["cds"]]
