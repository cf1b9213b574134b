"""Exports of HR reports: what can be exported, and the audit log of every export."""

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
    ENROLLMENTS = "enrollments", _("Enrollment details")
    TRANSCRIPT = "transcript", _("Learner transcript")
    CLASS_ATTENDANCE = "class_attendance", _("Class attendance")
    TRAINING_RECORD = "training_record", _("Training records")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    # Only the training-record export (the e-dossier shape, docs/training-record-export.md) has JSON.
    JSON = "json", "JSON"


# Export jobs run on the jobs pipeline (jobs.Job, kind "reports.export"; docs/decisions/0020). These two
# functions stay because migration 0001 names them.
def export_storage():
    return storages["reports_exports"] if "reports_exports" in settings.STORAGES else default_storage


def export_upload_to(job, filename: str) -> str:
    return f"exports/{job.public_id.hex}/{filename}"


class ExportLog(models.Model):
    """Audit trail: who exported which report, over which units, with which filters, and how many rows.

    The row is written when the export starts and completed when the last row has been written, so an
    interrupted download still leaves a trace (``completed`` stays false).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="export_logs",
        verbose_name=_("user"),
    )
    report = models.CharField(_("report"), max_length=16, choices=Report.choices)
    scope = models.JSONField(_("organisation units"), default=list, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=8, choices=ExportFormat.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    completed = models.BooleanField(_("completed"), default=False)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.report}.{self.format} ({self.rows})"


# --- Report summary (docs/decisions/0036-report-summary.md) -----------------------------------------------
# The figures of the unit, track, course and month reports, grouped by (unit, course) and (unit, course,
# month) so the whole province reads a few thousand rows instead of a million enrollments. Rebuilt as a whole
# by ``services.report_summary_refresh`` (the task worker, at most once a minute, and ``manage.py
# refresh_report_summary`` from cron); the selectors read it only while it is younger than
# LMS_REPORTS_SUMMARY_MAX_AGE and the page shows its age, otherwise they count the enrollments directly.


class SummaryState(models.Model):
    """The one row saying when the summary was last rebuilt (pk 1)."""

    refreshed_at = models.DateTimeField(_("summary as of"))
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("report summary state")

    def __str__(self):
        return f"{self.refreshed_at:%Y-%m-%d %H:%M:%S}"


class UnitCourseSummary(models.Model):
    """One (unit, course): the figures of ``selectors._aggregates`` over its learners' enrollments."""

    unit = models.ForeignKey("accounts.OrganisationUnit", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("cms.CoursePage", on_delete=models.CASCADE, related_name="+")
    assigned = models.PositiveIntegerField(default=0)
    enrolled = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    score_sum = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    score_n = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("report summary row")
        constraints = [models.UniqueConstraint(fields=["unit", "course"], name="uniq_summary_unit_course")]

    def __str__(self):
        return f"{self.unit_id}/{self.course_id}"


class UnitMonthSummary(models.Model):
    """Enrollments of one (unit, track) started (``started``) or completed (``finished``) in one local month.

    Grouped by track, not course, so the month chart of the whole province reads about units x tracks x
    months rows (a filter on one course or on the course audience counts directly). A started row and a
    finished row of the same month are separate rows (one of the two counts is 0): the month report only
    ever adds them up. Rows of track ``ALL_TRACKS`` hold each (unit, month)'s sum over the tracks, both counts
    in one row, so the chart without a track filter reads a twelfth of the rows (7,500 for the province).
    """

    ALL_TRACKS = "*"  # no track has this value (cms.models.Track)

    unit = models.ForeignKey("accounts.OrganisationUnit", on_delete=models.CASCADE, related_name="+")
    track = models.CharField(max_length=32)
    month = models.DateField()
    started = models.PositiveIntegerField(default=0)
    finished = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("report summary month")
        # The month chart reads one track's rows (or the ALL_TRACKS ones) of the whole table.
        indexes = [models.Index(fields=["track", "month"], name="reports_month_track_idx")]

    def __str__(self):
        return f"{self.unit_id}/{self.track}/{self.month:%Y-%m}"


class UnitLearnerSummary(models.Model):
    """How many officials (learners of the reports) one unit has."""

    unit = models.OneToOneField(
        "accounts.OrganisationUnit", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    learners = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("report summary learners")

    def __str__(self):
        return f"{self.unit_id}: {self.learners}"
