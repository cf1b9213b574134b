"""The officials import service: dry run, apply all or nothing, matching, scope, invitations, leaving."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Audience, Notification, Profile, User
from officials.files import template_csv, template_xlsx
from officials.services import officials_import

from ..factories import make_hr_manager, make_official, with_damaged_sheet
from .conftest import HEADER, csv_bytes, person, xlsx_bytes


def _run(data, actor, *, filename="can-bo.csv", **options):
    return officials_import(data=data, filename=filename, actor=actor, **options)


def _state():
    return sorted(
        User.objects.values_list(
            "email", "full_name", "is_active", "profile__organisation_unit__code", "profile__position"
        )
    )


@pytest.mark.django_db
def test_dry_run_of_a_good_file_writes_nothing_and_lists_what_would_happen(tree, admin_user):
    existing = make_official(tree["ptdt"], personal_id="072185000002", user__email="mai2@sxd.tayninh.test")
    before = _state()
    plan = _run(csv_bytes(person(1), person(2, position="Trưởng phòng")), admin_user)
    assert plan.is_valid and not plan.applied
    assert plan.counts() == {
        "rows": 2,
        "create": 1,
        "update": 1,
        "unchanged": 0,
        "deactivate": 0,
        "errors": 0,
    }
    assert plan.of("update")[0].profile == existing
    assert plan.of("update")[0].changes == ["Họ và tên", "Chức vụ"]
    assert _state() == before
    assert plan.as_json()["create"][0]["personal_id"] == "0721******01"


@pytest.mark.django_db
def test_a_broken_file_reports_every_bad_line_with_column_and_changes_nothing(tree, admin_user):
    make_official(tree["ptdt"], user__email="mai9@sxd.tayninh.test", staff_code="SXD-9")
    before = _state()
    rows = [
        person(1),
        person(2, personal_id="07218500000"),
        person(3, email="khong-phai-email"),
        person(4, unit_code="KHONG-CO"),
        person(5, position=""),
        person(6, email="mai1@sxd.tayninh.test"),
        person(7, phone="12345"),
        person(8, staff_code="SXD-9"),
    ]
    plan = _run(csv_bytes(*rows), admin_user, apply=True)
    assert not plan.is_valid and not plan.applied
    found = {(e.line, e.column) for e in plan.errors}
    assert found == {
        (3, "Số định danh cá nhân"),
        (4, "Email"),
        (5, "Mã đơn vị"),
        (6, "Chức vụ"),
        (7, "Email"),
        (8, "Số điện thoại"),
        (9, "Mã cán bộ"),
    }
    messages = {e.line: e.message for e in plan.errors}
    assert messages[3] == "Số định danh cá nhân phải gồm đúng 12 chữ số."
    assert messages[5] == "Không có cơ quan, đơn vị đang hoạt động nào có mã KHONG-CO."
    assert messages[7] == "Giá trị này đã có ở dòng 2."
    assert _state() == before
    assert not mail.outbox


@pytest.mark.django_db
def test_apply_creates_updates_and_invites_new_people_once(
    tree, admin_user, django_capture_on_commit_callbacks
):
    existing = make_official(tree["cds"], user__email="mai2@sxd.tayninh.test")
    with django_capture_on_commit_callbacks(execute=True):
        plan = _run(csv_bytes(person(1, rank="Chuyên viên chính"), person(2)), admin_user, apply=True)
    assert plan.applied
    new = Profile.objects.select_related("user", "organisation_unit").get(user__email="mai1@sxd.tayninh.test")
    assert (new.audience, new.organisation_unit, new.personal_id, new.rank) == (
        Audience.OFFICIAL, tree["ptdt"], "072185000001", "Chuyên viên chính",
    )  # fmt: skip
    assert not new.user.has_usable_password()
    assert new.user.emailaddress_set.get().verified
    existing.refresh_from_db()
    assert existing.organisation_unit == tree["ptdt"] and existing.personal_id == "072185000002"
    assert [m.to for m in mail.outbox] == [["mai1@sxd.tayninh.test"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "Phòng Phát triển đô thị" in mail.outbox[0].body
    assert Notification.objects.filter(user=new.user, kind="official_invitation").count() == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = _run(csv_bytes(person(1, rank="Chuyên viên chính"), person(2)), admin_user, apply=True)
    assert again.applied and again.counts()["unchanged"] == 2
    assert not mail.outbox
    from officials.services import official_invitation_send

    assert official_invitation_send(user=new.user) is False  # recorded: never sent twice


@pytest.mark.django_db
def test_people_are_matched_by_identification_number_then_email(tree, admin_user):
    by_id = make_official(tree["ptdt"], personal_id="072185000001", user__email="cu@sxd.tayninh.test")
    by_email = make_official(tree["ptdt"], user__email="mai2@sxd.tayninh.test")
    plan = _run(csv_bytes(person(1, email="cu@sxd.tayninh.test"), person(2)), admin_user, apply=True)
    assert plan.applied
    assert {p.profile.pk for p in plan.lines} == {by_id.pk, by_email.pk}
    by_email.refresh_from_db()
    assert by_email.personal_id == "072185000002"
    clash = _run(csv_bytes(person(1, email="mai2@sxd.tayninh.test")), admin_user)
    assert [(e.column, e.message) for e in clash.errors] == [
        (
            "Email",
            "Số định danh này đã được ghi cho một tài khoản có địa chỉ email khác; hãy sửa email hoặc số định danh.",
        )
    ]


@pytest.mark.django_db
def test_hr_imports_only_into_its_own_subtree(tree):
    hr = make_hr_manager(tree["sxd"])
    outsider = make_official(tree["cds"], user__email="mai3@sxd.tayninh.test")
    plan = _run(csv_bytes(person(1), person(2, unit_code="KHCN-CDS"), person(3)), hr, apply=True)
    assert not plan.applied
    assert [(e.line, e.column) for e in plan.errors] == [(3, "Mã đơn vị"), (4, "Email")]
    assert "ngoài phạm vi" in plan.errors[0].message
    outsider.refresh_from_db()
    assert outsider.organisation_unit == tree["cds"]
    assert not User.objects.filter(email="mai1@sxd.tayninh.test").exists()


@pytest.mark.django_db
def test_those_missing_from_a_units_file_leave_but_keep_their_records(tree, admin_user):
    staying = make_official(tree["ptdt"], user__email="mai1@sxd.tayninh.test")
    leaving = make_official(tree["ptdt"])
    other_unit = make_official(tree["cds"])
    dry = _run(csv_bytes(person(1)), admin_user, deactivate_missing=True)
    assert [p.pk for p in dry.leaving] == [leaving.pk]
    plan = _run(csv_bytes(person(1)), admin_user, deactivate_missing=True, apply=True)
    assert plan.applied and plan.counts()["deactivate"] == 1
    leaving.refresh_from_db()
    leaving.user.refresh_from_db()
    assert not leaving.user.is_active and leaving.left_at is not None
    assert Profile.objects.filter(pk=leaving.pk).exists()
    staying.user.refresh_from_db()
    other_unit.user.refresh_from_db()
    assert staying.user.is_active and other_unit.user.is_active
    # Listed again later: back, active.
    back = _run(csv_bytes(person(1), {**person(5), "email": leaving.user.email}), admin_user, apply=True)
    assert back.applied
    leaving.refresh_from_db()
    leaving.user.refresh_from_db()
    assert leaving.user.is_active and leaving.left_at is None


@pytest.mark.django_db
def test_xlsx_with_numeric_identification_numbers_keeps_the_leading_zero(tree, admin_user):
    plan = _run(
        xlsx_bytes({**person(1), "personal_id": 72185000001}), admin_user, filename="a.xlsx", apply=True
    )
    assert plan.applied
    assert Profile.objects.get(user__email="mai1@sxd.tayninh.test").personal_id == "072185000001"


@pytest.mark.django_db
def test_file_level_errors(tree, admin_user):
    assert _run(b"abc", admin_user, filename="a.txt").file_error == "Hãy chọn tệp .csv hoặc .xlsx."
    assert "Cột lạ" in _run("Tên,Email\n".encode(), admin_user).file_error
    assert "UTF-8" in _run("Họ và tên".encode("utf-16"), admin_user).file_error
    assert _run(template_csv(), admin_user).file_error == "Tệp không có dòng cán bộ nào dưới dòng tiêu đề."
    assert "Đây không phải tệp Excel" in _run(b"PK\x03\x04junk", admin_user, filename="a.xlsx").file_error


@pytest.mark.django_db
def test_the_templates_have_the_vietnamese_headers():
    from io import BytesIO

    from openpyxl import load_workbook

    assert template_csv().decode("utf-8-sig").strip().split(",") == HEADER
    sheet = load_workbook(BytesIO(template_xlsx())).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER


@pytest.mark.django_db
def test_management_command_dry_run_then_apply(tree, admin_user, tmp_path, capsys):
    path = tmp_path / "can-bo.csv"
    path.write_bytes(csv_bytes(person(1)))
    call_command("import_officials", str(path))
    assert "1 to create" in capsys.readouterr().out
    assert not User.objects.filter(email="mai1@sxd.tayninh.test").exists()
    call_command("import_officials", str(path), "--apply")
    assert User.objects.filter(email="mai1@sxd.tayninh.test").exists()
    path.write_bytes(csv_bytes(person(2, unit_code="X")))
    with pytest.raises(CommandError):
        call_command("import_officials", str(path), "--apply")
    assert not User.objects.filter(email="mai2@sxd.tayninh.test").exists()


@pytest.mark.django_db
def test_bulk_placement_applies_the_units_open_assignments(
    tree, catalog, admin_user, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from courses.models import Assignment, Enrollment
    from tests.factories import make_course

    course = make_course(catalog, title="Đô thị thông minh", for_officials=True)
    Assignment.objects.create(
        course=course, unit=tree["sxd"], include_descendants=True, due_at=timezone.now() + datetime.timedelta(days=30),
        assigned_by=admin_user,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(csv_bytes(person(1)), admin_user, apply=True).applied
    enrollment = Enrollment.objects.get(user__email="mai1@sxd.tayninh.test", course=course)
    assert enrollment.unit_id == tree["ptdt"].pk


def _xlsx_bomb() -> bytes:
    """A workbook whose shared strings compress past the allowed ratio (openpyxl would load them whole)."""
    import io
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes(person(1)))) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for item in source.infolist():
            if item.filename != "xl/sharedStrings.xml":
                archive.writestr(item.filename, source.read(item.filename))
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            for _ in range(5):
                member.write(b" " * (1024 * 1024))
    return out.getvalue()


@pytest.mark.django_db
def test_a_damaged_or_oversized_workbook_is_a_file_error_and_changes_nothing(tree, admin_user):
    before = _state()
    damaged = _run(with_damaged_sheet(xlsx_bytes(person(1))), admin_user, filename="a.xlsx", apply=True)
    assert damaged.file_error == "Đây không phải tệp Excel (.xlsx) đọc được."
    bomb = _run(_xlsx_bomb(), admin_user, filename="a.xlsx", apply=True)
    assert "Tệp quá lớn khi giải nén" in bomb.file_error
    assert not damaged.applied and not bomb.applied
    assert _state() == before
