"""What one API request costs besides its page: the token lookup from the cache (dropped at once on every change
of the client), one round trip to Redis for the rate limit, one INSERT for the call log."""

from datetime import timedelta
from unittest import mock

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import OrganisationUnit
from api.services import api_client_revoke, api_client_token_renew, api_client_update
from tests.factories import make_official
from tests.redis_space import redis_key_space

pytestmark = pytest.mark.django_db


def _token_queries(captured) -> list[str]:
    return [
        q["sql"] for q in captured if "api_apiclient" in q["sql"] and q["sql"].lstrip().startswith("SELECT")
    ]


def _units(client, headers):
    response = client.get("/api/v1/units", **headers)
    return response.status_code, [row["code"] for row in response.json().get("items", [])]


def test_a_known_token_is_checked_without_a_query(client, tree, make_client):
    _, headers = make_client(tree["sxd"])
    with CaptureQueriesContext(connection) as first:
        assert client.get("/api/v1/units", **headers).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get("/api/v1/units", **headers).status_code == 200
    assert len(_token_queries(first)) == 1
    assert _token_queries(second) == []


def test_a_revoked_token_is_refused_at_once_though_it_was_cached(client, tree, make_client):
    api_client, headers = make_client(tree["sxd"])
    assert client.get("/api/v1/units", **headers).status_code == 200  # now cached
    api_client_revoke(client=api_client)
    assert client.get("/api/v1/units", **headers).status_code == 401
    token = api_client_token_renew(client=api_client)
    assert client.get("/api/v1/units", **headers).status_code == 401
    assert client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_an_expired_token_is_refused_at_its_time_though_it_was_cached(client, tree, make_client):
    _, headers = make_client(tree["sxd"], expires_at=timezone.now() + timedelta(minutes=5))
    assert client.get("/api/v1/units", **headers).status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=6)):
        assert client.get("/api/v1/units", **headers).status_code == 401


def test_a_change_of_scopes_or_unit_applies_at_once(client, tree, make_client):
    api_client, headers = make_client(tree["sxd"])
    assert _units(client, headers) == (200, ["SXD", "SXD-PTDT"])
    api_client.unit = tree["khcn"]
    api_client_update(client=api_client)
    assert _units(client, headers) == (200, ["KHCN", "KHCN-CDS"])
    api_client.scopes = ["enrollments:read"]
    api_client_update(client=api_client)
    assert client.get("/api/v1/units", **headers).status_code == 403
    api_client.delete()
    assert client.get("/api/v1/enrollments", **headers).status_code == 401


def test_a_moved_unit_is_seen_at_its_new_place_at_once(client, tree, make_client):
    _, headers = make_client(tree["cds"])
    assert _units(client, headers) == (200, ["KHCN-CDS"])
    tree["cds"].move(tree["sxd"], "sorted-child")
    moved = OrganisationUnit.objects.get(code="KHCN-CDS")
    assert moved.path.startswith(OrganisationUnit.objects.get(code="SXD").path)
    assert _units(client, headers) == (200, ["KHCN-CDS"])


@pytest.fixture
def redis_cache(settings):
    """The default cache as production has it (``lms.redis_cache``) on the tests' own Redis database, under a
    prefix of its own whose keys are deleted after; skipped when no Redis answers."""
    with redis_key_space("api") as (url, prefix):
        settings.CACHES = {
            "default": {"BACKEND": "lms.redis_cache.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
        }
        yield caches["default"]


def test_with_redis_a_request_costs_two_round_trips_and_a_revoked_token_stops_at_once(
    client, tree, make_client, redis_cache
):
    api_client, headers = make_client(tree["sxd"], rate_limit=3)
    assert client.get("/api/v1/units", **headers).status_code == 200  # the token is now cached
    sent = []
    original = redis.connection.Connection.send_packed_command

    def counting(self, command, *args, **kwargs):
        sent.append(command)
        return original(self, command, *args, **kwargs)

    with mock.patch.object(redis.connection.Connection, "send_packed_command", counting):
        assert client.get("/api/v1/units", **headers).status_code == 200
    # One for the cached client, one for the rate limit (INCR and EXPIRE pipelined).
    assert len(sent) == 2
    codes = [client.get("/api/v1/units", **headers).status_code for _ in range(2)]
    assert codes == [200, 429]
    api_client.rate_limit = 100
    api_client_update(client=api_client)
    assert client.get("/api/v1/units", **headers).status_code == 200
    api_client_revoke(client=api_client)
    assert client.get("/api/v1/units", **headers).status_code == 401


def test_without_the_setting_every_request_reads_the_table(client, tree, make_client, settings):
    settings.LMS_API_TOKEN_CACHE_SECONDS = 0
    _, headers = make_client(tree["sxd"])
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/units", **headers).status_code == 200
        assert len(_token_queries(captured)) == 1


def test_api_requests_skip_the_session_and_messages(client, tree, make_client):
    _, headers = make_client(tree["sxd"])
    make_official(tree["sxd"])
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/officials", **headers)
    assert response.status_code == 200 and len(response.json()["items"]) == 1
    assert not [q for q in captured if "django_session" in q["sql"]]
    assert "Set-Cookie" not in response.headers
