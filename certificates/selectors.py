"""Reads about certificates."""

from django.db.models import QuerySet

from accounts.models import User
from accounts.scoping import readable_by_user_filter
from cms.models import CoursePage

from .models import Certificate, CertificateTemplate


def template_for(*, course: CoursePage) -> CertificateTemplate:
    """The template that lists the course, else the default one (created on first use)."""
    chosen = CertificateTemplate.objects.filter(courses=course).order_by("pk").first()
    if chosen:
        return chosen
    default = CertificateTemplate.objects.filter(is_default=True).first()
    return default or CertificateTemplate.objects.create(name="Mẫu mặc định", is_default=True)


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
