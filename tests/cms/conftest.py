import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def second_view_queries(client):
    """How many queries a page costs on a second view: the first fills the caches and the learner's position."""

    def count(url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    return count
