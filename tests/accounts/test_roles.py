"""A person's roles (admin, HR, groups) are read in one query per request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from accounts.models import HRScope, OrganisationUnit, User
from accounts.selectors import Roles, user_roles

from ..factories import UserFactory, make_unit

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


# --- The session's user with their roles in one query (ADR 0038) -------------------------------------------


def test_the_session_user_is_read_with_roles_and_a_learner_has_perm_costs_nothing(catalog):
    from accounts.selectors import user_with_roles

    learner = UserFactory()

    with CaptureQueriesContext(connection) as queries:
        found = user_with_roles(pk=learner.pk)
        roles = user_roles(user=found)
        refused = found.has_perm("assessment.view_question")

    assert len(queries) == 1  # the user, their roles and "no permission of their own", together
    assert found == learner and roles == Roles()
    assert refused is False


def test_the_one_query_reads_the_same_roles_as_user_roles(catalog):
    from accounts.selectors import user_with_roles

    person = UserFactory()
    person.groups.add(Group.objects.get(name=roles.TRAINERS), Group.objects.get(name=roles.REVIEWERS))
    HRScope.objects.create(user=person, unit=make_unit("STP", "Sở Tư pháp"))
    hr = UserFactory()
    HRScope.objects.create(user=hr, unit=make_unit("SYT", "Sở Y tế"))
    staff = UserFactory(is_staff=True)

    for user in (person, hr, staff, UserFactory()):
        assert user_roles(user=user_with_roles(pk=user.pk)) == user_roles(user=_fresh(user))
    assert user_roles(user=user_with_roles(pk=person.pk)).groups == {roles.TRAINERS, roles.REVIEWERS}
    assert user_with_roles(pk=0) is None


def test_permissions_from_a_group_or_given_directly_are_still_read(catalog):
    from django.contrib.auth.models import Permission

    from accounts.selectors import user_with_roles

    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    own = UserFactory()
    own.user_permissions.add(Permission.objects.get(codename="view_question"))
    superuser = UserFactory(is_superuser=True, is_staff=True)
    learner = UserFactory()

    assert user_with_roles(pk=trainer.pk).has_perm("assessment.view_question")
    assert user_with_roles(pk=own.pk).has_perm("assessment.view_question")
    assert not user_with_roles(pk=own.pk).has_perm("assessment.change_question")
    assert user_with_roles(pk=superuser.pk).has_perm("assessment.view_question")
    assert not user_with_roles(pk=learner.pk).has_perm("assessment.view_question")


def _header_links(client) -> tuple[bool, bool]:
    html = client.get(reverse("courses:my_courses")).content.decode()
    return 'href="/admin/"' in html, f'href="{reverse("reports:dashboard")}"' in html


def test_a_role_change_applies_on_the_next_request(client, catalog, settings):
    settings.LMS_STAFF_MFA_REQUIRED = False  # the header is what is read here, not the MFA step
    person = UserFactory()
    client.force_login(person)
    assert _header_links(client) == (False, False)

    person.groups.add(Group.objects.get(name=roles.TRAINERS))
    HRScope.objects.create(user=person, unit=OrganisationUnit.add_root(name="Sở Công Thương"))
    assert _header_links(client) == (True, True)

    person.groups.clear()
    HRScope.objects.filter(user=person).delete()
    assert _header_links(client) == (False, False)


def test_a_learner_is_refused_the_hr_area_and_a_deactivated_user_is_signed_out(client, catalog):
    learner = UserFactory()
    client.force_login(learner)
    assert client.get(reverse("reports:dashboard")).status_code == 403

    User.objects.filter(pk=learner.pk).update(is_active=False)
    response = client.get(reverse("courses:my_courses"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("legacy", "current"),
    [
        ("django.contrib.auth.backends.ModelBackend", "accounts.backends.ModelBackend"),
        ("allauth.account.auth_backends.AuthenticationBackend", "accounts.backends.AuthenticationBackend"),
    ],
)
def test_a_session_signed_in_before_adr_0038_stays_signed_in(client, catalog, legacy, current):
    from django.contrib.auth import BACKEND_SESSION_KEY

    learner = UserFactory()
    client.force_login(learner)
    session = client.session
    session[BACKEND_SESSION_KEY] = legacy  # as the parents' backends wrote it
    session.save()

    response = client.get(reverse("courses:my_courses"))

    assert response.status_code == 200 and response.wsgi_request.user == learner
    assert client.session[BACKEND_SESSION_KEY] == current
