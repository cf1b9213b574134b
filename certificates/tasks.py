"""Background work for certificates (Django's tasks framework). Each task calls one service or sends one kind
of e-mail."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.tasks import task
from django.utils import timezone

from accounts.notifications import notify
from accounts.prepared import PreparedQuery
from courses.models import Enrollment

from . import services
from .models import Certificate
from .rendering import verification_url


@task(backend="background", queue_name="certificates")
def issue_certificate(enrollment_id: int) -> str | None:
    """Step one: the serial, the row and the audit event; the service queues render_certificate_file."""
    # The service reads and locks the enrollment itself: reading it here first would cost a query.
    certificate = services.certificate_issue(enrollment=Enrollment(pk=enrollment_id))
    return certificate.serial if certificate else None


# One query: the row, its template and images, and whether it replaces a revoked certificate (a reissue, whose
# holder is not told again; a reissue commits both rows before this task is queued). Compiled once per worker
# process (accounts.prepared): with its four joins, compiling it cost several times what running it does.
_RENDER_ROW = PreparedQuery(
    lambda pk: (
        Certificate.objects.select_related(*services.RENDER_RELATED)
        .annotate(replaces_another=Exists(Certificate.objects.filter(replaced_by=OuterRef("pk"))))
        .filter(pk=pk)[:1]
    )
)


@task(backend="background", queue_name="certificates")
def render_certificate_file(certificate_id: int, force: bool = False) -> bool:
    """Step two: render and store the PDF (idempotent). When a newly issued certificate gets its first file,
    its holder is told it is ready (a reissued one replaces a certificate the holder already has)."""
    certificate = _RENDER_ROW.first(certificate_id)
    if certificate is None:
        raise Certificate.DoesNotExist(f"no certificate {certificate_id}")
    first_file = not certificate.pdf
    stored = services.certificate_file_render(certificate=certificate, force=force, reload=False)
    if stored and first_file and certificate.revoked_at is None and not certificate.replaces_another:
        send_certificate_issued.enqueue(certificate.pk)
    return stored


@task(backend="background", queue_name="certificates")
def regenerate_certificates(template_id: int | None = None, actor_id: int | None = None) -> int:
    """Re-render every valid certificate (of one template, or all) after a template change: each gets its
    render_certificate_file task, so several workers share the work."""
    certificates = Certificate.objects.filter(revoked_at__isnull=True).select_related("course")
    if template_id:
        certificates = certificates.filter(template_id=template_id)
    count = 0
    for certificate in certificates.iterator(chunk_size=100):
        services.certificate_regenerate(certificate=certificate, by_id=actor_id)
        count += 1
    return count


@task(backend="background", queue_name="emails")
def send_certificate_issued(certificate_id: int) -> bool:
    certificate = Certificate.objects.select_related("user").get(pk=certificate_id)
    return notify(
        user=certificate.user,
        kind="certificate_issued",
        key=str(certificate.pk),
        context={"certificate": certificate, "verify_url": verification_url(certificate)},
    )


@task(backend="background", queue_name="emails")
def send_expiry_reminders(days: int | None = None) -> int:
    """Remind holders whose certificate expires within ``days`` (LMS_CERTIFICATE_EXPIRY_NOTICE_DAYS); once
    each (one e-mail per certificate and expiry date). Queued daily by ``manage.py send_reminders``."""
    days = settings.LMS_CERTIFICATE_EXPIRY_NOTICE_DAYS if days is None else days
    today = timezone.localdate()
    expiring = Certificate.objects.filter(
        revoked_at__isnull=True, expires_on__gte=today, expires_on__lte=today + timedelta(days=days)
    ).select_related("user")
    sent = 0
    for certificate in expiring.iterator(chunk_size=500):
        sent += notify(
            user=certificate.user,
            kind="certificate_expiring",
            key=f"{certificate.pk}:{certificate.expires_on:%Y%m%d}",
            context={"certificate": certificate, "verify_url": verification_url(certificate)},
            essential=False,
        )
    return sent


@task(backend="background", queue_name="certificates")
def reconcile_certificates() -> dict[str, int]:
    return services.certificates_reconcile()
