"""Every app's scoped reads go through accounts.scoping: change what it returns and they all follow.

The HR manager of KHCN is given SXD's subtree by replacing ``scope_roots`` alone; people, certificates,
report scopes, enrollment requests, course assignment lists and certificate archives must all move with it.
"""

import pytest

from accounts import scoping
from accounts.scoping import units_readable_by
from accounts.selectors import profiles_visible_to
from certificates import selectors as certificate_selectors
from certificates import services as certificate_services
from courses import selectors as course_selectors
from reports import selectors as report_selectors
from reports.selectors import ReportFilters

from ..security_world import World, build_world


@pytest.fixture
def world(catalog, tree) -> World:
    return build_world(catalog, tree)


def reads_of(world: World, user) -> dict:
    """What ``user`` reads of learner A (SXD-PTDT) through each app's scoped selectors and services."""
    try:
        report_selectors.check_filters(user=user, filters=ReportFilters(unit_id=world.tree["ptdt"].pk))
        report_reaches_a = True
    except report_selectors.OutOfScope:
        report_reaches_a = False
    learners, _errors = course_selectors.learners_from_list(text=world.learner_a.email, by=user)
    return {
        "units": "SXD-PTDT" in set(units_readable_by(user=user).values_list("code", flat=True)),
        "profiles": profiles_visible_to(user=user).filter(user=world.learner_a).exists(),
        "certificates": certificate_selectors.certificates_visible_to(user=user)
        .filter(pk=world.certificate.pk)
        .exists(),
        "report_scope": "SXD-PTDT" in {unit.code for unit in report_selectors.report_scope(user=user).units},
        "report_filters": report_reaches_a,
        "enrollment_requests": world.pending_a in course_selectors.pending_requests_for(user=user),
        "decide": course_selectors.can_decide_enrollment(user=user, enrollment=world.pending_a),
        "assign_list": learners == [world.learner_a],
        "archive": certificate_services.archive_in_scope(archive=world.archive, user=user),
    }


@pytest.mark.django_db
def test_every_scoped_read_follows_the_one_scoping_function(world, monkeypatch):
    assert set(reads_of(world, world.hr_a).values()) == {True}
    assert set(reads_of(world, world.hr_b).values()) == {False}

    real_roots = scoping.scope_roots
    swapped = {world.hr_a.pk: [world.tree["khcn"]], world.hr_b.pk: [world.tree["sxd"]]}
    monkeypatch.setattr(scoping, "scope_roots", lambda *, user: swapped.get(user.pk) or real_roots(user=user))

    assert set(reads_of(world, world.hr_b).values()) == {True}
    assert set(reads_of(world, world.hr_a).values()) == {False}
