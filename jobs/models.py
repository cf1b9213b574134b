"""Background jobs that build one file (or do one long import) for one person: see docs/decisions/0020."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def job_storage():
    """The private storage of the certificate files (no public URL): only the download view hands a file out."""
    return storages["certificates"]


def job_file_path(job: "Job", filename: str) -> str:
    # An unguessable folder per job, so a file name never reveals or collides with another job's.
    return f"jobs/{job.public_id.hex}/{filename}"


class Job(models.Model):
    """One piece of background work of a registered kind (jobs.registry), requested by ``owner``.

    The kind's callable writes the file; the runner (jobs.services.job_run) keeps status and progress, stores
    the file privately and sets ``expires_at``, after which ``purge_job_files`` deletes the file (the row stays).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=16, default="vi")
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    file = models.FileField(
        _("file"), storage=job_storage, upload_to=job_file_path, blank=True, max_length=255
    )
    # What the kind reports when it ends (rows written, counts, the certificates in a ZIP, import errors).
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("file kept until"), null=True, blank=True, db_index=True)
    purged_at = models.DateTimeField(_("file deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "kind", "-created_at"], name="job_owner_kind_created")]

    def __str__(self):
        return f"{self.kind} {self.public_id} ({self.status})"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(99, 100 * self.progress_done // self.progress_total)

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class JobEvent(models.Model):
    """Audit trail of a job: who requested it, how it ended, who downloaded its file, when the file went."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")
        DOWNLOADED = "downloaded", _("Downloaded")
        PURGED = "purged", _("File deleted")

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("job event")
        verbose_name_plural = _("job events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.job_id}"
