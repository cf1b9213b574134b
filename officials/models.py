"""One uploaded file of officials, from its dry run to its application (docs/decisions/0032)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models import job_storage


def upload_path(instance: "OfficialImport", filename: str) -> str:
    # An unguessable name: the file holds identification numbers.
    return f"officials/imports/{uuid.uuid4().hex}"


class OfficialImport(models.Model):
    """An HR manager's file of officials: checked first (the dry run, ``plan``), applied only when valid.

    The uploaded file is kept privately until it is applied or found invalid, then deleted: the stored plan
    (counts, bad lines, masked identification numbers) is what stays.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        INVALID = "invalid", _("Has errors")
        READY = "ready", _("Ready to apply")
        APPLYING = "applying", _("Being applied")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("file"), storage=job_storage, upload_to=upload_path, blank=True, max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    deactivate_missing = models.BooleanField(_("mark those missing from a unit's file as having left"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.CHECKING)
    # The dry run: counts, every bad line (line, column, message) and the people it would touch.
    plan = models.JSONField(_("dry run"), default=dict, blank=True)
    # What applying did (counts), or why it stopped.
    result = models.JSONField(_("result"), default=dict, blank=True)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import of officials")
        verbose_name_plural = _("imports of officials")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.filename} ({self.status})"

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)
