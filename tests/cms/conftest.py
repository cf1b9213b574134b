import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import roles

from ..factories import UserFactory


@pytest.fixture
def trainer(catalog, with_totp):
    user = with_totp(UserFactory(full_name="Lê Minh Khoa"))
    user.groups.add(Group.objects.get(name=roles.TRAINERS))
    return user


@pytest.fixture
def reviewer(catalog, with_totp):
    user = with_totp(UserFactory(full_name="Phạm Thu Hà"))
    user.groups.add(Group.objects.get(name=roles.REVIEWERS))
    return user


@pytest.fixture
def second_view_queries(client):
    """How many queries a page costs on a second view: the first fills the caches and the learner's position."""

    def count(url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    return count
