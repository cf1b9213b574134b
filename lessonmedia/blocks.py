"""The lesson block that plays an uploaded video or audio file (``cms.blocks.LessonStreamBlock`` "media"),
and the embed field that explains itself when a closed network cannot reach the provider."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtailmedia.blocks import AbstractMediaChooserBlock

from .selectors import watch_record, watched_percent


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
        context = super().get_context(value, parent_context=parent_context)
        media, page = value["media"], (parent_context or {}).get("page")
        request = (parent_context or {}).get("request")
        if media is None or page is None:
            context["unavailable"] = True
            return context
        args = {"lesson_id": page.pk, "media_id": media.pk}
        record = watch_record(user=request.user, lesson_id=page.pk, media=media) if request else None
        context.update(
            media=media,
            src=reverse("lessonmedia:file", kwargs=args),
            poster=reverse("lessonmedia:poster", kwargs=args) if media.thumbnail else "",
            progress_url=reverse("lessonmedia:progress", kwargs=args),
            tracks=[
                (caption, reverse("lessonmedia:caption", kwargs={**args, "caption_id": caption.pk}))
                for caption in media.captions.all()
            ],
            tracking=bool(request and request.user.is_authenticated),
            report_seconds=settings.LMS_MEDIA_REPORT_SECONDS,
            position=record.position if record else 0,
            watched=watched_percent(record=record, media=media),
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
