from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import SCOPE_VALUES
from api.services import api_client_create


@pytest.fixture
def make_client(db):
    """make_client(unit, scopes=None) -> (ApiClient, headers for the test client)."""

    def make(unit, scopes=None, **extra):
        client, token = api_client_create(
            name=f"Phần mềm nhân sự {unit.code}",
            unit=unit,
            scopes=SCOPE_VALUES if scopes is None else scopes,
            expires_at=extra.pop("expires_at", timezone.now() + timedelta(days=30)),
            by=None,
            **extra,
        )
        return client, {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    return make
