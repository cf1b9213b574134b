"""Certificates (giấy chứng nhận), their templates and their audit trail."""

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel

from accounts.validators import validate_multiline, validate_person_name, validate_single_line


def certificate_storage():
    """The private storage of certificate PDFs and ZIP archives (no public URL; see ADR 0010)."""
    return storages["certificates"]


def _random_name(suffix: str) -> str:
    return f"{timezone.now():%Y}/{secrets.token_urlsafe(24)}{suffix}"


def certificate_pdf_path(instance, filename: str) -> str:
    """An unguessable name: the serial is printed on the paper, so it must not locate the file."""
    return _random_name(".pdf")


def certificate_archive_path(instance, filename: str) -> str:
    # ZIP archives are jobs now (jobs.Job, kind "certificates.archive"); migrations still name this function.
    return f"archives/{_random_name('.zip')}"


def new_verification_code() -> str:
    """192 random bits, URL-safe: the public code printed in the QR code."""
    return secrets.token_urlsafe(24)


class CertificateTemplate(ClusterableModel):
    """The look and wording of a certificate, edited by administrators as a Wagtail snippet.

    ``body`` may use the placeholders {learner_name}, {course_title}, {hours}, {completion_date}, {unit},
    {serial} and {score}. A course uses the template that lists it, otherwise the default template.
    """

    class PageSize(models.TextChoices):
        A4 = "A4", "A4"
        A5 = "A5", "A5"
        LETTER = "Letter", "Letter"

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("Landscape")
        PORTRAIT = "portrait", _("Portrait")

    name = models.CharField(_("name"), max_length=255)
    is_default = models.BooleanField(_("default template"), default=False)
    courses = ParentalManyToManyField(
        "cms.CoursePage", verbose_name=_("courses using this template"), blank=True, related_name="+"
    )
    issuer_parent = models.CharField(
        _("governing body"),
        max_length=255,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            "Printed above the issuing body, top left, when a department issues: e.g. "
            "“Ủy ban nhân dân tỉnh Tây Ninh” above “Sở Xây dựng”. Leave empty when the province issues."
        ),
    )
    issuer_name = models.CharField(
        _("issuing body"),
        max_length=255,
        default="Ủy ban nhân dân tỉnh Tây Ninh",
        validators=[validate_single_line],
    )
    title = models.CharField(
        _("title"), max_length=255, default="GIẤY CHỨNG NHẬN", validators=[validate_single_line]
    )
    body = models.TextField(
        _("body text"),
        default="Đã hoàn thành khóa bồi dưỡng “{course_title}” ({hours} giờ)\nĐơn vị: {unit}\n"
        "Ngày hoàn thành: {completion_date}",
        help_text=_(
            "Placeholders: {learner_name}, {course_title}, {hours}, {completion_date}, {unit}, {serial}, {score}."
        ),
    )
    place = models.CharField(
        _("place of issue"), max_length=100, default="Tây Ninh", validators=[validate_single_line]
    )
    signing_authority = models.TextField(
        _("signing capacity"),
        max_length=300,
        blank=True,
        default="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        validators=[validate_multiline],
        help_text=_(
            "The lines above the signer's title, one per line, e.g. “TM. ỦY BAN NHÂN DÂN” and “KT. CHỦ TỊCH”."
        ),
    )
    signer_title = models.CharField(
        _("signer's title"), max_length=255, default="PHÓ CHỦ TỊCH", validators=[validate_single_line]
    )
    signer_name = models.CharField(
        _("signer's name"), max_length=150, blank=True, validators=[validate_person_name]
    )
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seal_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("seal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A PNG with a transparent background; printed over the left part of the signature."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_color = models.CharField(_("main colour"), max_length=7, default="#8b1a1a")
    accent_color = models.CharField(_("border colour"), max_length=7, default="#b8860b")
    page_size = models.CharField(_("page size"), max_length=10, choices=PageSize.choices, default=PageSize.A4)
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="uniq_default_template"
            )
        ]

    def __str__(self):
        return self.name


class SerialCounter(models.Model):
    """The last serial number issued in a year; locked while issuing, so serials have no gaps."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class Certificate(models.Model):
    """One issued certificate. What it states is copied at issue time and never changes afterwards."""

    enrollment = models.ForeignKey(
        "courses.Enrollment", on_delete=models.PROTECT, related_name="certificates"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates")
    course = models.ForeignKey("cms.CoursePage", on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(CertificateTemplate, on_delete=models.PROTECT, related_name="certificates")
    serial = models.CharField(_("serial number"), max_length=32, unique=True)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    verification_code = models.CharField(
        max_length=64, unique=True, default=new_verification_code, editable=False
    )
    learner_name = models.CharField(_("learner's name"), max_length=150)
    unit_name = models.CharField(_("organisation unit"), max_length=255, blank=True)
    course_title = models.CharField(_("course"), max_length=255)
    # The class the learner completed the course in, with its dates (classes.selectors.class_statement), or
    # empty for a self-paced course.
    class_statement = models.CharField(_("class"), max_length=400, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    completed_on = models.DateField(_("completion date"))
    score = models.DecimalField(_("final score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    issuer_name = models.CharField(_("issuing body"), max_length=255)
    # The template's heading and signing block as they were when the certificate was issued: editing the
    # template later (a new signer) never changes a certificate already issued.
    signing = models.JSONField(_("heading and signing block"), default=dict, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pdf = models.FileField(
        _("PDF"), upload_to=certificate_pdf_path, storage=certificate_storage, blank=True, max_length=200
    )
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    # SHA-256 of the HTML the stored PDF was rendered from: the render task skips a certificate whose file
    # already matches what it would render now (same row, same template look and images).
    pdf_source_sha256 = models.CharField(max_length=64, blank=True)
    expiry_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(revoked_at__isnull=True),
                name="uniq_valid_certificate_per_enrollment",
            ),
            models.UniqueConstraint(fields=["year", "sequence"], name="uniq_certificate_year_sequence"),
        ]

    def __str__(self):
        return self.serial

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    @property
    def status(self) -> str:
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_on and self.expires_on < timezone.localdate():
            return self.Status.EXPIRED
        return self.Status.VALID

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def file_pending(self) -> bool:
        """Issued (serial, row and audit event committed) but its PDF not stored yet: the render task runs
        after the issuing transaction commits."""
        return not self.pdf


class CertificateEvent(models.Model):
    """Audit log: who issued, revoked, reissued or regenerated which certificate, and when."""

    class Action(models.TextChoices):
        ISSUE = "issue", _("Issued")
        REVOKE = "revoke", _("Revoked")
        REISSUE = "reissue", _("Reissued")
        REGENERATE = "regenerate", _("PDF regenerated")
        DOWNLOAD_ZIP = "zip", _("Downloaded as ZIP")
        ARCHIVE_DOWNLOAD = "zip_download", _("ZIP archive downloaded")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events", null=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_action_display()} {self.certificate_id}"
