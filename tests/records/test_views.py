"""The training-record pages, the evidence download, the PDF and the e-dossier exports (ADR 0033)."""

import csv
import datetime as dt
import io
import json

import openpyxl
import pypdf
import pytest
from django.urls import reverse

from cms.models import ContentCategory
from records.models import ExternalTraining, TrainingTarget

from ..auth import sign_in
from ..factories import ProfileFactory
from .conftest import YEAR, class_completion, complete, local, pdf_upload

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "title": "Bồi dưỡng kiến thức quốc phòng và an ninh",
        "provider": "Trường Quân sự tỉnh",
        "content_category": ContentCategory.objects.get(code="QPAN").pk,
        "periods": "24",
        "starts_on": f"{YEAR}-03-02",
        "ends_on": f"{YEAR}-03-06",
        "certificate_number": "QPAN-2026-015",
        "certificate_issuer": "Bộ Chỉ huy Quân sự tỉnh",
        "evidence": pdf_upload(),
    }
    data.update(overrides)
    return data


def test_official_submits_hr_approves_and_the_record_shows_it(client, rworld):
    an, hr = rworld["an"], rworld["hr_sxd"]
    sign_in(client, an)
    assert client.get(reverse("records:external_new")).status_code == 200
    response = client.post(reverse("records:external_new"), _form())
    assert response.status_code == 302
    entry = ExternalTraining.objects.get()
    assert entry.status == "pending" and entry.user == an
    page = client.get(reverse("records:my_record")).content.decode()
    assert "Bồi dưỡng kiến thức quốc phòng và an ninh" in page and "Chờ phê duyệt" in page

    client.logout()
    sign_in(client, hr)
    queue = client.get(reverse("records_staff:pending")).content.decode()
    assert "Nguyễn Văn An" in queue
    decide = reverse("records_staff:decide", args=[entry.public_id])
    refused = client.post(decide, {"decision": "reject", "note": ""})
    assert refused.status_code == 400
    refused_html = refused.content.decode()
    # The shared approve/reject form: inline error, aria-invalid, the records' own help text.
    assert f'id="note-{entry.pk}-error"' in refused_html and 'aria-invalid="true"' in refused_html
    assert "Bắt buộc khi từ chối; cán bộ sẽ thấy lý do này." in refused_html
    entry.refresh_from_db()
    assert entry.status == "pending"
    assert client.post(decide, {"decision": "approve"}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == "approved"
    person = client.get(
        reverse("records_staff:person", args=[an.public_id]) + f"?nam={YEAR}"
    ).content.decode()
    assert "QPAN-2026-015" in person and "Đã duyệt" in person

    client.logout()
    sign_in(client, an)
    page = client.get(reverse("records:my_record")).content.decode()
    assert "Đã duyệt" in page and "24" in page


def test_bad_submissions_are_refused_with_a_message_and_change_nothing(client, rworld):
    sign_in(client, rworld["an"])
    cases = [
        _form(evidence=None),
        _form(evidence=pdf_upload(name="virus.pdf", data=b"MZ" + b"\x00" * 50)),
        _form(ends_on=f"{YEAR}-03-01"),
        _form(periods="-3"),
        _form(content_category="999999"),
        _form(starts_on="không phải ngày"),
    ]
    for data in cases:
        data = {k: v for k, v in data.items() if v is not None}
        response = client.post(reverse("records:external_new"), data)
        assert response.status_code == 400
        assert "error-summary" in response.content.decode()
    assert not ExternalTraining.objects.exists()


def test_citizens_have_no_training_record(client, db):
    sign_in(client, ProfileFactory().user)
    assert client.get(reverse("records:my_record")).status_code == 403
    assert client.post(reverse("records:external_new"), {}).status_code == 403


def test_evidence_is_served_to_the_person_and_hr_in_scope_only(client, rworld):
    sign_in(client, rworld["an"])
    client.post(reverse("records:external_new"), _form())
    entry = ExternalTraining.objects.get()
    url = reverse("records:evidence", args=[entry.public_id])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    for other, allowed in ((rworld["binh"], False), (rworld["hr_khcn"], False), (rworld["hr_sxd"], True)):
        client.logout()
        sign_in(client, other)
        assert (client.get(url).status_code == 200) is allowed


def test_learner_page_shows_progress_towards_the_target(client, rworld, tree, django_assert_max_num_queries):
    TrainingTarget.objects.create(year=YEAR, unit=tree["sxd"], periods=40)
    complete(rworld["an"], rworld["course_a"], local(YEAR, 2, 1))
    class_completion(rworld["an"], rworld["class"], local(YEAR, 1, 6))
    sign_in(client, rworld["an"])
    with django_assert_max_num_queries(18):
        page = client.get(reverse("records:my_record")).content.decode()
    assert "25 trên chỉ tiêu 40 tiết mỗi năm" in page
    assert "Chưa đạt chỉ tiêu" in page
    assert 'value="62"' in page  # the progress bar: 25 of 40
    assert reverse("records:my_record") in client.get(reverse("courses:my_courses")).content.decode()


def test_target_report_and_drill_down(client, rworld, tree, django_assert_max_num_queries):
    TrainingTarget.objects.create(year=YEAR, unit=tree["sxd"], periods=20)
    complete(rworld["an"], rworld["course_a"], local(YEAR, 2, 1))
    complete(rworld["an"], rworld["course_b"], local(YEAR, 2, 2))  # 16 + 8 = 24 ≥ 20
    sign_in(client, rworld["hr_sxd"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("records_staff:report") + f"?nam={YEAR}&duoi-chi-tieu=1").content.decode()
    assert "Trần Thị Bình" in page and "Nguyễn Văn An" not in page and "Lê Văn Cường" not in page
    assert reverse("records_staff:person", args=[rworld["binh"].public_id]) in page
    with django_assert_max_num_queries(20):
        person = client.get(reverse("records_staff:person", args=[rworld["an"].public_id]) + f"?nam={YEAR}")
    assert person.status_code == 200 and "Đạt chỉ tiêu" in person.content.decode()
    other_unit = client.get(reverse("records_staff:report") + f"?don-vi={tree['cds'].pk}")
    assert other_unit.status_code == 404
    assert client.get(reverse("records_staff:report") + "?nam=abc&don-vi=x").status_code == 404


def test_targets_page_sets_and_refuses_out_of_scope_units(client, rworld, tree):
    sign_in(client, rworld["hr_sxd"])
    url = reverse("records_staff:targets")
    assert client.post(url, {"year": YEAR, "periods": 30, "unit": tree["ptdt"].pk}).status_code == 302
    assert TrainingTarget.objects.get().periods == 30
    assert client.post(url, {"year": YEAR, "periods": 30, "unit": tree["cds"].pk}).status_code == 400
    assert client.post(url, {"year": YEAR, "periods": "nhiều", "unit": tree["ptdt"].pk}).status_code == 400
    assert client.post(url, {"year": YEAR, "periods": 5, "position": "Chuyên viên"}).status_code == 400
    assert TrainingTarget.objects.count() == 1


def test_printable_record_is_a_pdf_with_the_entries_and_embedded_fonts(client, rworld):
    from certificates import services as certificate_services

    enrollment = complete(rworld["an"], rworld["course_a"], local(YEAR, 2, 1))
    certificate = certificate_services.certificate_issue(enrollment=enrollment)
    sign_in(client, rworld["hr_sxd"])
    response = client.get(reverse("records_staff:person_pdf", args=[rworld["an"].public_id]) + f"?nam={YEAR}")
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    # Words as a reader sees them; table cells wrap, so line breaks count as spaces.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in (
        "QUÁ TRÌNH ĐÀO TẠO, BỒI DƯỠNG",
        "Nguyễn Văn An",
        "Quản lý nhà nước về đô thị",
        certificate.serial,
        "16",
        "Kiến thức, kỹ năng quản lý nhà nước",
    ):
        assert expected in text, expected
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font.get("/FontDescriptor")
            )
            assert descriptor is not None and any(
                k in descriptor for k in ("/FontFile2", "/FontFile3", "/FontFile")
            )
    # The shipped Noto Sans files under the family name the template gives them, embedded as subsets.
    assert any("Record-Sans" in name for name in fonts), fonts
    sign_in(client, rworld["an"])
    own = client.get(reverse("records:my_record_pdf") + f"?nam={YEAR}")
    assert own.status_code == 200 and own.content.startswith(b"%PDF-")


