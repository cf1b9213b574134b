"""The API as a client of one subtree uses it: tokens, scopes, subtree, keyset pages, errors, logging."""

import time
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from api.models import ApiCall
from api.pagination import cursor_decode, cursor_encode
from api.services import api_client_revoke, api_client_token_renew
from courses.models import Assignment, Enrollment
from tests.factories import make_course, make_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(catalog, tree, make_client):
    course = make_course(catalog, title="Quy hoạch đô thị thông minh", for_officials=True)
    inside = [make_official(tree["ptdt"]) for _ in range(5)]
    outside = make_official(tree["cds"])
    for profile in [*inside, outside]:
        Enrollment.objects.create(
            user=profile.user, course=course, unit=profile.organisation_unit, enrolled_at=timezone.now()
        )
    client, headers = make_client(tree["sxd"])
    return {"course": course, "inside": inside, "outside": outside, "client": client, "headers": headers}


def test_without_a_token_the_api_answers_401_in_vietnamese(client, world):
    response = client.get("/api/v1/enrollments")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"] == "Cần khóa truy cập API hợp lệ (Authorization: Bearer …)."


def test_enrollments_are_those_of_the_client_subtree_only(client, world):
    response = client.get("/api/v1/enrollments", **world["headers"])
    assert response.status_code == 200
    learners = {row["learner_id"] for row in response.json()["items"]}
    assert learners == {str(p.user.public_id) for p in world["inside"]}
    assert str(world["outside"].user.public_id) not in response.content.decode()


