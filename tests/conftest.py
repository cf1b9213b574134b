import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.core.cache import cache

from .factories import make_unit

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def pytest_collection_modifyitems(config, items):
    is_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://...)")
    for item in items:
        if "postgres" in item.keywords and not is_postgres:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    """A small province: TN -> (SXD -> PTDT, KHCN -> CDS, ward Tân Ninh)."""
    province = make_unit("TN", "Ủy ban nhân dân tỉnh Tây Ninh", kind="province")
    sxd = make_unit("SXD", "Sở Xây dựng", province, kind="department")
    ptdt = make_unit("SXD-PTDT", "Phòng Phát triển đô thị", sxd)
    khcn = make_unit("KHCN", "Sở Khoa học và Công nghệ", province, kind="department")
    cds = make_unit("KHCN-CDS", "Phòng Chuyển đổi số", khcn)
    ward = make_unit("P-TANNINH", "Ủy ban nhân dân phường Tân Ninh", province, kind="commune")
    return {"province": province, "sxd": sxd, "ptdt": ptdt, "khcn": khcn, "cds": cds, "ward": ward}


def current_totp_code(secret: str = TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def with_totp():
    def activate(user):
        TOTP.activate(user, TOTP_SECRET)
        return user

    return activate


@pytest.fixture
def staff_admin_client(client, db, with_totp):
    """A superuser who has set up TOTP, as every administrator must before reaching the admin."""
    from .factories import UserFactory

    admin = with_totp(UserFactory(is_superuser=True, is_staff=True))
    client.force_login(admin)
    client.user = admin
    return client


@pytest.fixture
def catalog(db):
    """The catalogue, groups, permissions and review workflow, as a fresh install has them."""
    from cms.services import platform_setup

    return platform_setup()
