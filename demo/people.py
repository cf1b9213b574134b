"""Demo organisation tree (real bodies of Tây Ninh province), roles and accounts. Idempotent."""

import functools

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles
from accounts.models import Audience, HRScope, OrganisationUnit, Profile, User

DEMO_PASSWORD = "DemoTayNinh@2026"  # noqa: S105 - printed on purpose: demo accounts only


@functools.cache
def _demo_password_hash(hasher: str) -> str:
    return make_password(DEMO_PASSWORD)


def create_demo_user(email: str, **fields) -> User:
    """A demo account with the shared, published ``DEMO_PASSWORD``, as ``User.objects.create_user`` makes it.

    The password is hashed once per process and hasher, not once per account: production's hasher takes about
    a second a hash on a loaded machine, and the 30-odd demo accounts made that half of ``load_demo``. One salt
    for every demo account gives nothing away: their password is printed on screen.
    """
    password = _demo_password_hash(settings.PASSWORD_HASHERS[0])
    return User.objects.create(email=User.objects.normalize_email(email).lower(), password=password, **fields)


# Base32 TOTP secret shared by the demo staff accounts, so an authenticator app can be set up once.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demo accounts only

# (code, name, kind, parent code). Local government is two-tier since 1 July 2025.
UNITS = [
    ("TN", "Ủy ban nhân dân tỉnh Tây Ninh", "province", None),
    ("TN-VP", "Văn phòng Ủy ban nhân dân tỉnh", "department", "TN"),
    ("TN-SXD", "Sở Xây dựng", "department", "TN"),
    ("TN-SXD-VP", "Văn phòng Sở Xây dựng", "office", "TN-SXD"),
    ("TN-SXD-QHKT", "Phòng Quy hoạch - Kiến trúc", "office", "TN-SXD"),
    ("TN-SXD-PTDT", "Phòng Phát triển đô thị và Hạ tầng kỹ thuật", "office", "TN-SXD"),
    ("TN-SKHCN", "Sở Khoa học và Công nghệ", "department", "TN"),
    ("TN-SKHCN-CDS", "Phòng Chuyển đổi số", "office", "TN-SKHCN"),
    ("TN-SKHCN-BCVT", "Phòng Bưu chính, Viễn thông", "office", "TN-SKHCN"),
    ("TN-SNV", "Sở Nội vụ", "department", "TN"),
    ("TN-SNV-CCVC", "Phòng Công chức, viên chức", "office", "TN-SNV"),
    ("TN-STC", "Sở Tài chính", "department", "TN"),
    ("TN-P-TANNINH", "Ủy ban nhân dân phường Tân Ninh", "commune", "TN"),
    ("TN-P-HOATHANH", "Ủy ban nhân dân phường Hòa Thành", "commune", "TN"),
    ("TN-P-LONGAN", "Ủy ban nhân dân phường Long An", "commune", "TN"),
    ("TN-X-CHAUTHANH", "Ủy ban nhân dân xã Châu Thành", "commune", "TN"),
]

