"""Reads about certificates."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import User
from accounts.scoping import readable_by_user_filter
from cms.models import CoursePage

from .models import Certificate, CertificateTemplate


def template_for(*, course: CoursePage) -> CertificateTemplate | None:
    """The template that lists the course, else the default one; None before any exists (a fresh
    installation: services.ensure_default_template creates it). Reads only, in one query (it runs for every
    issue)."""
    listed = Exists(
        CertificateTemplate.courses.through.objects.filter(
            certificatetemplate_id=OuterRef("pk"), coursepage_id=course.pk
        )
    )
    return (
        CertificateTemplate.objects.annotate(listed=listed)
        .filter(Q(listed=True) | Q(is_default=True))
        .order_by("-listed", "pk")
        .first()
    )


def certificates_visible_to(*, user: User) -> QuerySet[Certificate]:
    """Certificates a staff member may manage: all for administrators, their units' learners for HR."""
    return Certificate.objects.select_related("user", "course").filter(
        readable_by_user_filter(user=user, unit_field="user__profile__organisation_unit")
    )


def can_download(*, user: User, certificate: Certificate) -> bool:
    """The owner, HR managers of the owner's unit and administrators."""
    if not user.is_authenticated:
        return False
    if certificate.user_id == user.pk or user.is_superuser:
        return True
    return certificates_visible_to(user=user).filter(pk=certificate.pk).exists()


def my_certificates(*, user: User) -> list[Certificate]:
    return list(
        Certificate.objects.filter(user=user).select_related("course", "replaced_by").order_by("-issued_at")
    )
