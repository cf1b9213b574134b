"""Demo of the officials import: Sở Khoa học và Công nghệ sends the list of two of its offices
(demo/can-bo-so-khcn.csv): two new officials, two updated (identification number, rank, job position), and
one official of Phòng Bưu chính, Viễn thông who is no longer listed and is marked as having left. Goes
through ``officials.services.officials_import``, as HR's upload does. Idempotent: a second run changes nothing."""

from pathlib import Path

from allauth.account.models import EmailAddress

from accounts.models import Audience, OrganisationUnit, Profile, User
from officials.services import officials_import

from .people import create_demo_user

FILE = Path(__file__).with_name("can-bo-so-khcn.csv")
LEAVING = ("truong.van.loc@dothithongminh.test", "Trương Văn Lộc", "TN-SKHCN-BCVT", "KHCN-0029")
UPDATED = ("tri.pm@dothithongminh.test", "Phan Minh Trí", "TN-SKHCN-CDS", "Chuyên viên")


def load_officials_import() -> dict:
    """Import the demo file as the administrator; returns the counts of what it did."""
    _existing_official(*LEAVING[:3], staff_code=LEAVING[3], position="Chuyên viên")
    # Listed before in another office: the file moves him to Bưu chính, Viễn thông as head of it.
    _existing_official(*UPDATED[:3], staff_code="", position=UPDATED[3])
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    plan = officials_import(
        data=FILE.read_bytes(), filename=FILE.name, actor=admin, deactivate_missing=True, apply=True
    )
    if not plan.applied:  # the demo file is valid; anything else is a bug worth stopping for
        raise RuntimeError(f"demo officials import refused: {plan.file_error or plan.errors}")
    return plan.counts()


def _existing_official(email: str, full_name: str, unit_code: str, *, staff_code: str, position: str) -> None:
    if User.objects.filter(email=email).exists():
        return
    user = create_demo_user(email, full_name=full_name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Profile.objects.create(
        user=user,
        audience=Audience.OFFICIAL,
        organisation_unit=OrganisationUnit.objects.get(code=unit_code),
        position=position,
        staff_code=staff_code,
    )
