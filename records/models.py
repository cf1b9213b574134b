"""The official's training record (quá trình đào tạo, bồi dưỡng): training done elsewhere and annual targets.

Training completed on the platform is not copied here: it is read from ``courses.Enrollment`` (with the
class it was completed in and its certificate) by ``records.selectors``. See docs/decisions/0033.
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_multiline, validate_single_line


def evidence_storage():
    """Private storage (no URL): evidence files are handed out only by the record views, after a check."""
    return storages["certificates"]


def evidence_path(entry: "ExternalTraining", filename: str) -> str:
    # An unguessable folder per entry; the name the official gave is kept only as ``evidence_name``.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{entry.public_id.hex}/{uuid.uuid4().hex}.{extension}"


class ExternalTraining(models.Model):
    """Training done elsewhere (khóa bồi dưỡng bên ngoài), entered by HR (approved at once) or submitted by
    the official with an evidence file and approved or rejected by HR in scope."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        SELF = "self", _("Submitted by the official")
        HR = "hr", _("Entered by HR")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_trainings"
    )
    title = models.CharField(_("training name"), max_length=255, validators=[validate_single_line])
    provider = models.CharField(_("organised by"), max_length=255, validators=[validate_single_line])
    content_category = models.ForeignKey(
        "cms.ContentCategory",
        verbose_name=_("content category"),
        on_delete=models.PROTECT,
        related_name="external_trainings",
    )
    periods = models.PositiveSmallIntegerField(_("periods"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    certificate_number = models.CharField(
        _("certificate number"), max_length=64, blank=True, validators=[validate_single_line]
    )
    certificate_issuer = models.CharField(
        _("issued by"), max_length=255, blank=True, validators=[validate_single_line]
    )
    evidence = models.FileField(
        _("evidence"), storage=evidence_storage, upload_to=evidence_path, blank=True, max_length=255
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_type = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.SELF)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(
        _("reason for rejection"), blank=True, validators=[validate_multiline]
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("external training")
        verbose_name_plural = _("external trainings")
        ordering = ["-ends_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="external_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(periods__gt=0), name="external_periods_positive"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="external_rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "status", "ends_on"], name="external_user_status_end"),
            models.Index(fields=["status", "created_at"], name="external_status_created"),
        ]

    def __str__(self):
        return f"{self.title} ({self.user_id}, {self.status})"


class TrainingTarget(models.Model):
    """An annual target in periods (chỉ tiêu bồi dưỡng hằng năm) for a unit and its subtree, or for a position.

    A person's target for a year is the target of their position where one exists, else that of their unit
    or its nearest ancestor (``records.selectors.target_for``).
    """

    year = models.PositiveSmallIntegerField(_("year"))
    periods = models.PositiveSmallIntegerField(_("periods per year"))
    unit = models.ForeignKey(
        "accounts.OrganisationUnit",
        verbose_name=_("organisation unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_targets",
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("annual training target")
        verbose_name_plural = _("annual training targets")
        ordering = ["-year", "unit__path", "position"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(position="")) | (Q(unit__isnull=True) & ~Q(position="")),
                name="target_unit_xor_position",
            ),
            models.UniqueConstraint(
                fields=["year", "unit"], condition=Q(unit__isnull=False), name="uniq_target_year_unit"
            ),
            models.UniqueConstraint(
                fields=["year", "position"], condition=Q(unit__isnull=True), name="uniq_target_year_position"
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.periods} ({self.unit_id or self.position})"
