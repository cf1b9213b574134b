"""Tests marked ``xdist_group`` share one xdist worker under ``--dist loadgroup`` (how `make test` runs).

The production-stack journeys and the demo tests rely on it: one stack, one demo load, one Redis flush.
"""

import os

import pytest

pytestmark = pytest.mark.xdist_group("groups_selfcheck")

WORKERS = []


@pytest.mark.parametrize("n", range(3))
def test_a_group_is_scheduled_as_one_unit(request, n):
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("only meaningful under --dist loadgroup")
    # The suffix is what the controller's LoadGroupScheduling splits the node id on.
    assert request.node.nodeid.endswith("@groups_selfcheck")
    WORKERS.append(os.environ["PYTEST_XDIST_WORKER"])
    # Every earlier test of the group ran in this same process (a module-level list only sees its own worker).
    assert len(WORKERS) == n + 1
