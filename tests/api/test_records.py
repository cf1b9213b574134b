"""Training records through the API: one official's year, the subtree's year in keyset pages, and external
training added as HR adds it on the staff screen (same form, same service)."""

import datetime as dt

import pytest
from django.utils import timezone

from records.models import ExternalTraining, TrainingTarget
from tests.factories import make_course, make_official

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 9, 0))


@pytest.fixture
def rworld(catalog, tree, make_client):
    from cms.models import ContentCategory
    from courses.models import Enrollment

    categories = {c.code: c for c in ContentCategory.objects.all()}
    course = make_course(
        catalog,
        title="Quản lý nhà nước về đô thị",
        for_officials=True,
        periods=16,
        content_category=categories["QLNN"],
    )
    inside = make_official(tree["ptdt"])
    outside = make_official(tree["cds"])
    for profile in (inside, outside):
        Enrollment.objects.create(
            user=profile.user,
            course=course,
            unit=profile.organisation_unit,
            status="completed",
            enrolled_at=at(YEAR, 1, 2),
            completed_at=at(YEAR, 1, 3),
        )
    ExternalTraining.objects.create(
        user=inside.user,
        title="Bồi dưỡng kỹ năng số",
        provider="Học viện Hành chính",
        content_category=categories["KNS"],
        periods=8,
        starts_on=dt.date(YEAR, 1, 5),
        ends_on=dt.date(YEAR, 1, 6),
        status="approved",
        source="hr",
    )
    ExternalTraining.objects.create(
        user=inside.user,
        title="Lớp chờ duyệt",
        provider="Trường Chính trị",
        content_category=categories["KNS"],
        periods=40,
        starts_on=dt.date(YEAR, 2, 1),
        ends_on=dt.date(YEAR, 2, 2),
    )
    TrainingTarget.objects.create(year=YEAR, unit=tree["sxd"], periods=40)
    _client, headers = make_client(tree["sxd"])
    return {
        "tree": tree,
        "inside": inside,
        "outside": outside,
        "headers": headers,
        "categories": categories,
        "make_client": make_client,
    }


def test_one_officials_record_counts_platform_and_approved_external_training(client, rworld):
    url = f"/api/v1/officials/{rworld['inside'].user.public_id}/records?year={YEAR}"
    response = client.get(url, **rworld["headers"])
    assert response.status_code == 200
    body = response.json()
    assert body["official_id"] == str(rworld["inside"].user.public_id)
    assert body["year"] == YEAR
    assert body["periods"] == 16 + 8  # the pending 40 periods do not count
    assert body["target"] == 40 and body["below_target"] is True
    by_title = {e["title"]: e for e in body["entries"]}
    assert by_title["Quản lý nhà nước về đô thị"]["kind"] == "platform"
    assert by_title["Quản lý nhà nước về đô thị"]["content_category"] == "QLNN"
    assert by_title["Bồi dưỡng kỹ năng số"]["counts"] is True
    assert by_title["Lớp chờ duyệt"]["status"] == "pending" and by_title["Lớp chờ duyệt"]["counts"] is False


def test_records_of_another_subtree_are_not_found_and_scope_is_needed(client, rworld):
    url = f"/api/v1/officials/{rworld['outside'].user.public_id}/records"
    assert client.get(url, **rworld["headers"]).status_code == 404
    _client, headers = rworld["make_client"](rworld["tree"]["sxd"], scopes=["officials:read"])
    own = f"/api/v1/officials/{rworld['inside'].user.public_id}/records"
    response = client.get(own, **headers)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert client.get("/api/v1/records", **headers).status_code == 403


def test_records_list_pages_the_subtree_for_one_year(client, rworld):
    extra = [make_official(rworld["tree"]["ptdt"]) for _ in range(3)]
    seen, cursor = [], None
    while True:
        url = f"/api/v1/records?year={YEAR}&limit=2" + (f"&cursor={cursor}" if cursor else "")
        response = client.get(url, **rworld["headers"])
        assert response.status_code == 200
        body = response.json()
        seen += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    ids = [item["official_id"] for item in seen]
    expected = {str(p.user.public_id) for p in [rworld["inside"], *extra]}
    assert set(ids) == expected and len(ids) == len(expected)
    record = next(i for i in seen if i["official_id"] == str(rworld["inside"].user.public_id))
    assert record["periods"] == 24 and all(e["ends_on"].startswith(str(YEAR)) for e in record["entries"])
    last_year = client.get(f"/api/v1/records?year={YEAR - 1}", **rworld["headers"]).json()
    assert all(item["year"] == YEAR - 1 and item["periods"] == 0 for item in last_year["items"])


