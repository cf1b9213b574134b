"""The form blocks a trainer writes new questions with on the quiz's own edit form (#14).

These are admin input blocks, not page content: nothing stores them. ``QuizForm`` turns each block into a
bank question (``question_drafts``) when the quiz is saved, then the stream starts empty again. Page blocks
stay in ``cms/blocks.py``.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from accounts.text import nfc

from .importers.writer import NAME_MAX, QuestionDraft, fallback_name
from .models import Question

OPTION_ROWS = 4
FRACTION_PLACES = Decimal("0.00001")


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Option"), required=False, max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)

    class Meta:
        icon = "radio-full"
        label = _("Option")
        form_classname = "quiz-option-block"


class NewQuestionBlock(blocks.StructBlock):
    """One new question: its text, its kind, and up to a few options of which the ticked ones are right."""

    text = blocks.TextBlock(label=_("Question text"), rows=2)
    kind = blocks.ChoiceBlock(
        label=_("Question type"),
        choices=[
            ("choice", _("Choice: one or more correct options")),
            ("short", _("Short answer: every option is an accepted answer")),
        ],
        default="choice",
        help_text=_(
            "Choice: one ticked option makes a single-choice question, several make a multiple-choice one "
            "(all of them needed). Short answer: learners type the answer; spelling accents and capitals "
            "do not matter."
        ),
    )
    options = blocks.ListBlock(
        OptionBlock(),
        label=_("Options"),
        # The first row starts ticked: trainers usually write the right answer first, and learners see
        # the options shuffled (the quiz's "shuffle options", on by default).
        default=[{"text": "", "correct": index == 0} for index in range(OPTION_ROWS)],
        collapsed=False,
        help_text=_(
            "Empty rows are ignored. The first option starts ticked as correct: write the right answer "
            "there, or tick another one."
        ),
    )
    points = blocks.DecimalBlock(
        label=_("Points"), default=Decimal("1"), min_value=Decimal("0.01"), max_value=Decimal("9999.99")
    )
    feedback = blocks.TextBlock(
        label=_("Feedback"),
        required=False,
        rows=1,
        help_text=_("Shown after the attempt, if the quiz allows."),
    )

    class Meta:
        icon = "help"
        label = _("New question")
        form_classname = "quiz-new-question-block"

    def clean(self, value):
        value = super().clean(value)
        rows = _filled(value)
        errors = {}
        if value["kind"] == "choice":
            if len(rows) < 2:
                errors["options"] = ValidationError(_("Give at least two options."))
            elif not any(correct for _text, correct in rows):
                errors["options"] = ValidationError(_("Tick at least one correct option."))
        elif not rows:
            errors["options"] = ValidationError(_("Give at least one accepted answer."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class NewQuestionsBlock(blocks.StreamBlock):
    question = NewQuestionBlock()

    class Meta:
        required = False

    def value_from_datadict(self, data, files, prefix):
        # A post without the stream (a script, an older form) writes no new questions rather than failing.
        if f"{prefix}-count" not in data:
            return self.to_python([])
        return super().value_from_datadict(data, files, prefix)


def _filled(value) -> list[tuple[str, bool]]:
    rows = []
    for option in value["options"]:
        text = nfc(option["text"] or "")
        if text:
            rows.append((text, bool(option["correct"])))
    return rows


def question_drafts(stream, *, category: tuple[str, ...]) -> list[QuestionDraft]:
    """The bank questions the cleaned ``stream`` of NewQuestionBlocks describes, filed under ``category``."""
    drafts = []
    for child in stream:
        value = child.value
        text = "\n".join(line for line in (nfc(line) for line in value["text"].splitlines()) if line)
        rows = _filled(value)
        if value["kind"] == "short":
            qtype = Question.Type.SHORT
            choices = [(answer, Decimal("1"), "") for answer, _correct in rows]
        else:
            right = sum(1 for _text, correct in rows if correct)
            qtype = Question.Type.SINGLE if right == 1 else Question.Type.MULTIPLE
            share = (Decimal(1) / right).quantize(FRACTION_PLACES, rounding=ROUND_HALF_UP)
            choices = [(option, share if correct else Decimal(0), "") for option, correct in rows]
        drafts.append(
            QuestionDraft(
                category=category,
                type=qtype,
                name=fallback_name(text)[:NAME_MAX],
                text=text,
                points=value["points"],
                feedback=(value["feedback"] or "").strip(),
                choices=choices,
            )
        )
    return drafts
