"""A person's roles (admin, HR, groups) are read in one query per request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import roles
from accounts.models import HRScope, OrganisationUnit, User
from accounts.selectors import user_roles

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_a_learner_has_no_role_and_costs_one_query(catalog):
    learner = _fresh(UserFactory())

    with CaptureQueriesContext(connection) as queries:
        found = user_roles(user=learner)
        assert user_roles(user=learner) is found

    assert len(queries) == 1
    assert not found.is_hr and not found.is_admin and found.groups == frozenset()
    assert not found.can_use_admin and not found.is_staff_role


def test_groups_and_an_hr_scope_are_read_together(catalog):
    person = UserFactory()
    person.groups.add(Group.objects.get(name=roles.TRAINERS), Group.objects.get(name=roles.REVIEWERS))
    unit = OrganisationUnit.add_root(name="Sở Xây dựng")
    HRScope.objects.create(user=person, unit=unit)

    with CaptureQueriesContext(connection) as queries:
        found = user_roles(user=_fresh(person))

    assert len(queries) == 2  # the user, then the roles
    assert found.is_hr
    assert found.groups == {roles.TRAINERS, roles.REVIEWERS}
    assert found.can_use_admin and found.is_staff_role


def test_an_hr_scope_without_a_group_and_a_group_without_a_scope(catalog):
    hr = UserFactory()
    HRScope.objects.create(user=hr, unit=OrganisationUnit.add_root(name="Sở Nội vụ"))
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))

    assert user_roles(user=_fresh(hr)) == user_roles(user=_fresh(hr))
    assert user_roles(user=_fresh(hr)).is_hr and not user_roles(user=_fresh(hr)).groups
    assert not user_roles(user=_fresh(trainer)).is_hr
    assert user_roles(user=_fresh(trainer)).groups == {roles.TRAINERS}