def test_records_list_reads_a_fixed_number_of_queries(client, rworld, django_assert_max_num_queries):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/records?limit=200", **rworld["headers"])
        assert response.status_code == 200
        return len(captured), len(response.json()["items"])

    count()  # the first call also records the client's first use
    few, rows_few = count()
    for _ in range(15):
        make_official(rworld["tree"]["ptdt"])
    many, rows_many = count()
    assert rows_many == rows_few + 15
    assert many == few
    # token, page of officials, categories, platform entries, external entries, targets, call log
    with django_assert_max_num_queries(8):
        client.get("/api/v1/records?limit=200", **rworld["headers"])


def entry_body(rworld, **changes):
    body = {
        "title": "Bồi dưỡng quản lý dự án",
        "provider": "Bộ Xây dựng",
        "content_category": "QLNN",
        "periods": 24,
        "starts_on": f"{YEAR}-01-10",
        "ends_on": f"{YEAR}-01-12",
        "certificate_number": "QLDA-0042",
    }
    return {**body, **changes}


def test_external_training_added_through_the_api_is_entered_by_hr_and_counts(client, rworld):
    person = rworld["inside"].user
    url = f"/api/v1/officials/{person.public_id}/external-trainings"
    response = client.post(url, entry_body(rworld), content_type="application/json", **rworld["headers"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "approved" and body["source"] == "hr"
    entry = ExternalTraining.objects.get(public_id=body["id"])
    assert entry.user == person and entry.periods == 24 and entry.content_category.code == "QLNN"
    assert entry.decided_by.api_client.unit == rworld["tree"]["sxd"]
    assert not entry.evidence
    record = client.get(f"/api/v1/officials/{person.public_id}/records", **rworld["headers"]).json()
    assert record["periods"] == 16 + 8 + 24


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"periods": 0}, "periods"),
        ({"content_category": "KHONG-CO"}, "content_category"),
        ({"starts_on": f"{YEAR}-02-01", "ends_on": f"{YEAR}-01-01"}, "ends_on"),
        ({"title": "Tên\u200b ẩn"}, "title"),
        ({"title": " "}, "title"),
    ],
)
def test_external_training_is_validated_like_the_staff_form(client, rworld, changes, field):
    url = f"/api/v1/officials/{rworld['inside'].user.public_id}/external-trainings"
    before = ExternalTraining.objects.count()
    response = client.post(
        url, entry_body(rworld, **changes), content_type="application/json", **rworld["headers"]
    )
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert any(field in error["loc"] for error in body["errors"]), body
    assert ExternalTraining.objects.count() == before


def test_external_training_in_the_future_is_refused_by_the_service_in_vietnamese(client, rworld):
    url = f"/api/v1/officials/{rworld['inside'].user.public_id}/external-trainings"
    future = timezone.localdate() + dt.timedelta(days=30)
    body = entry_body(rworld, starts_on=str(future), ends_on=str(future))
    response = client.post(url, body, content_type="application/json", **rworld["headers"])
    assert response.status_code == 422
    assert response.json()["detail"] == "Chưa thể khai báo khóa bồi dưỡng chưa kết thúc."
    assert not ExternalTraining.objects.filter(title="Bồi dưỡng quản lý dự án").exists()


def test_external_training_for_someone_outside_the_subtree_or_without_the_scope_is_refused(client, rworld):
    outside = f"/api/v1/officials/{rworld['outside'].user.public_id}/external-trainings"
    response = client.post(outside, entry_body(rworld), content_type="application/json", **rworld["headers"])
    assert response.status_code == 404
    _client, read_only = rworld["make_client"](rworld["tree"]["sxd"], scopes=["records:read"])
    inside = f"/api/v1/officials/{rworld['inside'].user.public_id}/external-trainings"
    response = client.post(inside, entry_body(rworld), content_type="application/json", **read_only)
    assert response.status_code == 403
    assert not ExternalTraining.objects.filter(title="Bồi dưỡng quản lý dự án").exists()
