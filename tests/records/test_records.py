"""The training record: entries, targets, external training and its evidence (ADR 0033)."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from cms.models import ContentCategory
from records import selectors, services
from records.evidence import evidence_check
from records.models import ExternalTraining, TrainingTarget

from ..factories import ProfileFactory, make_course, make_official
from .conftest import YEAR, class_completion, complete, local, pdf_upload, png_bytes

pytestmark = pytest.mark.django_db


def external(user, *, periods=10, status="approved", ends_on=None, category="QLNN", title="Bồi dưỡng ngoài"):
    ends_on = ends_on or dt.date(YEAR, 3, 10)
    return ExternalTraining.objects.create(
        user=user,
        title=title,
        provider="Trường Chính trị tỉnh",
        periods=periods,
        status=status,
        content_category=ContentCategory.objects.get(code=category),
        starts_on=ends_on - dt.timedelta(days=2),
        ends_on=ends_on,
        rejection_reason="Thiếu minh chứng" if status == "rejected" else "",
    )


def test_categories_are_seeded_from_decree_171():
    categories = ContentCategory.objects.all()
    assert {"LLCT", "QPAN", "QLNN", "LDQL", "VTVL", "KNS", "NNTH"} <= {c.code for c in categories}
    assert all(c.legal_basis == "Nghị định 171/2025/NĐ-CP" for c in categories)
    assert ContentCategory.objects.get(code="LLCT").name == "Lý luận chính trị"


def test_record_lists_course_class_and_external_with_periods_and_categories(rworld, catalog):
    an = rworld["an"]
    complete(an, rworld["course_a"], local(YEAR, 2, 1))
    class_completion(an, rworld["class"], local(YEAR, 1, 6, 16))
    external(an, periods=12)
    external(an, periods=40, status="pending", title="Đang chờ")
    external(an, periods=30, status="rejected", title="Bị từ chối")
    last_year = make_course(catalog, title="Khóa năm trước", for_officials=True, periods=50)
    complete(an, last_year, local(YEAR - 1, 5, 1))  # counts in its own year only

    record = selectors.person_record(person=an, year=YEAR)
    by_title = {entry.title: entry for entry in record.entries}
    assert by_title["Quản lý nhà nước về đô thị"].periods == 16
    assert by_title["Quản lý nhà nước về đô thị"].category_code == "QLNN"
    # The class counts its sessions' periods (4 + 5) and its own category, not the course's 8 and KNS.
    assert by_title["Lớp chuyển đổi số khóa 1"].periods == 9
    assert by_title["Lớp chuyển đổi số khóa 1"].category_code == "LLCT"
    assert by_title["Lớp chuyển đổi số khóa 1"].class_code == "CDS-01"
    assert by_title["Lớp chuyển đổi số khóa 1"].starts_on == dt.date(YEAR, 1, 5)
    assert set(by_title) == {
        "Quản lý nhà nước về đô thị",
        "Lớp chuyển đổi số khóa 1",
        "Bồi dưỡng ngoài",
        "Đang chờ",
        "Bị từ chối",
    }
    # Pending and rejected entries are shown to the person but never counted.
    assert record.periods == 16 + 9 + 12
    assert dict(record.by_category)[ContentCategory.objects.get(code="QLNN").name] == 28

    rworld["class"].periods = 20
    rworld["class"].save()
    record = selectors.person_record(person=an, year=YEAR, include_unapproved=False)
    assert {e.title: e.periods for e in record.entries}["Lớp chuyển đổi số khóa 1"] == 20
    assert record.periods == 16 + 20 + 12


def test_record_names_the_certificate_and_its_issuer(rworld):
    from certificates import services as certificate_services

    enrollment = complete(rworld["an"], rworld["course_a"], local(YEAR, 2, 1))
    certificate = certificate_services.certificate_issue(enrollment=enrollment)
    entry = selectors.person_record(person=rworld["an"], year=YEAR).entries[0]
    assert entry.certificate_number == certificate.serial
    assert entry.certificate_issuer == certificate.issuer_name != ""


def test_record_entries_take_a_fixed_number_of_queries(rworld, tree):
    people = [make_official(tree["ptdt"]).user for _ in range(3)]
    for person in people:
        complete(person, rworld["course_a"], local(YEAR, 2, 1))
        external(person)

    def count(users):
        with CaptureQueriesContext(connection) as queries:
            result = selectors.record_entries(user_ids=[u.pk for u in users], year=YEAR)
        assert all(len(result[u.pk]) == 2 for u in users)
        return len(queries)

    few = count(people[:1])
    for _ in range(5):
        person = make_official(tree["ptdt"]).user
        complete(person, rworld["course_a"], local(YEAR, 2, 1))
        class_completion(person, rworld["class"], local(YEAR, 1, 6))
        external(person)
        people.append(person)
    assert count(people[:1]) == few == 3
    with CaptureQueriesContext(connection) as queries:
        selectors.record_entries(user_ids=[u.pk for u in people], year=YEAR)
    assert len(queries) == 3


def test_targets_inherit_down_the_tree_and_positions_take_precedence(rworld, tree):
    TrainingTarget.objects.create(year=YEAR, unit=tree["province"], periods=40)
    TrainingTarget.objects.create(year=YEAR, unit=tree["khcn"], periods=24)
    TrainingTarget.objects.create(year=YEAR, position="trưởng phòng", periods=60)
    table = selectors.target_table(year=YEAR)
    tree["ptdt"].refresh_from_db()
    tree["cds"].refresh_from_db()
    assert table.target(unit_path=tree["ptdt"].path, position="Chuyên viên") == 40  # from the province
    assert table.target(unit_path=tree["cds"].path, position="Chuyên viên") == 24  # KHCN overrides it
    assert table.target(unit_path=tree["ptdt"].path, position="Trưởng  Phòng") == 60  # position, any case
    assert selectors.target_table(year=YEAR + 1).target(unit_path=tree["ptdt"].path, position="") is None


def test_target_report_finds_who_is_below_target_in_a_fixed_number_of_queries(rworld, tree):
    TrainingTarget.objects.create(year=YEAR, unit=tree["sxd"], periods=20)
    complete(rworld["an"], rworld["course_a"], local(YEAR, 2, 1))
    external(rworld["an"], periods=8)  # An: 24 ≥ 20
    external(rworld["binh"], periods=8)  # Bình: 8 < 20
    complete(rworld["cuong"], rworld["course_a"], local(YEAR, 2, 1))  # KHCN: not HR SXD's

    hr = rworld["hr_sxd"]
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.target_report(reader=hr, year=YEAR)
    small = len(queries)
    by_name = {row.full_name: row for row in rows}
    assert set(by_name) == {"Nguyễn Văn An", "Trần Thị Bình"}
    assert (by_name["Nguyễn Văn An"].periods, by_name["Nguyễn Văn An"].below_target) == (24, False)
    assert (by_name["Trần Thị Bình"].periods, by_name["Trần Thị Bình"].missing) == (8, 12)
    below = selectors.target_report(reader=hr, year=YEAR, below_only=True)
    assert [row.full_name for row in below] == ["Trần Thị Bình"]

    for _ in range(6):
        person = make_official(tree["ptdt"]).user
        complete(person, rworld["course_a"], local(YEAR, 2, 1))
        class_completion(person, rworld["class"], local(YEAR, 1, 6))
        external(person)
    with CaptureQueriesContext(connection) as queries:
        assert len(selectors.target_report(reader=hr, year=YEAR)) == 8
    assert len(queries) == small <= 6


def test_evidence_is_checked_by_content_not_by_name():
    assert evidence_check(pdf_upload()).content_type == "application/pdf"
    assert evidence_check(SimpleUploadedFile("anh.png", png_bytes())).content_type == "image/png"
    refused = [
        SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100),  # an executable named .pdf
        SimpleUploadedFile("anh.pdf", png_bytes()),  # a PNG named .pdf
        SimpleUploadedFile("cat.pdf", b"%PDF-1.4\n no end marker"),  # a truncated PDF
        SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10),  # not an image
        SimpleUploadedFile("trong.pdf", b""),
    ]
    for upload in refused:
        with pytest.raises(ValidationError):
            evidence_check(upload)
    with override_settings(LMS_RECORD_EVIDENCE_MAX_BYTES=10), pytest.raises(ValidationError) as error:
        evidence_check(pdf_upload())
    assert error.value.code == "too_large"


def _submit(user, **overrides):
    values = {
        "user": user,
        "title": "Bồi dưỡng kỹ năng số",
        "provider": "Sở Nội vụ",
        "content_category": ContentCategory.objects.get(code="KNS"),
        "periods": 16,
        "starts_on": dt.date(YEAR, 4, 1),
        "ends_on": dt.date(YEAR, 4, 3),
        "evidence": pdf_upload(),
    }
    return services.external_training_submit(**{**values, **overrides})


def test_submission_waits_for_approval_and_stores_the_evidence_privately(rworld):
    entry = _submit(rworld["an"])
    assert entry.status == "pending" and entry.source == "self"
    assert entry.evidence.name.startswith(f"evidence/{entry.public_id.hex}/")
    assert entry.evidence.name.endswith(".pdf") and "minh-chung" not in entry.evidence.name
    assert entry.evidence_name == "minh-chung.pdf"
    # The certificates' private storage (ADR 0010): outside the served media, handed out only by a view.
    assert entry.evidence.path.startswith(str(settings.PRIVATE_ROOT / "certificates"))
    assert selectors.person_record(person=rworld["an"], year=YEAR).periods == 0


def test_submission_guards(rworld):
    citizen = ProfileFactory().user
    with pytest.raises(PermissionDenied):
        _submit(citizen)
    with pytest.raises(ValidationError):
        _submit(rworld["an"], starts_on=dt.date(YEAR, 5, 2), ends_on=dt.date(YEAR, 5, 1))
    with pytest.raises(ValidationError):
        _submit(rworld["an"], ends_on=dt.date(YEAR + 1, 12, 31))
    with pytest.raises(ValidationError):
        _submit(rworld["an"], evidence=SimpleUploadedFile("x.pdf", b"not a pdf"))
    assert not ExternalTraining.objects.exists()


def test_decision_by_hr_in_scope_once(rworld):
    entry = _submit(rworld["an"])
    with pytest.raises(PermissionDenied):
        services.external_training_decide(actor=rworld["hr_khcn"], entry=entry, approve=True)
    with pytest.raises(PermissionDenied):
        services.external_training_decide(actor=rworld["an"], entry=entry, approve=True)
    with pytest.raises(ValidationError):
        services.external_training_decide(actor=rworld["hr_sxd"], entry=entry, approve=False, reason="  ")
    entry.refresh_from_db()
    assert entry.status == "pending"
    services.external_training_decide(actor=rworld["hr_sxd"], entry=entry, approve=True)
    assert entry.status == "approved" and entry.decided_by == rworld["hr_sxd"]
    with pytest.raises(ValidationError):
        services.external_training_decide(actor=rworld["hr_sxd"], entry=entry, approve=False, reason="Muộn")
    entry.refresh_from_db()
    assert entry.status == "approved"
    assert selectors.person_record(person=rworld["an"], year=YEAR).periods == 16


def test_rejection_keeps_the_reason_and_counts_nothing(rworld):
    entry = _submit(rworld["an"])
    services.external_training_decide(
        actor=rworld["hr_sxd"], entry=entry, approve=False, reason="Minh chứng mờ"
    )
    assert (entry.status, entry.rejection_reason) == ("rejected", "Minh chứng mờ")
    assert selectors.person_record(person=rworld["an"], year=YEAR).periods == 0


def test_hr_enters_external_training_that_counts_at_once(rworld):
    kwargs = {
        "title": "Bồi dưỡng quốc phòng an ninh",
        "provider": "Bộ CHQS tỉnh",
        "content_category": ContentCategory.objects.get(code="QPAN"),
        "periods": 20,
        "starts_on": dt.date(YEAR, 6, 1),
        "ends_on": dt.date(YEAR, 6, 5),
    }
    with pytest.raises(PermissionDenied):
        services.external_training_enter(actor=rworld["hr_khcn"], person=rworld["an"], **kwargs)
    with pytest.raises(PermissionDenied):
        services.external_training_enter(actor=rworld["an"], person=rworld["an"], **kwargs)
    entry = services.external_training_enter(actor=rworld["hr_sxd"], person=rworld["an"], **kwargs)
    assert (entry.status, entry.source) == ("approved", "hr")
    assert selectors.person_record(person=rworld["an"], year=YEAR).periods == 20


def test_withdraw_only_own_pending_entry(rworld):
    entry = _submit(rworld["an"])
    path = entry.evidence.path
    with pytest.raises(PermissionDenied):
        services.external_training_withdraw(user=rworld["binh"], entry=entry)
    services.external_training_withdraw(user=rworld["an"], entry=entry)
    assert not ExternalTraining.objects.exists()
    import os

    assert not os.path.exists(path)


def test_targets_set_within_scope_and_positions_by_administrators(rworld, tree):
    hr = rworld["hr_sxd"]
    target = services.training_target_set(actor=hr, year=YEAR, periods=30, unit=tree["ptdt"])
    again = services.training_target_set(actor=hr, year=YEAR, periods=32, unit=tree["ptdt"])
    assert again.pk == target.pk and again.periods == 32
    with pytest.raises(PermissionDenied):
        services.training_target_set(actor=hr, year=YEAR, periods=30, unit=tree["cds"])
    with pytest.raises(PermissionDenied):
        services.training_target_set(actor=hr, year=YEAR, periods=30, position="Chuyên viên")
    with pytest.raises(ValidationError):
        services.training_target_set(actor=hr, year=YEAR, periods=30)
    with pytest.raises(PermissionDenied):
        services.training_target_delete(actor=rworld["hr_khcn"], target=target)
    assert TrainingTarget.objects.count() == 1
    services.training_target_delete(actor=hr, target=target)
    assert not TrainingTarget.objects.exists()


def test_personal_data_export_and_erasure_cover_external_training(rworld):
    from records.privacy import external_training_erase, external_training_of

    entry = _submit(rworld["an"])
    data = external_training_of(user=rworld["an"])
    assert data[0]["title"] == "Bồi dưỡng kỹ năng số" and data[0]["evidence_file"] == "minh-chung.pdf"
    path = entry.evidence.path
    assert external_training_erase(user=rworld["an"]) == {"external_training": 1}
    import os

    assert not os.path.exists(path)
