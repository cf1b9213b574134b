"""The lesson block that plays an uploaded video or audio file (``cms.blocks.LessonStreamBlock`` "media"),
and the embed field that explains itself when a closed network cannot reach the provider."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtailmedia.blocks import AbstractMediaChooserBlock


def duration_label(seconds: float | None) -> str:
    """``m:ss`` (or ``h:mm:ss``) of a probed duration; empty when unknown. The player shows no duration before
    play (nothing is preloaded), so the page states it."""
    if not seconds:
        return ""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class MediaChooserBlock(AbstractMediaChooserBlock):
    def render_basic(self, value, context=None):
        return value.title if value else ""


class LessonMediaBlock(blocks.StructBlock):
    """A video or audio played by the browser's own player, from the platform (never a public address), with
    its caption tracks; the learner's watched ranges are recorded and may be required before the lesson is done.
    """

    media = MediaChooserBlock(label=_("Video or audio file"))
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    required_percent = blocks.IntegerBlock(
        label=_("Watched at least (%)"),
        min_value=0,
        max_value=100,
        default=0,
        help_text=_(
            "The lesson can be marked as done only after this share has been watched (0: no requirement)."
        ),
    )
    transcript = blocks.TextBlock(label=_("Transcript"), required=False)

    def get_context(self, value, parent_context=None):
        """The same markup for every visitor (the lesson body may be cached): addresses, poster, duration and
        captions only. The learner's resume position and watched share come from ``lesson_watch_state``,
        rendered beside the body by the lesson page."""
        context = super().get_context(value, parent_context=parent_context)
        media, page = value["media"], (parent_context or {}).get("page")
        if media is None or page is None:
            context["unavailable"] = True
            return context
        args = {"lesson_id": page.pk, "media_id": media.pk}
        context.update(
            media=media,
            src=reverse("lessonmedia:file", kwargs=args),
            poster=reverse("lessonmedia:poster", kwargs=args) if media.thumbnail else "",
            progress_url=reverse("lessonmedia:progress", kwargs=args),
            duration=duration_label(media.duration),
            tracks=[
                (caption, reverse("lessonmedia:caption", kwargs={**args, "caption_id": caption.pk}))
                for caption in media.captions.all()
            ],
            report_seconds=settings.LMS_MEDIA_REPORT_SECONDS,
        )
        return context

    class Meta:
        icon = "media"
        template = "blocks/lesson_media.html"
        label = _("Video or audio (uploaded)")


class OfflineFriendlyEmbedBlock(EmbedBlock):
    """An embed URL (YouTube…) whose error says what to do when the provider cannot be reached."""

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            raise ValidationError(
                _(
                    "The video at this address cannot be fetched (the network may block the provider). Upload "
                    "the file under Media and use the “Video or audio (uploaded)” block instead."
                )
            ) from None
