"""Writes about certificates: issue, revoke, reissue, regenerate. The signal handler, the admin and the
commands all go through these functions."""

import hashlib
import zipfile
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrganisationUnit, User
from accounts.scoping import in_subtrees
from accounts.selectors import user_is_erased
from assessment.models import QuizAttempt
from courses.models import Enrollment
from jobs import services as job_services
from jobs.models import Job

from . import selectors
from .models import Certificate, CertificateEvent, CertificateTemplate, SerialCounter
from .pdf import qr_data_uri, render_pdf
from .rendering import certificate_document, signing_snapshot, verification_url


class CertificateError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)


def _next_serial(year: int) -> int:
    """Take the next number of ``year`` under a row lock: concurrent issues queue here, so no gaps or repeats.

    Must run inside the issuing transaction; if that transaction rolls back, so does the counter.
    """
    try:
        with transaction.atomic():
            SerialCounter.objects.get_or_create(year=year)
    except IntegrityError:
        pass
    counter = SerialCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def certificate_pdf_render(*, certificate: Certificate, template: CertificateTemplate | None = None) -> bytes:
    """The certificate's PDF rendered now (nothing stored). A revoked certificate carries the visible
    "ĐÃ THU HỒI" stamp with the date and reason, so a copy downloaded after the revocation cannot pass for
    a valid one; the stored PDF stays the one that was issued (its SHA-256 is unchanged)."""
    template = template or certificate.template
    html = certificate_document(
        certificate=certificate,
        template=template,
        qr_uri=qr_data_uri(verification_url(certificate)),
        revoked=certificate.revoked_at is not None,
    )
    return render_pdf(html=html)


def _store_pdf(certificate: Certificate, template: CertificateTemplate) -> None:
    html = certificate_document(
        certificate=certificate, template=template, qr_uri=qr_data_uri(verification_url(certificate))
    )
    data = render_pdf(html=html)
    certificate.pdf_sha256 = hashlib.sha256(data).hexdigest()
    old_name, storage = certificate.pdf.name, certificate.pdf.storage
    certificate.pdf.save(f"giay-chung-nhan-{certificate.serial}.pdf", ContentFile(data), save=False)
    certificate.save(update_fields=["pdf", "pdf_sha256"])
    if old_name:
        # A regenerated PDF gets a new random name; the old file goes once the new one is committed.
        transaction.on_commit(lambda: storage.delete(old_name))


def certificate_issue(*, enrollment: Enrollment, by: User | None = None) -> Certificate | None:
    """Issue the certificate of a completed enrolment, or return the valid one it already has.

    Never issues for an enrolment that had a certificate revoked (returns None): see certificate_reissue.

    Safe to call many times, also concurrently: the enrolment row is locked, and the database allows one
    valid certificate per enrolment (``uniq_valid_certificate_per_enrollment``). Returns None when the course
    grants no certificate or the enrolment is not completed. Side effects: a serial number is consumed, the
    PDF is stored with its SHA-256, and an audit event is written, all in one transaction.
    """
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update().select_related("course", "user").get(pk=enrollment.pk)
        )
        course = enrollment.course
        if enrollment.status != Enrollment.Status.COMPLETED or not course.grants_certificate:
            return None
        existing = Certificate.objects.filter(enrollment=enrollment, revoked_at__isnull=True).first()
        if existing:
            return existing
        if Certificate.objects.filter(enrollment=enrollment).exists():
            # Only revoked ones: a revocation is never undone by issuing again (a late task, a re-completion,
            # the reconcile command). A new certificate after revocation comes from certificate_reissue only.
            return None
        return _issue(enrollment=enrollment, by=by)


def _issue(*, enrollment: Enrollment, by: User | None, replacing: Certificate | None = None) -> Certificate:
    course = enrollment.course
    template = selectors.template_for(course=course)
    now = timezone.now()
    year = timezone.localtime(now).year
    sequence = _next_serial(year)
    profile = getattr(enrollment.user, "profile", None)
    completed_on = timezone.localtime(enrollment.completed_at).date()
    has_quiz = QuizAttempt.objects.filter(enrollment=enrollment, quiz__is_final=True).exists()
    certificate = Certificate.objects.create(
        enrollment=enrollment,
        user=enrollment.user,
        course=course,
        template=template,
        serial=f"{settings.LMS_CERTIFICATE_PREFIX}-{year}-{sequence:06d}",
        year=year,
        sequence=sequence,
        learner_name=enrollment.user.full_name,
        unit_name=profile.organisation_unit.name if profile and profile.organisation_unit else "",
        course_title=course.title,
        hours=course.estimated_hours,
        completed_on=completed_on,
        score=enrollment.final_score if has_quiz else None,
        issuer_name=template.issuer_name,
        signing=signing_snapshot(template),
        issued_at=now,
        expires_on=_add_months(completed_on, course.certificate_validity_months)
        if course.certificate_validity_months
        else None,
    )
    _store_pdf(certificate, template)
    CertificateEvent.objects.create(
        certificate=certificate,
        action=CertificateEvent.Action.REISSUE if replacing else CertificateEvent.Action.ISSUE,
        actor=by,
        details={"serial": certificate.serial, "replaces": replacing.serial if replacing else None},
    )
    return certificate


def _check_manager(by: User, certificate: Certificate) -> None:
    if not selectors.certificates_visible_to(user=by).filter(pk=certificate.pk).exists():
        raise CertificateError(_("You may not manage this certificate."))


