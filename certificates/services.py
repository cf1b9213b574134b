"""Writes about certificates: issue, render, revoke, reissue, regenerate, reconcile. The signal handler, the
admin, the tasks and the commands all go through these functions."""

import hashlib
import zipfile
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrganisationUnit, User
from accounts.prepared import PreparedQuery
from accounts.scoping import in_subtrees
from accounts.selectors import user_is_erased
from assessment.models import QuizAttempt
from classes import selectors as class_selectors
from courses import records
from courses.models import Enrollment
from evaluations.selectors import certificate_waits_for_evaluation
from jobs import services as job_services
from jobs.models import Job

from . import selectors, tasks
from .models import Certificate, CertificateEvent, CertificateTemplate, SerialCounter
from .pdf import qr_data_uri
from .rendering import certificate_document, certificate_pdf, signing_snapshot, verification_url


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

    One statement: it creates the year's counter at 1 or adds one to it, and the row stays locked until the
    issuing transaction commits or rolls back (and with it, the counter). Must run inside that transaction.
    """
    quote = connection.ops.quote_name
    table, year_column, last = (quote(name) for name in (SerialCounter._meta.db_table, "year", "last"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({year_column}, {last}) VALUES (%s, 1) "  # noqa: S608 (quoted model names)
            f"ON CONFLICT ({year_column}) DO UPDATE SET {last} = {table}.{last} + 1 RETURNING {last}",
            [year],
        )
        return cursor.fetchone()[0]


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
    return certificate_pdf(html=html)


def ensure_default_template() -> CertificateTemplate:
    """The default certificate template, created with the shipped wording when there is none (a fresh
    installation). Safe to call concurrently: ``uniq_default_template`` admits one, the loser reads it."""
    template = CertificateTemplate.objects.filter(is_default=True).first()
    if template:
        return template
    try:
        with transaction.atomic():
            return CertificateTemplate.objects.create(name="Mẫu mặc định", is_default=True)
    except IntegrityError:
        return CertificateTemplate.objects.get(is_default=True)


def certificate_issue(*, enrollment: Enrollment, by: User | None = None) -> Certificate | None:
    """Issue the certificate of a completed enrollment, or return the valid one it already has.

    Never issues for an enrollment that had a certificate revoked (returns None): see certificate_reissue.
    Waits (returns None) while the course requires an evaluation the learner has not answered
    (``evaluations.selectors.certificate_waits_for_evaluation``); the answer queues the issue again.

    Safe to call many times, also concurrently: the enrollment row is locked, and the database allows one
    valid certificate per enrollment (``uniq_valid_certificate_per_enrollment``). Returns None when the course
    grants no certificate or the enrollment is not completed.

    Step one of two: one short transaction takes the serial number (the year's counter stays locked only
    until it commits), creates the row and writes the audit event. Its PDF does not exist yet
    (``file_pending``); once the transaction commits, ``tasks.render_certificate_file`` is queued to render
    and store it (step two, see certificate_file_render).
    """
    with transaction.atomic():
        # Only the enrollment row is locked ("self"): locking the joined course row too would make every issue
        # of one course wait for the others. The profile and unit are read for the certificate's unit name, the
        # enrollment's unit for the webhook event (api/receivers.py builds it from these rows, without a query).
        # Whether it has a final quiz (the certificate then states the score) and whether it holds a class seat
        # (then the class is read for the certificate's statement) are read in the same statement; its
        # certificates are not: read after the lock is granted, they include one a concurrent issue has
        # just committed (a subquery here would see the statement's older snapshot).
        enrollment = _LOCKED_ENROLLMENT.first(enrollment.pk)
        if enrollment is None:
            raise Enrollment.DoesNotExist("no such enrollment")
        course = enrollment.course
        if not records.is_completed(enrollment=enrollment) or not course.grants_certificate:
            return None
        if certificate_waits_for_evaluation(enrollment=enrollment):
            # The course requires its evaluation first: evaluation_answered (or reconcile) issues it later.
            return None
        issued = list(Certificate.objects.filter(enrollment=enrollment).order_by("pk"))
        existing = next((certificate for certificate in issued if certificate.revoked_at is None), None)
        if existing:
            return existing
        if issued:
            # Only revoked ones: a revocation is never undone by issuing again (a late task, a re-completion,
            # the reconcile command). A new certificate after revocation comes from certificate_reissue only.
            return None
        return _issue(enrollment=enrollment, by=by, has_final_quiz=enrollment.has_final_quiz)


def _has_final_quiz() -> Exists:
    """Whether the enrollment has an attempt at its course's final quiz (an annotation of Enrollment)."""
    return Exists(QuizAttempt.objects.filter(enrollment=OuterRef("pk"), quiz__is_final=True))


