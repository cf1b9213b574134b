"""A prepared query (accounts.prepared) reads what its queryset reads, with each call's own values (#20)."""

import pytest
from django.db.models import Exists, OuterRef

from accounts.models import HRScope, User
from accounts.prepared import PreparedQuery

from ..factories import UserFactory, make_unit

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
        assert found == expected and bool(found.hr) == expected.hr
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


def test_a_query_whose_sql_depends_on_the_value_is_refused():
    twice = PreparedQuery(lambda pk: User.objects.filter(pk=pk).exclude(pk=pk)[:1])
    listed = PreparedQuery(lambda pk: User.objects.filter(pk__in=[1, 2])[:1])

    with pytest.raises(ValueError, match="appears 2 times"):
        twice.first(1)
    with pytest.raises(ValueError, match="appears 0 times"):
        listed.first(1)