def certificate_revoke(*, certificate: Certificate, reason: str, by: User) -> Certificate:
    """Revoke a valid certificate with a reason (administrators, or HR of the owner's unit). Idempotent."""
    _check_manager(by, certificate)
    reason = reason.strip()
    if not reason:
        raise CertificateError(_("Give the reason for revoking the certificate."))
    with transaction.atomic():
        updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason[:2000], revoked_by=by
        )
        if updated:
            CertificateEvent.objects.create(
                certificate=certificate,
                action=CertificateEvent.Action.REVOKE,
                actor=by,
                details={"reason": reason},
            )
    certificate.refresh_from_db()
    return certificate


def certificate_reissue(*, certificate: Certificate, reason: str, by: User) -> Certificate:
    """Issue a corrected certificate (e.g. after the learner's name was fixed): a new serial and code; the old
    one is revoked with a reference to the new one. One transaction."""
    _check_manager(by, certificate)
    if certificate.revoked_at:
        raise CertificateError(_("A revoked certificate cannot be reissued."))
    if user_is_erased(user=certificate.user):
        raise CertificateError(
            _("The holder's account was erased on request; the certificate cannot be reissued.")
        )
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update()
            .select_related("course", "user")
            .get(pk=certificate.enrollment_id)
        )
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        old.revoked_at = timezone.now()
        old.revoked_reason = _("Reissued: %(reason)s") % {"reason": reason.strip() or "—"}
        old.revoked_by = by
        old.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        new = _issue(enrollment=enrollment, by=by, replacing=old)
        old.replaced_by = new
        old.save(update_fields=["replaced_by"])
    return new


def certificate_regenerate(*, certificate: Certificate, by_id: int | None = None) -> Certificate:
    """Render the PDF again with the current template; the serial, the code and what it states stay the same."""
    template = selectors.template_for(course=certificate.course)
    with transaction.atomic():
        _store_pdf(certificate, template)
        CertificateEvent.objects.create(
            certificate=certificate,
            action=CertificateEvent.Action.REGENERATE,
            actor_id=by_id,
            details={"sha256": certificate.pdf_sha256},
        )
    return certificate


ARCHIVE_JOB = "certificates.archive"


def certificate_archive_create(*, user: User, course_id: int | None, unit: OrganisationUnit | None) -> Job:
    """Queue a ZIP of the certificates of one course and/or unit, limited to what ``user`` may see."""
    return job_services.job_create(
        kind=ARCHIVE_JOB, owner=user, parameters={"course": course_id, "unit": unit.pk if unit else None}
    )


def certificate_archive_build(job: Job, out, progress) -> dict:
    """The ``certificates.archive`` job kind: the PDFs of the job's certificates (in the requester's scope)
    into one ZIP written to ``out``, with progress every 50 certificates.

    PDFs are stored uncompressed since they do not shrink. The certificates included are kept in the
    result (and the audit event), so each download can check the requester may still see all of them.
    """
    certificates = selectors.certificates_visible_to(user=job.owner).filter(revoked_at__isnull=True)
    if job.parameters.get("course"):
        certificates = certificates.filter(course_id=job.parameters["course"])
    if job.parameters.get("unit"):
        unit = OrganisationUnit.objects.get(pk=job.parameters["unit"])
        certificates = certificates.filter(
            in_subtrees(roots=[unit], unit_field="user__profile__organisation_unit")
        )
    progress(0, certificates.count())
    done = 0
    included: list[int] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as bundle:
        for certificate in certificates.order_by("serial").iterator(chunk_size=200):
            if certificate.pdf:
                with certificate.pdf.open("rb") as handle:
                    bundle.writestr(f"{certificate.serial}.pdf", handle.read())
                included.append(certificate.pk)
            done += 1
            if done % 50 == 0:
                progress(done)
    progress(done)
    CertificateEvent.objects.create(
        action=CertificateEvent.Action.DOWNLOAD_ZIP,
        actor=job.owner,
        details={"archive": job.pk, "count": done, "certificates": included},
    )
    return {"count": done, "certificates": included, "filename": f"giay-chung-nhan-{job.pk}.zip"}


def archive_in_scope(*, archive: Job, user: User) -> bool:
    """Whether ``user`` may still see every certificate in the archive (HR scope is checked again at download,
    since a manager may have lost a unit since the archive was built)."""
    if user.is_superuser:
        return True
    ids = archive.result.get("certificates")
    if ids is None:
        return False  # built before the contents were recorded: only administrators
    visible = selectors.certificates_visible_to(user=user).filter(pk__in=ids).count()
    return visible == len(set(ids))


def archive_download_log(*, archive: Job, user: User) -> None:
    CertificateEvent.objects.create(
        action=CertificateEvent.Action.ARCHIVE_DOWNLOAD, actor=user, details={"archive": archive.pk}
    )


def certificates_reconcile() -> int:
    """Issue the certificates that a lost task never issued: completed enrolments of certificate-granting
    courses that have no certificate at all (never one revoked: a revocation stands). Returns how many."""
    missing = Enrollment.objects.filter(
        status=Enrollment.Status.COMPLETED, course__grants_certificate=True, certificates__isnull=True
    ).values_list("pk", flat=True)
    issued = 0
    for enrollment_id in list(missing.iterator(chunk_size=500)):
        certificate = certificate_issue(enrollment=Enrollment(pk=enrollment_id))
        issued += certificate is not None
    return issued
