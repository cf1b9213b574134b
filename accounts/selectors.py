"""Reads about people. Scope (who may read whose data) is decided in ``accounts.scoping`` only."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, StringAgg, Subquery, TextField, Value
from django.urls import reverse

from .identity import mask_personal_id
from .models import HRScope, OrganisationUnit, Profile, User
from .prepared import PreparedQuery
from .roles import STAFF_GROUPS
from .scoping import readable_by_user_filter, scope_roots, unit_in_subtrees


def profiles_visible_to(*, user: User) -> QuerySet[Profile]:
    """Learner profiles an HR manager may see: those whose unit ``readable_by_user_filter`` lets them read."""
    return Profile.objects.select_related("user", "organisation_unit").filter(
        readable_by_user_filter(user=user, unit_field="organisation_unit")
    )


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


def _roles_of(user: User, *, has_hr_scope: bool, groups: frozenset[str]) -> Roles:
    """The roles of ``user`` from what was read of them: whether they have an HR scope, their groups' names."""
    return Roles(
        is_admin=user.is_superuser or user.is_staff, is_hr=user.is_superuser or has_hr_scope, groups=groups
    )


def user_roles(*, user: User) -> Roles:
    """The user's roles, computed once per request (cached on the user object)."""
    if not user.is_authenticated:
        return Roles()
    cached = getattr(user, "_lms_roles", None)
    if cached is None:
        # One query for both: a row per group (one row with no group), each saying whether an HR scope exists.
        rows = list(
            User.objects.filter(pk=user.pk)
            .annotate(hr=Exists(HRScope.objects.filter(user=OuterRef("pk"))))
            .values_list("hr", "groups__name")
        )
        cached = _roles_of(
            user,
            has_hr_scope=any(hr for hr, _name in rows),
            groups=frozenset(name for _hr, name in rows if name is not None),
        )
        user._lms_roles = cached
    return cached


#: Between group names in the one string the signed-in user's query reads (no group name can hold it: the
#: admin's name field is one line of text).
_GROUP_SEPARATOR = "\x1f"


def _user_with_roles_query(pk) -> QuerySet[User]:
    groups = (
        User.groups.through.objects.filter(user_id=OuterRef("pk"))
        .order_by()
        .values("user_id")
        .annotate(names=StringAgg("group__name", delimiter=Value(_GROUP_SEPARATOR)))
        .values("names")
    )
    return User.objects.annotate(
        lms_hr=Exists(HRScope.objects.filter(user=OuterRef("pk"))),
        lms_group_names=Subquery(groups, output_field=TextField()),
        lms_own_perms=Exists(User.user_permissions.through.objects.filter(user_id=OuterRef("pk"))),
    ).filter(pk=pk)[:1]


# Compiled once per process: compiling it cost seven times what running it does (accounts.prepared).
_USER_WITH_ROLES = PreparedQuery(_user_with_roles_query)


def user_with_roles(*, pk) -> User | None:
    """The user ``pk`` with their roles and their permission shortcuts, in one query (the session's user, #20).

    Reads what ``user_roles`` would read (the groups' names, whether an HR scope exists) and whether any
    permission is given to the user directly, so that neither ``user_roles`` nor, for someone with no group
    and no permission of their own (every learner), ``has_perm`` queries again in this request. The
    permission caches are set only where the answer is known to be empty; ``ModelBackend`` fills the others
    as before. Read afresh on every request: a role change applies from the next request on.
    """
    user = _USER_WITH_ROLES.first(User._meta.pk.to_python(pk))  # the session keeps it as text
    if user is None:
        return None
    names = frozenset(name for name in (user.lms_group_names or "").split(_GROUP_SEPARATOR) if name)
    user._lms_roles = _roles_of(user, has_hr_scope=bool(user.lms_hr), groups=names)
    if not user.is_superuser:  # a superuser's permissions are every permission: ModelBackend reads them
        if not names:
            user._group_perm_cache = set()
        if not user.lms_own_perms:
            user._user_perm_cache = set()
    return user


def user_has_staff_role(*, user: User) -> bool:
    return user_roles(user=user).is_staff_role


def user_home_url(*, user: User) -> str:
    """Where a person lands after signing in (when no ``next`` is given): their own home.

    Learners: "Khóa học của tôi". HR managers: the staff area. Trainers, reviewers and administrators:
    the Wagtail admin. A superuser is an administrator first (they are HR everywhere too).
    """
    roles = user_roles(user=user)
    if roles.is_hr and not user.is_superuser:
        return reverse("reports:dashboard")
    if roles.can_use_admin:
        return reverse("wagtailadmin_home")
    return reverse("courses:my_courses")


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
            "personal_id": profile.personal_id,
            "rank": profile.rank,
            "job_position": profile.job_position,
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
            {
                "notice_version": c.notice_version,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in user.consents.all()
        ],
        "notifications": [
            {"kind": n.kind, "subject": n.subject, "sent_at": n.sent_at.isoformat()}
            for n in user.notifications.all()
        ],
        "deletion_requests": [
            {
                "kind": d.kind,
                "status": d.status,
                "requested_at": d.requested_at.isoformat(),
                "due_at": d.due_at.isoformat() if d.due_at else None,
                "handled_at": d.handled_at.isoformat() if d.handled_at else None,
                "response": d.response,
            }
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


def personal_id_shown(*, profile: Profile, viewer: User) -> str:
    """The profile's identification number as ``viewer`` may see it: whole for the person, administrators
    and HR managers whose scope holds the profile's unit; masked (``0790******12``) for everyone else."""
    value = profile.personal_id
    if not value:
        return ""
    if viewer.is_authenticated and (viewer.pk == profile.user_id or viewer.is_superuser):
        return value
    if profile.organisation_unit_id and unit_in_subtrees(
        unit=profile.organisation_unit, roots=scope_roots(user=viewer)
    ):
        return value
    return mask_personal_id(value)


def user_is_erased(*, user: User) -> bool:
    """True once the account was erased on request (only a pseudonym remains)."""
    return User.objects.filter(pk=user.pk, erased_at__isnull=False).exists()


def unit_by_code(*, code: str) -> OrganisationUnit | None:
    """The active unit with this code (codes are unique), or None."""
    return OrganisationUnit.objects.filter(code=code.strip(), is_active=True).first()


def personal_data_requests_due(*, now=None) -> dict:
    """What administrators must answer: pending requests by deadline, with the overdue ones counted.

    Returns {"pending": [...], "overdue": n, "due_soon": n} where due soon is within three days. One query.
    """
    import datetime

    from django.utils import timezone

    from .models import DeletionRequest

    now = now or timezone.now()
    pending = list(
        DeletionRequest.objects.filter(status=DeletionRequest.Status.PENDING)
        .select_related("user")
        .order_by("due_at", "pk")
    )
    soon = now + datetime.timedelta(days=3)
    return {
        "pending": pending,
        "overdue": sum(1 for r in pending if r.due_at and r.due_at < now),
        "due_soon": sum(1 for r in pending if r.due_at and now <= r.due_at < soon),
    }
