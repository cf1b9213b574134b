"""A prepared query (accounts.prepared) reads what its queryset reads, with each call's own values (#20)."""

import pytest
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from accounts.models import HRScope, Profile, User
from accounts.prepared import PreparedQuery

from ..factories import ProfileFactory, UserFactory, make_unit

pytestmark = pytest.mark.django_db


def _with_scope(pk):
    return User.objects.annotate(hr=Exists(HRScope.objects.filter(user=OuterRef("pk")))).filter(pk=pk)[:1]


def test_each_call_reads_its_own_row_as_the_queryset_would(django_assert_num_queries):
    prepared = PreparedQuery(_with_scope)
    plain, hr = UserFactory(), UserFactory()
    HRScope.objects.create(user=hr, unit=make_unit("SNV", "Sở Nội vụ"))

    for user in (plain, hr, plain):
        with django_assert_num_queries(1):
            found = prepared.first(user.pk)
        expected = _with_scope(user.pk).get()
        assert found == expected and found.hr is expected.hr
        assert (found.email, found.date_joined, found.public_id) == (
            user.email,
            user.date_joined,
            user.public_id,
        )
    assert prepared.first(0) is None


def test_two_values_go_to_their_own_places():
    prepared = PreparedQuery(
        lambda a, b: User.objects.filter(pk=a, is_active=True).exclude(pk=b)[:1], slots=2
    )
    user = UserFactory()
    assert prepared.first(user.pk, 0) == user
    assert prepared.first(user.pk, user.pk) is None


def test_a_value_used_twice_goes_to_both_places():
    twice = PreparedQuery(lambda pk: User.objects.filter(pk=pk, groups__user=pk).distinct()[:1])
    user = UserFactory()
    assert twice.first(user.pk) is None  # in no group
    user.groups.add(Group.objects.create(name="Nhóm thử"))
    assert twice.first(user.pk) == user


def test_related_rows_and_annotations_are_built_as_the_queryset_builds_them():
    prepared = PreparedQuery(
        lambda pk: (
            Profile.objects.select_related("user", "organisation_unit")
            .annotate(hr=Exists(HRScope.objects.filter(user=OuterRef("user_id"))))
            .filter(user_id=pk)[:1]
        )
    )
    unit = make_unit("SXD", "Sở Xây dựng")
    profile = ProfileFactory(organisation_unit=unit)
    HRScope.objects.create(user=profile.user, unit=unit)

    found = prepared.first(profile.user_id)

    assert found == profile and found.hr is True  # converted as the ORM converts it (SQLite stores 1)
    assert Profile.user.is_cached(found) and found.user.email == profile.user.email
    assert found.organisation_unit.name == "Sở Xây dựng"
    assert [p.pk for p in prepared.all(profile.user_id)] == [profile.pk]


def test_a_query_whose_sql_lacks_the_value_is_refused():
    listed = PreparedQuery(lambda pk: User.objects.filter(pk__in=[1, 2])[:1])
    with pytest.raises(ValueError, match="does not appear"):
        listed.first(1)