# email, full name, audience, extra profile values, groups, HR scope codes, superuser
ACCOUNTS = [
    (
        "quantri@dothithongminh.test",
        "Trần Quốc Bảo",
        Audience.OFFICIAL,
        {"unit": "TN-SKHCN-CDS", "position": "Chuyên viên quản trị hệ thống"},
        [],
        [],
        True,
    ),
    (
        "giangvien@dothithongminh.test",
        "Lê Minh Khoa",
        Audience.OFFICIAL,
        {"unit": "TN-SXD-QHKT", "position": "Phó Trưởng phòng"},
        [roles.TRAINERS],
        [],
        False,
    ),
    (
        "duyet@dothithongminh.test",
        "Phạm Thu Hà",
        Audience.OFFICIAL,
        {"unit": "TN-SNV-CCVC", "position": "Trưởng phòng"},
        [roles.REVIEWERS],
        [],
        False,
    ),
    (
        "nhansu.sxd@dothithongminh.test",
        "Võ Thị Mai Lan",
        Audience.OFFICIAL,
        {"unit": "TN-SXD-VP", "position": "Chuyên viên tổ chức cán bộ"},
        [roles.HR_MANAGERS],
        ["TN-SXD"],
        False,
    ),
    (
        "canbo@dothithongminh.test",
        "Nguyễn Thị Ánh Tuyết",
        Audience.OFFICIAL,
        {"unit": "TN-SXD-PTDT", "position": "Chuyên viên", "staff_code": "SXD-0012"},
        [],
        [],
        False,
    ),
    (
        "canbo.khcn@dothithongminh.test",
        "Đặng Văn Hùng",
        Audience.OFFICIAL,
        {"unit": "TN-SKHCN-CDS", "position": "Chuyên viên", "staff_code": "KHCN-0031"},
        [],
        [],
        False,
    ),
    (
        "nguoidan@dothithongminh.test",
        "Huỳnh Văn Đức",
        Audience.CITIZEN,
        {"commune_code": "25459"},  # Phường Tân Ninh (vietnam-provinces code)
        [],
        [],
        False,
    ),
    (
        "doanhnghiep@dothithongminh.test",
        "Ngô Thị Thanh Hương",
        Audience.BUSINESS,
        {"enterprise_name": "Công ty TNHH Công nghệ Xanh Tây Ninh", "tax_code": "0100109106"},
        [],
        [],
        False,
    ),
]


@transaction.atomic
def load_units() -> dict[str, OrganisationUnit]:
    units: dict[str, OrganisationUnit] = {}
    for code, name, kind, parent_code in UNITS:
        unit = OrganisationUnit.objects.filter(code=code).first()
        if unit is None:
            values = {"code": code, "name": name, "kind": kind}
            if parent_code:
                parent = OrganisationUnit.objects.get(pk=units[parent_code].pk)
                unit = parent.add_child(**values)
            else:
                unit = OrganisationUnit.add_root(**values)
        units[code] = unit
    return units


def load_groups() -> dict[str, Group]:
    """The staff groups; ``cms.services.platform_setup`` creates them with their permissions."""
    return {group.name: group for group in Group.objects.filter(name__in=roles.STAFF_GROUPS)}


@transaction.atomic
def load_accounts(units: dict[str, OrganisationUnit], groups: dict[str, Group]) -> list[dict]:
    printed = []
    for email, full_name, audience, extra, group_names, scopes, superuser in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = create_demo_user(
                email,
                full_name=full_name,
                is_superuser=superuser,
                is_staff=superuser,
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            Profile.objects.create(
                user=user,
                audience=audience,
                organisation_unit=units.get(extra.get("unit")),
                commune_code=extra.get("commune_code", ""),
                position=extra.get("position", ""),
                staff_code=extra.get("staff_code", ""),
                enterprise_name=extra.get("enterprise_name", ""),
                tax_code=extra.get("tax_code", ""),
            )
        for name in group_names:
            user.groups.add(groups[name])
        for code in scopes:
            HRScope.objects.get_or_create(user=user, unit=units[code])
        staff = superuser or bool(group_names) or bool(scopes)
        if staff and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        printed.append(
            {"email": email, "name": full_name, "role": _role_label(superuser, group_names, audience)}
        )
    return printed


def _role_label(superuser: bool, group_names: list[str], audience: str) -> str:
    if superuser:
        return "Quản trị hệ thống"
    if roles.TRAINERS in group_names:
        return "Giảng viên"
    if roles.REVIEWERS in group_names:
        return "Người duyệt nội dung"
    if roles.HR_MANAGERS in group_names:
        return "Cán bộ phụ trách đào tạo (Sở Xây dựng)"
    return f"Học viên - {Audience(audience).label}"


def demo_trainer() -> User:
    return User.objects.get(email="giangvien@dothithongminh.test")


def demo_reviewer() -> User:
    return User.objects.get(email="duyet@dothithongminh.test")