def _export(client, fmt, **query):
    url = reverse("reports:export", kwargs={"report": "training_record", "fmt": fmt})
    response = client.get(url, query)
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content)


def test_exports_share_one_shape_keyed_by_personal_identification_number(client, rworld):
    an = rworld["an"]
    an.profile.personal_id = "072095001234"
    an.profile.staff_code = "CB-0001"
    an.profile.save()
    complete(an, rworld["course_a"], local(YEAR, 2, 1))
    ExternalTraining.objects.create(
        user=an,
        title="=Bồi dưỡng ngoài",
        provider="Sở Nội vụ",
        periods=12,
        status="approved",
        content_category=ContentCategory.objects.get(code="VTVL"),
        starts_on=dt.date(YEAR, 3, 1),
        ends_on=dt.date(YEAR, 3, 2),
        certificate_number="SNV-01",
        certificate_issuer="Sở Nội vụ",
    )
    sign_in(client, rworld["hr_sxd"])

    document = json.loads(_export(client, "json", year=YEAR))
    assert document["schema"] == "lms.training-record" and document["schema_version"] == "1.0"
    assert document["year"] == YEAR
    people = {person["full_name"]: person for person in document["records"]}
    assert set(people) == {"Nguyễn Văn An", "Trần Thị Bình"}  # HR SXD's officials only
    record = people["Nguyễn Văn An"]
    assert record["personal_id"] == "072095001234" and record["total_periods"] == 28
    assert {t["content_category_code"] for t in record["trainings"]} == {"QLNN", "VTVL"}
    assert people["Trần Thị Bình"]["trainings"] == []

    rows = list(csv.reader(io.StringIO(_export(client, "csv", year=YEAR).decode("utf-8-sig"))))
    assert rows[0][0] == "Số định danh cá nhân" and len(rows) == 3
    external_row = next(row for row in rows if "SNV-01" in row)
    assert external_row[0] == "072095001234" and external_row[8] == "'=Bồi dưỡng ngoài"  # formula defused
    assert external_row[13] == "12" and external_row[14] == f"{YEAR}-03-01"

    sheet = openpyxl.load_workbook(io.BytesIO(_export(client, "xlsx", year=YEAR))).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Số định danh cá nhân" and len(values) == 3
    assert {row[0] for row in values[1:]} == {"072095001234"}
    # The year is a number shown as 2026, not "2.026" (a thousands separator in a Vietnamese Excel).
    year_cell = sheet.cell(row=2, column=values[0].index("Năm") + 1)
    assert year_cell.value == YEAR and year_cell.number_format == "0"

    one = json.loads(_export(client, "json", year=YEAR, learner=str(an.public_id)))
    assert [p["full_name"] for p in one["records"]] == ["Nguyễn Văn An"]
    assert (
        client.get(reverse("reports:export", kwargs={"report": "learners", "fmt": "json"})).status_code == 404
    )