# certificate_issue's read of the enrollment it locks, compiled once per process (accounts.prepared): with its
# joins and two subqueries, compiling it cost several times what running it does (#20, 28 certificates/s).
_LOCKED_ENROLLMENT = PreparedQuery(
    lambda pk: (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related(
            "course", "course__evaluation_setting", "user", "user__profile__organisation_unit", "unit"
        )
        .annotate(has_final_quiz=_has_final_quiz(), holds_class_seat=class_selectors.holds_class_seat())
        .filter(pk=pk)[:1]
    )
)


def _issue(
    *,
    enrollment: Enrollment,
    by: User | None,
    replacing: Certificate | None = None,
    has_final_quiz: bool | None = None,
) -> Certificate:
    """Take the serial and write the row and its audit event (inside the caller's transaction, the enrollment
    locked). ``has_final_quiz`` is read here when the caller has not read it with the enrollment."""
    course = enrollment.course
    template = selectors.template_for(course=course) or ensure_default_template()
    now = timezone.now()
    year = timezone.localtime(now).year
    profile = getattr(enrollment.user, "profile", None)
    completed_on = timezone.localtime(enrollment.completed_at).date()
    if has_final_quiz is None:
        has_final_quiz = QuizAttempt.objects.filter(enrollment=enrollment, quiz__is_final=True).exists()
    # The counter is locked from here to the commit: only inserts follow, no rendering.
    sequence = _next_serial(year)
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
        class_statement=class_selectors.class_statement(enrollment=enrollment),
        hours=course.estimated_hours,
        completed_on=completed_on,
        score=enrollment.final_score if has_final_quiz else None,
        issuer_name=template.issuer_name,
        signing=signing_snapshot(template),
        issued_at=now,
        expires_on=_add_months(completed_on, course.certificate_validity_months)
        if course.certificate_validity_months
        else None,
    )
    CertificateEvent.objects.create(
        certificate=certificate,
        action=CertificateEvent.Action.REISSUE if replacing else CertificateEvent.Action.ISSUE,
        actor=by,
        details={"serial": certificate.serial, "replaces": replacing.serial if replacing else None},
    )
    _queue_render(certificate)
    return certificate


def _queue_render(certificate: Certificate, *, force: bool = False) -> None:
    # After the commit: the worker must find the row, and a rolled-back issue must render nothing.
    transaction.on_commit(partial(tasks.render_certificate_file.enqueue, certificate.pk, force=force))


#: What rendering reads besides the certificate row: its template and the template's images, in one query.
RENDER_RELATED = ("template", "template__logo", "template__signature_image", "template__seal_image")
REASON_MAX_LENGTH = 2000  # of a revocation or reissue reason


def certificate_file_render(*, certificate: Certificate, force: bool = False, reload: bool = True) -> bool:
    """Render the certificate's PDF from its row and its current template, and store it: step two of issuing,
    also the work of regenerating. Returns True when a file was stored, False when there was nothing to do.

    Idempotent, safe to run twice or at once: it skips a certificate whose stored file exists and was rendered
    from the same HTML (``pdf_source_sha256``) unless ``force`` (regenerating after new fonts or a new
    WeasyPrint, which the HTML does not show), and a revoked certificate that has its file (the stored PDF
    stays the one issued). Rendering holds no lock and no transaction; the new file is recorded by one
    ``UPDATE`` on the condition that the row still names the file it was read with. Only when another run
    recorded a file meanwhile is the row locked to decide: a run that finds the same document recorded
    deletes its own copy, so one file remains. The serial, the code and what the certificate states never
    change here. Side effects: one file written (the one it replaces, if any, deleted after the commit).

    The row is read again unless ``reload`` is False, which a caller that has just read it with
    ``select_related(*RENDER_RELATED)`` may pass (the task does, saving a query per certificate).
    """
    if reload:
        certificate = Certificate.objects.select_related(*RENDER_RELATED).get(pk=certificate.pk)
    html = certificate_document(
        certificate=certificate,
        template=certificate.template,
        qr_uri=qr_data_uri(verification_url(certificate)),
    )
    source = hashlib.sha256(html.encode()).hexdigest()
    if certificate.revoked_at and _has_file(certificate):
        return False
    if not force and _has_file(certificate, source):
        return False
    data = certificate_pdf(html=html)
    field = certificate.pdf.field
    storage = certificate.pdf.storage
    name = storage.save(
        field.generate_filename(certificate, f"giay-chung-nhan-{certificate.serial}.pdf"), ContentFile(data)
    )
    recorded = {"pdf": name, "pdf_sha256": hashlib.sha256(data).hexdigest(), "pdf_source_sha256": source}
    # The usual case, in one statement: the row still names the file it named when it was read (none, for a
    # new certificate), so no other run recorded one meanwhile.
    if Certificate.objects.filter(pk=certificate.pk, pdf=certificate.pdf.name or "").update(**recorded):
        if certificate.pdf.name:
            # A regenerated PDF gets a new random name; the old file goes once the new one is committed.
            transaction.on_commit(partial(storage.delete, certificate.pdf.name))
        return True
    with transaction.atomic():
        current = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if _has_file(current, source):
            transaction.on_commit(partial(storage.delete, name))  # another run stored this document meanwhile
            return False
        Certificate.objects.filter(pk=certificate.pk).update(**recorded)
        if current.pdf.name:
            transaction.on_commit(partial(storage.delete, current.pdf.name))
    return True


