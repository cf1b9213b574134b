"""SCORM packages (snippets chosen by a lesson's SCORM block) and each learner's cmi data per lesson."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


def scorm_storage():
    """Private storage (never under MEDIA_ROOT); only ``scorm.views`` hands its files out."""
    return storages["scorm"]


def _zip_name(instance, filename):
    return f"{instance.key}/package.zip"


class ScormPackage(index.Indexed, models.Model):
    """A SCORM 1.2 or 2004 package as uploaded, then checked (``scorm.package``) and unpacked under
    ``<key>/content/`` by a background task (``scorm.tasks.unpack_scorm_package``)."""

    class State(models.TextChoices):
        PENDING = "pending", _("being checked")
        READY = "ready", _("ready")
        REFUSED = "refused", _("refused")

    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("SCORM package (.zip)"), storage=scorm_storage, upload_to=_zip_name, max_length=255
    )
    # A new upload gets a new key: files of an older version are never mixed with the new ones.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.CharField(_("SCORM version"), max_length=8, default="1.2", editable=False)
    launch_path = models.CharField(_("launch file"), max_length=1000, editable=False, blank=True)
    launch_query = models.CharField(max_length=1000, editable=False, blank=True)
    files = models.JSONField(default=list, editable=False)
    total_bytes = models.BigIntegerField(default=0, editable=False)
    unpacked_at = models.DateTimeField(null=True, editable=False)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.PENDING, editable=False
    )
    refusal = models.TextField(_("reason for refusal"), blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")
        ordering = ["title"]

    def __str__(self):
        return self.title


class ScormAttempt(models.Model):
    """One learner's cmi data for one package in one lesson, resumed on the next launch.

    ``lesson_status`` is the platform's summary for both versions (SCORM 2004's completion and success
    statuses are kept as they were sent too). Interactions and objectives are kept bounded
    (``LMS_SCORM_MAX_INTERACTIONS``/``LMS_SCORM_MAX_OBJECTIVES``), merged by their ``id``.
    """

    class Status(models.TextChoices):
        NOT_ATTEMPTED = "not attempted", _("not attempted")
        BROWSED = "browsed", _("browsed")
        INCOMPLETE = "incomplete", _("incomplete")
        COMPLETED = "completed", _("completed")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorm_attempts"
    )
    lesson = models.ForeignKey("cms.LessonPage", on_delete=models.CASCADE, related_name="+")
    package = models.ForeignKey(ScormPackage, on_delete=models.CASCADE, related_name="attempts")
    lesson_status = models.CharField(
        _("lesson status"), max_length=16, choices=Status.choices, default=Status.NOT_ATTEMPTED
    )
    score_raw = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    score_min = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    score_max = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    score_scaled = models.DecimalField(
        _("scaled score"), max_digits=8, decimal_places=7, null=True, blank=True
    )
    completion_status = models.CharField(max_length=16, blank=True)
    success_status = models.CharField(max_length=16, blank=True)
    lesson_location = models.CharField(_("location"), max_length=1000, blank=True)
    suspend_data = models.TextField(_("suspend data"), blank=True)
    exit = models.CharField(max_length=16, blank=True)
    session_time = models.CharField(max_length=64, blank=True)
    total_time = models.CharField(max_length=64, default="0000:00:00.00")
    interactions = models.JSONField(default=list, blank=True)
    objectives = models.JSONField(default=list, blank=True)
    commits = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("SCORM attempt")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson", "package"], name="uniq_scorm_attempt_user_lesson_package"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.package}"
