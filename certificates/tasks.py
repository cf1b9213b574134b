"""Background work for certificates (Django's tasks framework). Each task calls one service."""

from django.tasks import task

from courses.models import Enrollment

from . import services
from .models import Certificate, CertificateArchive


@task(backend="background", queue_name="certificates")
def issue_certificate(enrollment_id: int) -> str | None:
    certificate = services.certificate_issue(enrollment=Enrollment.objects.get(pk=enrollment_id))
    return certificate.serial if certificate else None


@task(backend="background", queue_name="certificates")
def regenerate_certificates(template_id: int | None = None, actor_id: int | None = None) -> int:
    """Re-render every valid certificate (of one template, or all) after a template change."""
    certificates = Certificate.objects.filter(revoked_at__isnull=True).select_related("course")
    if template_id:
        certificates = certificates.filter(template_id=template_id)
    count = 0
    for certificate in certificates.iterator(chunk_size=100):
        services.certificate_regenerate(certificate=certificate, by_id=actor_id)
        count += 1
    return count


@task(backend="background", queue_name="exports")
def build_certificate_archive(archive_id: int) -> int:
    return services.certificate_archive_build(archive=CertificateArchive.objects.get(pk=archive_id)).done