def _has_file(certificate: Certificate, source: str | None = None) -> bool:
    if not certificate.pdf or (source is not None and certificate.pdf_source_sha256 != source):
        return False
    return certificate.pdf.storage.exists(certificate.pdf.name)


def _check_manager(by: User, certificate: Certificate) -> None:
    if not selectors.certificates_visible_to(user=by).filter(pk=certificate.pk).exists():
        raise CertificateError(_("You may not manage this certificate."))


def _check_reason_length(reason: str) -> None:
    # Refused rather than cut: the stored reason is what the verification page and the stamp show.
    if len(reason) > REASON_MAX_LENGTH:
        raise CertificateError(
            _("The reason is longer than %(max)s characters; shorten it.") % {"max": REASON_MAX_LENGTH}
        )


def certificate_revoke(*, certificate: Certificate, reason: str, by: User) -> Certificate:
    """Revoke a valid certificate with a reason of at most REASON_MAX_LENGTH characters (administrators, or
    HR of the owner's unit). Idempotent."""
    _check_manager(by, certificate)
    reason = reason.strip()
    if not reason:
        raise CertificateError(_("Give the reason for revoking the certificate."))
    _check_reason_length(reason)
    with transaction.atomic():
        updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason, revoked_by=by
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
    one is revoked with a reference to the new one. One short transaction; the new PDF is rendered after it
    commits, like an issue's (certificate_file_render)."""
    _check_manager(by, certificate)
    if certificate.revoked_at:
        raise CertificateError(_("A revoked certificate cannot be reissued."))
    _check_reason_length(reason.strip())
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
    """Render the PDF again with the course's current template (its look and images; the signing block stays
    the one issued); the serial, the code and what it states stay the same.

    Records the template and the audit event in one short transaction and queues
    ``tasks.render_certificate_file`` after the commit; the new file replaces the old one when it is stored.
    """
    template = selectors.template_for(course=certificate.course) or certificate.template
    with transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(template=template)
        certificate.template = template
        CertificateEvent.objects.create(
            certificate=certificate,
            action=CertificateEvent.Action.REGENERATE,
            actor_id=by_id,
            details={"template": template.pk, "previous_sha256": certificate.pdf_sha256},
        )
        _queue_render(certificate, force=True)
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


def certificates_reconcile(*, minutes: int | None = None) -> dict[str, int]:
    """Finish what lost tasks left undone; run periodically (``manage.py reconcile_certificates``, after
    ``recover_tasks``). Safe to run again and at the same time as the workers.

    * Issues the certificates of completed enrollments of certificate-granting courses that have no certificate
      at all (never one revoked: a revocation stands): the issue task failed or never ran.
    * Queues the render of certificates issued more than ``minutes`` ago (LMS_TASK_STUCK_MINUTES) that still
      have no file: the render task was lost after the issue committed. Younger ones are probably still queued;
      rendering twice would be harmless anyway (certificate_file_render skips a stored file).

    Returns {"issued": n, "rendered": m} (m renders queued).
    """
    minutes = settings.LMS_TASK_STUCK_MINUTES if minutes is None else minutes
    missing = Enrollment.objects.filter(
        records.completed_q(), course__grants_certificate=True, certificates__isnull=True
    ).values_list("pk", flat=True)
    issued = 0
    for enrollment_id in list(missing.iterator(chunk_size=500)):
        certificate = certificate_issue(enrollment=Enrollment(pk=enrollment_id))
        issued += certificate is not None
    without_file = Certificate.objects.filter(
        pdf="", issued_at__lt=timezone.now() - timedelta(minutes=minutes)
    ).values_list("pk", flat=True)
    rendered = 0
    for certificate_id in list(without_file.iterator(chunk_size=500)):
        tasks.render_certificate_file.enqueue(certificate_id)
        rendered += 1
    return {"issued": issued, "rendered": rendered}
