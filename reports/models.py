"""Exports of HR reports: background jobs for large files and the audit log of every export."""

import uuid

from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.TextChoices):
    """The reports that can be exported; the value is also the name used in export URLs."""

    UNITS = "units", _("Completion by organisation unit")
    COURSES = "courses", _("Completion by course")
    TRACKS = "tracks", _("Completion by track")
    MONTHS = "months", _("Completion over time")
    LEARNERS = "learners", _("Learners of a unit")
    ENROLLMENTS = "enrollments", _("Enrolment details")
    TRANSCRIPT = "transcript", _("Learner transcript")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


def export_storage():
    """Where export files go: a dedicated ``reports_exports`` storage when configured, else media.

    Files are only ever served through the owner-checked download view; a deployment that serves MEDIA_URL
    publicly should configure ``STORAGES["reports_exports"]`` outside it (or deny ``/media/exports/``).
    """
    return storages["reports_exports"] if "reports_exports" in settings.STORAGES else default_storage


def export_upload_to(job: "ExportJob", filename: str) -> str:
    # An unguessable folder per job, so a file name never reveals or collides with another job's.
    return f"exports/{job.public_id.hex}/{filename}"


class ExportJob(models.Model):
    """One large export built in the background; only its owner may see or download it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    report = models.CharField(_("report"), max_length=16, choices=Report.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=8, choices=ExportFormat.choices)
    language = models.CharField(_("language"), max_length=16, default="vi")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("expected rows"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows written"), default=0)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), storage=export_storage, upload_to=export_upload_to, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="exportjob_progress_at_most_100"
            )
        ]

    def __str__(self):
        return f"{self.get_report_display()} ({self.format}) — {self.user}"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class ExportLog(models.Model):
    """Audit trail: who exported which report, over which units, with which filters, and how many rows.

    The row is written when the export starts and completed when the last row has been written, so an
    interrupted download still leaves a trace (``completed`` stays false).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="export_logs"
    )
    report = models.CharField(_("report"), max_length=16, choices=Report.choices)
    scope = models.JSONField(_("organisation units"), default=list, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=8, choices=ExportFormat.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    completed = models.BooleanField(_("completed"), default=False)
    job = models.ForeignKey(ExportJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="logs")
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.report}.{self.format} ({self.rows})"
