"""Reads about people. Every HR read goes through ``profiles_visible_to`` so scope is enforced once."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import HRScope, OrganisationUnit, Profile, User
from .roles import STAFF_GROUPS


def hr_scope_units(*, user: User) -> list[OrganisationUnit]:
    """The roots of the subtrees ``user`` manages (empty for non-HR users)."""
    return [scope.unit for scope in HRScope.objects.filter(user=user).select_related("unit")]


def units_in_scope(*, user: User) -> QuerySet[OrganisationUnit]:
    """Units the user may see: everything for administrators, their subtrees for HR, nothing otherwise."""
    if user.is_superuser:
        return OrganisationUnit.objects.all()
    roots = hr_scope_units(user=user)
    if not roots:
        return OrganisationUnit.objects.none()
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return OrganisationUnit.objects.filter(condition)


def profiles_visible_to(*, user: User) -> QuerySet[Profile]:
    """Learner profiles an HR manager may see: officials whose unit lies in one of their subtrees."""
    base = Profile.objects.select_related("user", "organisation_unit")
    if user.is_superuser:
        return base
    roots = hr_scope_units(user=user)
    if not roots:
        return base.none()
    condition = Q()
    for root in roots:
        condition |= Q(organisation_unit__path__startswith=root.path)
    return base.filter(condition)


@dataclass(frozen=True)
class Roles:
    is_admin: bool = False
    is_hr: bool = False
    groups: frozenset[str] = frozenset()

    @property
    def is_staff_role(self) -> bool:
        """Trainers, reviewers, HR managers and administrators: the people who must use MFA."""
        return self.is_admin or self.is_hr or bool(self.groups & set(STAFF_GROUPS))

    @property
    def can_use_admin(self) -> bool:
        return self.is_admin or bool(self.groups)


def user_roles(*, user: User) -> Roles:
    """The user's roles, computed once per request (cached on the user object)."""
    if not user.is_authenticated:
        return Roles()
    cached = getattr(user, "_lms_roles", None)
    if cached is None:
        cached = Roles(
            is_admin=user.is_superuser or user.is_staff,
            is_hr=user.is_superuser or HRScope.objects.filter(user=user).exists(),
            groups=frozenset(user.groups.values_list("name", flat=True)),
        )
        user._lms_roles = cached
    return cached


def user_is_hr_manager(*, user: User) -> bool:
    return user_roles(user=user).is_hr


def user_has_staff_role(*, user: User) -> bool:
    return user_roles(user=user).is_staff_role


def unit_choices() -> list[tuple[int, str]]:
    """(id, indented name) in tree order, for a select that shows the hierarchy."""
    return [(u.pk, u.indented_name) for u in OrganisationUnit.get_tree().filter(is_active=True)]


def personal_data_of(*, user: User) -> dict:
    """Everything this app stores about ``user``, as JSON-ready data."""
    profile = getattr(user, "profile", None)
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": None
        if profile is None
        else {
            "audience": profile.audience,
            "phone": profile.phone,
            "organisation_unit": profile.organisation_unit.name if profile.organisation_unit else None,
            "position": profile.position,
            "staff_code": profile.staff_code,
            "commune": profile.commune_name or None,
            "commune_code": profile.commune_code or None,
            "enterprise_name": profile.enterprise_name,
            "tax_code": profile.tax_code,
            "email_opt_out": profile.email_opt_out,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in user.emailaddress_set.all()
        ],
        "consents": [
            {"notice_version": c.notice_version, "given_at": c.given_at.isoformat()}
            for c in user.consents.all()
        ],
        "notifications": [
            {"kind": n.kind, "subject": n.subject, "sent_at": n.sent_at.isoformat()}
            for n in user.notifications.all()
        ],
        "deletion_requests": [
            {"status": d.status, "requested_at": d.requested_at.isoformat()}
            for d in user.deletion_requests.all()
        ],
        "access_log": [
            {
                "by": a.actor_name,
                "action": a.action,
                "action_label": str(a.get_action_display()),
                "detail": a.detail,
                "at": a.at.isoformat(),
            }
            for a in user.data_accesses.all()
        ],
    }


def user_is_erased(*, user: User) -> bool:
    """True once the account was erased on request (only a pseudonym remains)."""
    return User.objects.filter(pk=user.pk, erased_at__isnull=False).exists()