def test_keyset_pages_cover_every_row_once_in_a_stable_order(client, world):
    seen, cursor, pages = [], None, 0
    while True:
        url = "/api/v1/enrollments?limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url, **world["headers"]).json()
        seen += [row["id"] for row in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 5


def test_a_forged_cursor_is_refused_as_json(client, world):
    for cursor in ("abc", "!!", cursor_encode(1)[:-1] + "@", "azE6LTE"):
        response = client.get(f"/api/v1/enrollments?cursor={cursor}", **world["headers"])
        assert response.status_code == 400, cursor
        assert response.json()["code"] == "invalid_cursor"
    assert cursor_decode(cursor_encode(42)) == 42


def test_a_client_without_the_scope_is_refused(client, tree, world, make_client):
    _, headers = make_client(tree["sxd"], scopes=["units:read"])
    response = client.get("/api/v1/enrollments", **headers)
    assert response.status_code == 403
    assert "enrollments:read" in response.json()["detail"]
    assert client.get("/api/v1/units", **headers).status_code == 200


def test_revoked_expired_and_renewed_tokens(client, world):
    api_client = world["client"]
    assert client.get("/api/v1/units", **world["headers"]).status_code == 200
    api_client_revoke(client=api_client)
    assert client.get("/api/v1/units", **world["headers"]).status_code == 401
    token = api_client_token_renew(client=api_client)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/v1/units", **headers).status_code == 200
    assert client.get("/api/v1/units", **world["headers"]).status_code == 401  # the old token stays dead
    api_client.expires_at = timezone.now() - timedelta(seconds=1)
    api_client.save()
    assert client.get("/api/v1/units", **headers).status_code == 401


def test_the_token_is_stored_only_as_a_digest(world):
    token = world["headers"]["HTTP_AUTHORIZATION"].split()[1]
    api_client = world["client"]
    api_client.refresh_from_db()
    assert token not in (api_client.token_hash, api_client.token_prefix)
    assert len(api_client.token_hash) == 64


def test_rate_limit_answers_429_with_retry_after(client, tree, make_client):
    _, headers = make_client(tree["sxd"], rate_limit=3)
    codes = [client.get("/api/v1/units", **headers).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/units", **headers)
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["code"] == "rate_limited"
    assert "Quá nhiều yêu cầu" in response.json()["detail"]


def test_every_call_is_logged_with_client_route_status_and_rows(client, world):
    client.get("/api/v1/enrollments?limit=3", **world["headers"])
    client.get("/api/v1/enrollments")
    calls = list(ApiCall.objects.order_by("pk"))
    assert [(c.client_id, c.route, c.status, c.rows) for c in calls] == [
        (world["client"].pk, "/api/v1/enrollments", 200, 3),
        (None, "/api/v1/enrollments", 401, 0),
    ]


def test_units_and_officials_of_another_subtree_are_not_found(client, tree, world):
    headers = world["headers"]
    assert client.get(f"/api/v1/units/{tree['ptdt'].pk}", **headers).json()["code"] == tree["ptdt"].code
    assert client.get(f"/api/v1/units/{tree['cds'].pk}", **headers).status_code == 404
    outside = world["outside"].user.public_id
    response = client.get(f"/api/v1/officials/{outside}", **headers)
    assert response.status_code == 404
    assert (
        response.json()["detail"] == "Không tìm thấy, hoặc nằm ngoài phạm vi đơn vị của ứng dụng kết nối này."
    )
    inside = world["inside"][0].user
    assert client.get(f"/api/v1/officials/{inside.public_id}", **headers).json()["email"] == inside.email


def test_officials_who_left_are_listed_only_when_asked_and_marked(client, world):
    """An officials import that no longer lists someone marks them as having left (officials.services): an
    HR system asking for officials gets the current ones, and the others only with include_left=true."""
    leaving = world["inside"][0]
    left_at = timezone.now() - timedelta(days=3)
    type(leaving).objects.filter(pk=leaving.pk).update(left_at=left_at)
    type(leaving.user).objects.filter(pk=leaving.user.pk).update(is_active=False)
    headers = world["headers"]
    current = client.get("/api/v1/officials", **headers).json()["items"]
    assert str(leaving.user.public_id) not in {row["public_id"] for row in current}
    assert len(current) == 4 and all(row["left_at"] is None for row in current)
    everyone = client.get("/api/v1/officials?include_left=true", **headers).json()["items"]
    marked = {row["public_id"]: row["left_at"] for row in everyone}
    assert len(marked) == 5
    assert datetime.fromisoformat(marked[str(leaving.user.public_id)]) == left_at
    one = client.get(f"/api/v1/officials/{leaving.user.public_id}", **headers).json()
    assert abs(datetime.fromisoformat(one["left_at"]) - left_at) < timedelta(milliseconds=1)  # pydantic: ms
    records = client.get("/api/v1/records", **headers).json()["items"]
    assert str(leaving.user.public_id) not in {row["official_id"] for row in records}
    assert len(client.get("/api/v1/records?include_left=true", **headers).json()["items"]) == 5
    # No course is assigned to someone who left: they are refused as unknown, and nothing is assigned.
    response = client.post(
        "/api/v1/assignments",
        {
            "course_id": world["course"].pk,
            "due_at": (timezone.now() + timedelta(days=30)).isoformat(),
            "learner_ids": [str(leaving.user.public_id)],
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422 and str(leaving.user.public_id) in response.json()["detail"]
    assert not Assignment.objects.exists()


def test_assignment_through_the_api_uses_the_assignment_service(client, world):
    due = (timezone.now() + timedelta(days=30)).isoformat()
    learner = world["inside"][0].user
    response = client.post(
        "/api/v1/assignments",
        {"course_id": world["course"].pk, "due_at": due, "learner_ids": [str(learner.public_id)]},
        content_type="application/json",
        **world["headers"],
    )
    assert response.status_code == 201, response.content
    assignment = Assignment.objects.get(pk=response.json()["assignment_id"])
    assert assignment.assigned_by == world["client"].acting_user
    enrollment = Enrollment.objects.get(user=learner, course=world["course"])
    assert enrollment.source == Enrollment.Source.ASSIGNED and enrollment.due_at is not None


def test_assignment_to_someone_outside_the_subtree_is_refused_and_changes_nothing(client, world):
    due = (timezone.now() + timedelta(days=30)).isoformat()
    outsider = world["outside"].user
    response = client.post(
        "/api/v1/assignments",
        {"course_id": world["course"].pk, "due_at": due, "learner_ids": [str(outsider.public_id)]},
        content_type="application/json",
        **world["headers"],
    )
    assert response.status_code == 422
    assert outsider.email not in response.content.decode()
    assert not Assignment.objects.exists()


def test_assignment_with_a_past_due_date_is_refused_in_vietnamese(client, tree, world):
    response = client.post(
        "/api/v1/assignments",
        {"course_id": world["course"].pk, "due_at": "2020-01-01T00:00:00", "unit_id": tree["ptdt"].pk},
        content_type="application/json",
        **world["headers"],
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Hạn hoàn thành phải là một ngày trong tương lai."
    assert not Assignment.objects.exists()


def test_invalid_body_is_a_json_422(client, world):
    response = client.post(
        "/api/v1/assignments", {"course_id": "x"}, content_type="application/json", **world["headers"]
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Yêu cầu không hợp lệ." and body["errors"]


@pytest.mark.parametrize("path", ["/api/v1/enrollments", "/api/v1/officials", "/api/v1/completions"])
def test_queries_per_page_do_not_grow_with_the_page(client, world, django_assert_max_num_queries, path):
    for profile in [make_official(world["inside"][0].organisation_unit) for _ in range(30)]:
        Enrollment.objects.create(
            user=profile.user,
            course=world["course"],
            unit=profile.organisation_unit,
            status="completed",
            completed_at=timezone.now(),
        )
    # Token lookup, the page, the call log and the client's last use: the same for 5 rows or 1,000.
    with django_assert_max_num_queries(5):
        response = client.get(f"{path}?limit=1000", **world["headers"])
    assert len(response.json()["items"]) >= 30


def test_openapi_description_and_docs_page(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert "/api/v1/enrollments" in schema["paths"]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    # Served from our own static files with no inline script: the CSP (script-src 'self') lets it run.
    assert "cdn.jsdelivr.net" not in html and "/static/ninja/swagger-ui-bundle.js" in html
    assert "<script>" not in html
    # The page says its language (WCAG 3.1.1) and its title is Vietnamese like the rest of the interface.
    assert '<html lang="vi">' in html and "<title>API Nền tảng bồi dưỡng đô thị thông minh</title>" in html


LISTS = [
    "units",
    "officials",
    "courses",
    "classes",
    "enrollments",
    "completions",
    "certificates",
    "attendance",
]


def test_every_list_page_matches_its_openapi_schema_and_its_item_schema(client, world):
    """List pages are written straight from rows (api.jsonrows): each must be exactly what the OpenAPI
    description promises, and hold the same values as the item schema built from the same rows."""
    import jsonschema_rs

    from api import selectors
    from api.v1 import PAGES
    from api.v1 import Enrollment as EnrollmentItem

    enrollment = Enrollment.objects.filter(user=world["inside"][0].user).get()
    Enrollment.objects.filter(pk=enrollment.pk).update(
        status="completed", completed_at=timezone.now(), final_score="87.50", due_at=timezone.now()
    )
    schema = client.get("/api/v1/openapi.json").json()
    seen = 0
    for name in LISTS:
        response = client.get(f"/api/v1/{name}?limit=1000", **world["headers"])
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/json"
        ref = schema["paths"][f"/api/v1/{name}"]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ]
        validator = jsonschema_rs.Draft202012Validator(
            {"$ref": ref["$ref"], "components": schema["components"]}, validate_formats=True
        )
        body = response.json()
        validator.validate(body)
        assert list(body) == ["items", "next_cursor"]
        seen += len(body["items"])
    assert seen >= 5 + 5 + 1  # units, enrollments, completions and the course at least
    # Same values as the pydantic item schema gives for the same rows (nulls, decimals, dates, UUIDs).
    page = next(p for item, p in PAGES.items() if item is EnrollmentItem)
    fast = page.model_validate_json(client.get("/api/v1/enrollments", **world["headers"]).content)
    rows = (
        selectors.enrollments_for(client=world["client"]).order_by("pk").values(*selectors.ENROLLMENT_FIELDS)
    )
    slow = [EnrollmentItem.model_validate({"id": r.pop("pk"), **r}) for r in rows]
    assert fast.items == slow
    assert any(item.final_score == 87.5 and item.due_at for item in fast.items)
    assert any(item.completed_at is None for item in fast.items)


def test_the_call_log_costs_one_insert_per_call(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/api/v1/units", **world["headers"])  # first use: last_used_at is set
    world["client"].refresh_from_db()
    first_use = world["client"].last_used_at
    assert first_use is not None
    with CaptureQueriesContext(connection) as captured:
        client.get("/api/v1/units", **world["headers"])
    writes = [
        q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert len(writes) == 1 and "api_apicall" in writes[0]
    assert ApiCall.objects.filter(client=world["client"]).count() == 2
    world["client"].refresh_from_db()
    assert world["client"].last_used_at == first_use
    # The next minute: a new rate-limit window, whose first call moves the last use on.
    with mock.patch("api.ratelimit.time.time", return_value=time.time() + 60):
        client.get("/api/v1/units", **world["headers"])
    world["client"].refresh_from_db()
    assert world["client"].last_used_at > first_use
