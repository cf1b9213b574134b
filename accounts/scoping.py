"""Which organisation units a user may read: the one place where an HR scope becomes a query.

Modelled on Kolibri's ``readable_by_user_filter``: any model whose rows hang off an organisation unit is
narrowed with ``Model.objects.filter(readable_by_user_filter(user=user, unit_field="..."))``. People,
enrollments, certificates, report scopes and course assignments all go through it, so a change to what a
scope covers is made here once.

Invariants:
- Administrators (superusers) read every row, rows without a unit included.
- An HR manager reads the rows whose unit lies in the subtree of one of their ``HRScope`` units. A subtree
  is a materialised-path prefix (units move with treebeard, which rewrites the paths).
- Everyone else, anonymous visitors included, reads nothing.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .models import HRScope, OrganisationUnit, User

NOTHING = Q(pk__in=[])


def in_subtrees(*, roots: Iterable[OrganisationUnit], unit_field: str = "") -> Q:
    """Rows whose unit (reached through ``unit_field``; "" for units themselves) lies in a root's subtree.

    No roots match nothing. One OR'ed path-prefix condition per root, no query of its own.
    """
    prefix = f"{unit_field}__" if unit_field else ""
    condition = NOTHING
    for index, root in enumerate(roots):
        subtree = Q(**{f"{prefix}path__startswith": root.path})
        condition = subtree if index == 0 else condition | subtree
    return condition


def unit_in_subtrees(*, unit: OrganisationUnit, roots: Iterable[OrganisationUnit]) -> bool:
    """``in_subtrees`` for a unit already in memory."""
    return any(unit.path.startswith(root.path) for root in roots)


def scope_roots(*, user: User) -> list[OrganisationUnit]:
    """The roots of the subtrees ``user`` manages (empty for anyone who is not an HR manager). One query."""
    if not user.is_authenticated:
        return []
    return [scope.unit for scope in HRScope.objects.filter(user=user).select_related("unit")]


def readable_by_user_filter(*, user: User, unit_field: str = "") -> Q:
    """The condition for rows ``user`` may read, for a model whose unit is reached through ``unit_field``.

    ``unit_field`` is a lookup path to an ``OrganisationUnit`` ("organisation_unit" on Profile,
    "unit" on Enrollment, "user__profile__organisation_unit" on Certificate); "" filters units themselves.
    One query (the user's scope roots); administrators and anonymous visitors need none.
    """
    if not user.is_authenticated:
        return NOTHING
    if user.is_superuser:
        return Q()
    return in_subtrees(roots=scope_roots(user=user), unit_field=unit_field)


def units_readable_by(*, user: User) -> QuerySet[OrganisationUnit]:
    """Units ``user`` may see: every unit for administrators, their subtrees for HR, none otherwise."""
    return OrganisationUnit.objects.filter(readable_by_user_filter(user=user))
