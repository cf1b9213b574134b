"""The API fuzzed by schemathesis against its own OpenAPI description, with a valid token: whatever
hypothesis generates (bad ids, cursors, bodies, dates), no answer is a 5xx and every answer matches the
schema (status code, content type, body). Part of the suite; a few seconds per operation."""

from datetime import timedelta

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from api.models import SCOPE_VALUES
from api.services import api_client_create
from api.v1 import api
from courses.models import Enrollment
from tests.factories import make_course, make_official

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = WSGIHandler()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's WSGI handler closes database connections when a request ends; the test client disconnects
    that for its requests, and so must this in-process app, or PostgreSQL loses the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_token(catalog, tree, settings):
    settings.LMS_API_VERIFY_RATE_PER_MINUTE = 10_000
    course = make_course(catalog, title="Khóa học kiểm thử", for_officials=True)
    for unit in (tree["ptdt"], tree["cds"]):
        profile = make_official(unit)
        Enrollment.objects.create(user=profile.user, course=course, unit=unit, enrolled_at=timezone.now())
    _client, token = api_client_create(
        name="Kiểm thử",
        unit=tree["sxd"],
        scopes=SCOPE_VALUES,
        expires_at=timezone.now() + timedelta(days=1),
        by=None,
        rate_limit=100_000,
    )
    return token


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_match_the_openapi_description(case, api_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {api_token}"}, checks=CHECKS)
