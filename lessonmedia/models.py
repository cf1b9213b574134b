"""Lesson video and audio (a wagtailmedia model of our own), their caption tracks, and who watched what."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtailmedia.models import AbstractMedia


def lesson_media_storage():
    """The private storage (``STORAGES["lesson_media"]``): no public URL, only lessonmedia's checked views."""
    return storages["lesson_media"]


class LessonMedia(AbstractMedia):
    """A video or audio file uploaded by a trainer (wagtailmedia's admin: "Media").

    ``duration``, ``width``, ``height`` and, when the trainer gave none, the poster (``thumbnail``) are read by
    ffprobe/ffmpeg in the ``probe_lesson_media`` task after upload.
    """

    class ProbeStatus(models.TextChoices):
        PENDING = "pending", _("Waiting to be read")
        DONE = "done", pgettext_lazy("media file", "Read")
        FAILED = "failed", _("Could not be read")

    file = models.FileField(upload_to="files", storage=lesson_media_storage, verbose_name=_("file"))
    thumbnail = models.FileField(
        upload_to="posters",
        storage=lesson_media_storage,
        blank=True,
        verbose_name=_("poster image"),
        help_text=_("Shown before the video plays (JPEG, PNG or WebP). Left empty: a frame of the video."),
    )
    probe_status = models.CharField(
        _("file check"),
        max_length=10,
        choices=ProbeStatus.choices,
        default=ProbeStatus.PENDING,
        editable=False,
    )
    probed_file = models.CharField(max_length=255, blank=True, editable=False)

    # No "tags": wagtailmedia's tag field is a jQuery widget whose text box has no label (axe: critical), and
    # trainers find lesson files by title and collection.
    admin_form_fields = ("title", "file", "collection", "thumbnail")
    search_fields = [*AbstractMedia.search_fields, index.FilterField("probe_status")]

    class Meta:
        verbose_name = _("video or audio")
        verbose_name_plural = _("videos and audio")

    @property
    def mime_type(self) -> str:
        extension = self.file_extension.lower()
        if self.type == "audio":
            return {"mp3": "audio/mpeg", "m4a": "audio/mp4", "wav": "audio/wav"}.get(extension, "audio/ogg")
        return {"mp4": "video/mp4"}.get(extension, "video/webm")


class CaptionLanguage(models.TextChoices):
    VIETNAMESE = "vi", _("Vietnamese")
    ENGLISH = "en", _("English")
    KHMER = "km", _("Khmer")
    CHINESE = "zh", _("Chinese")


def validate_webvtt(upload) -> None:
    """A WebVTT file: UTF-8, starting with the ``WEBVTT`` signature, at most 512 KB."""
    if upload.size > 512 * 1024:
        raise ValidationError(_("A caption file may be at most 512 KB."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if isinstance(head, str):
        head = head.encode()
    if not head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        raise ValidationError(_("This is not a WebVTT caption file (it must start with WEBVTT)."))
    try:
        upload.read().decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(_("Save the caption file as UTF-8.")) from None
    finally:
        upload.seek(0)


class Caption(models.Model):
    """One caption track (WebVTT) of a video or audio, in one language; Vietnamese is shown by default."""

    media = models.ForeignKey(
        LessonMedia, on_delete=models.CASCADE, related_name="captions", verbose_name=_("video or audio")
    )
    language = models.CharField(
        _("language"), max_length=5, choices=CaptionLanguage.choices, default=CaptionLanguage.VIETNAMESE
    )
    file = models.FileField(
        _("caption file (WebVTT)"),
        upload_to="captions",
        storage=lesson_media_storage,
        validators=[FileExtensionValidator(["vtt"]), validate_webvtt],
    )

    panels = [FieldPanel("media"), FieldPanel("language"), FieldPanel("file")]

    class Meta:
        verbose_name = _("caption track")
        verbose_name_plural = _("caption tracks")
        ordering = ["media", "language"]
        constraints = [
            models.UniqueConstraint(fields=["media", "language"], name="uniq_caption_media_language")
        ]

    def __str__(self):
        return f"{self.media} ({self.get_language_display()})"


class WatchRecord(models.Model):
    """Which seconds of one video one learner watched in one lesson: merged ``[start, end]`` ranges.

    Written only by ``services.watch_report``, which caps each report's growth to wall-clock time (ADR 0029).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    media = models.ForeignKey(LessonMedia, on_delete=models.CASCADE, related_name="watch_records")
    ranges = models.JSONField(default=list)
    watched_seconds = models.FloatField(default=0)
    position = models.FloatField(default=0)
    reported_at = models.DateTimeField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson", "media"], name="uniq_watch_user_lesson_media")
        ]

    def __str__(self):
        return f"{self.user_id}/{self.lesson_id}/{self.media_id}: {self.watched_seconds:.0f} s"