def test_large_exports_run_as_a_background_job(client, rworld, settings):
    settings.LMS_RECORD_EXPORT_STREAM_LIMIT = 1
    complete(rworld["an"], rworld["course_a"], local(YEAR, 2, 1))
    sign_in(client, rworld["hr_sxd"])
    url = reverse("reports:export", kwargs={"report": "training_record", "fmt": "json"})
    assert reverse("reports:export_job_create") in client.get(url, {"year": YEAR}).content.decode()
    response = client.post(
        reverse("reports:export_job_create"), {"report": "training_record", "format": "json", "year": YEAR}
    )
    assert response.status_code == 302
    from jobs.models import Job

    job = Job.objects.get(kind="reports.export")
    assert job.status == "done" and job.filename.endswith(".json")
    with job.file.open("rb") as handle:
        document = json.loads(handle.read())
    assert document["schema_version"] == "1.0" and len(document["records"]) == 2


def test_targets_page_is_paged_and_its_query_count_does_not_grow(client, rworld, tree, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("staff.views.records.PER_PAGE", 2)
    sign_in(client, rworld["hr_sxd"])
    url = reverse("records_staff:targets") + f"?nam={YEAR}"
    TrainingTarget.objects.create(year=YEAR, periods=40, unit=tree["ptdt"])
    for n in range(2):
        TrainingTarget.objects.create(year=YEAR, periods=10 + n, position=f"Chức vụ đo {n}")
    assert (
        client.get(url).status_code == 200
    )  # the session's first request reads more (the session, the scope)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(2, 7):
        TrainingTarget.objects.create(year=YEAR, periods=10 + n, position=f"Chức vụ đo {n}")
    with CaptureQueriesContext(connection) as many:
        first = client.get(url).content.decode()
    assert len(many.captured_queries) == len(one.captured_queries)
    assert first.count('<tr><th scope="row">') == 2 and 'rel="next"' in first
    last = client.get(url + "&page=4").content.decode()
    assert "Chức vụ đo 6" in last and 'rel="prev"' in last and 'rel="next"' not in last
    assert "Trang 4/4" in last  # the Vietnamese pager
