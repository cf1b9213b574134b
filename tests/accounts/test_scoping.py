"""accounts.scoping over a unit tree: who reads which units and the rows that hang off them."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import OrganisationUnit, Profile
from accounts.scoping import in_subtrees, readable_by_user_filter, unit_in_subtrees, units_readable_by

from ..factories import ProfileFactory, UserFactory, make_hr_manager, make_official

ALL = {"TN", "SXD", "SXD-PTDT", "KHCN", "KHCN-CDS", "P-TANNINH"}


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


@pytest.mark.django_db
def test_each_reader_reads_their_subtrees_only(tree):
    assert codes(units_readable_by(user=make_hr_manager(tree["sxd"], tree["ward"]))) == {
        "SXD",
        "SXD-PTDT",
        "P-TANNINH",
    }
    assert codes(units_readable_by(user=make_hr_manager(tree["ptdt"]))) == {"SXD-PTDT"}
    assert codes(units_readable_by(user=make_hr_manager(tree["province"]))) == ALL
    # Overlapping scopes count each unit once.
    assert list(units_readable_by(user=make_hr_manager(tree["sxd"], tree["ptdt"])).order_by("path")) == [
        tree["sxd"],
        tree["ptdt"],
    ]
    assert codes(units_readable_by(user=UserFactory(is_superuser=True))) == ALL
    assert codes(units_readable_by(user=UserFactory())) == set()
    assert codes(units_readable_by(user=AnonymousUser())) == set()


@pytest.mark.django_db
def test_rows_are_scoped_through_their_unit_field(tree):
    inside = make_official(tree["ptdt"])
    outside = make_official(tree["cds"])
    citizen = ProfileFactory()  # no unit
    hr = make_hr_manager(tree["sxd"])
    readable = Profile.objects.filter(readable_by_user_filter(user=hr, unit_field="organisation_unit"))
    assert list(readable) == [inside]
    admin = UserFactory(is_superuser=True)
    everyone = Profile.objects.filter(readable_by_user_filter(user=admin, unit_field="organisation_unit"))
    assert {inside, outside, citizen} <= set(everyone)
    assert list(Profile.objects.filter(in_subtrees(roots=[], unit_field="organisation_unit"))) == []


@pytest.mark.django_db
def test_scope_follows_a_unit_moved_to_another_subtree(tree):
    """Scopes are path prefixes: moving a unit (treebeard rewrites the paths) moves it between scopes."""
    hr = make_hr_manager(tree["sxd"])
    official = make_official(tree["cds"])
    assert official not in Profile.objects.filter(
        readable_by_user_filter(user=hr, unit_field="organisation_unit")
    )
    tree["cds"].move(OrganisationUnit.objects.get(pk=tree["sxd"].pk), pos="sorted-child")
    assert codes(units_readable_by(user=hr)) == {"SXD", "SXD-PTDT", "KHCN-CDS"}
    assert official in Profile.objects.filter(
        readable_by_user_filter(user=hr, unit_field="organisation_unit")
    )


@pytest.mark.django_db
def test_unit_in_subtrees_agrees_with_the_query(tree):
    roots = [tree["sxd"], tree["ward"]]
    in_memory = {
        unit.code for unit in OrganisationUnit.objects.all() if unit_in_subtrees(unit=unit, roots=roots)
    }
    assert in_memory == codes(OrganisationUnit.objects.filter(in_subtrees(roots=roots)))
