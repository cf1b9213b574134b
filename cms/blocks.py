"""The one shared StreamField block set. Renaming a block type needs a data migration."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock, TypedTableBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from lessonmedia.blocks import LessonMediaBlock, OfflineFriendlyEmbedBlock


class LabelledCharBlock(blocks.CharBlock):
    """A line of text whose input is named by the block's label. Wagtail draws a StreamField child's input
    without a <label>, so a stream of bare text blocks (a course's learning objectives) left the editor with
    unnamed inputs (axe: critical)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field.widget.attrs["aria-label"] = self.label


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"), choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("note", _("Note")), ("warning", _("Warning")), ("tip", _("Tip"))],
        default="note",
    )
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        label = _("Callout")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Image")


class VideoBlock(blocks.StructBlock):
    """A video from an embed URL or an uploaded file (one of the two), with an optional transcript."""

    embed = OfflineFriendlyEmbedBlock(label=_("Video URL"), required=False)
    file = DocumentChooserBlock(label=_("Video file"), required=False)
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    transcript = blocks.TextBlock(label=_("Transcript"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("embed")) == bool(value.get("file")):
            raise StructBlockValidationError(
                block_errors={
                    "file": ValidationError(_("Give either a video URL or a video file, not both."))
                }
            )
        return value

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        label = _("Video")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "blocks/document.html"
        label = _("Document attachment")


class CaptionedTypedTableBlock(TypedTableBlock):
    """A typed table whose caption is required: screen-reader users hear it before the cells."""

    def clean(self, value):
        value = super().clean(value)
        if not (value.caption or "").strip():
            raise TypedTableBlockValidationError(
                non_block_errors=ErrorList([ValidationError(_("Give the table a caption."))])
            )
        if not value.columns or not value.row_data:
            raise TypedTableBlockValidationError(
                non_block_errors=ErrorList([ValidationError(_("Add at least one column and one row."))])
            )
        return value


class TableBlock(blocks.StructBlock):
    """A data table: column headings, an optional row heading per row, and a caption (all in the markup)."""

    table = CaptionedTypedTableBlock(
        [
            ("text", blocks.CharBlock(label=_("Text"), max_length=500)),
            ("rich_text", blocks.RichTextBlock(label=_("Rich text"), features=["bold", "italic", "link"])),
        ],
        label=_("Rows and columns"),
    )
    row_headers = blocks.BooleanBlock(
        label=_("The first column holds row headings"), required=False, default=True
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # Each cell with its column heading: on a phone the rows stack and every cell shows its heading.
        table = value["table"]
        context["rows"] = [
            [(column["heading"], cell) for column, cell in zip(table.columns, row, strict=True)]
            for row in table.rows
        ]
        return context

    class Meta:
        icon = "table"
        template = "blocks/table.html"
        label = _("Table")


class KeyTakeawaysBlock(blocks.StructBlock):
    items = blocks.ListBlock(blocks.CharBlock(label=_("Takeaway"), max_length=300), label=_("Takeaways"))

    class Meta:
        icon = "list-ul"
        template = "blocks/takeaways.html"
        label = _("Key takeaways")


class SelfCheckChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Choice"), max_length=300)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)


class SelfCheckBlock(blocks.StructBlock):
    """An ungraded question the learner answers for themselves; nothing is recorded."""

    question = blocks.CharBlock(label=_("Question"), max_length=500)
    choices = blocks.ListBlock(SelfCheckChoiceBlock(), label=_("Choices"), min_num=2)
    explanation = blocks.TextBlock(label=_("Explanation"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["correct"] for choice in value["choices"]):
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark at least one choice as correct."))}
            )
        return value

    class Meta:
        icon = "help"
        template = "blocks/self_check.html"
        label = _("Self-check question")


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


class ScormBlock(blocks.StructBlock):
    """A SCORM package (the ``scorm`` app's snippet, named by string: cms sits below it), played in a
    sandboxed frame by ``{% scorm_player %}``."""

    package = SnippetChooserBlock("scorm.ScormPackage", label=_("SCORM package"))
    title = blocks.CharBlock(label=_("Title"), max_length=200)

    class Meta:
        icon = "code"
        template = "blocks/scorm.html"
        label = _("SCORM package")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Rich text"), icon="pilcrow", template="blocks/paragraph.html", features=RICH_TEXT_FEATURES
    )
    callout = CalloutBlock()
    image = CaptionedImageBlock()


class LessonStreamBlock(BaseStreamBlock):
    video = VideoBlock()
    media = LessonMediaBlock()
    document = DocumentBlock()
    table = TableBlock()
    takeaways = KeyTakeawaysBlock()
    self_check = SelfCheckBlock()
    scorm = ScormBlock()
