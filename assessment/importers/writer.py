"""What both readers produce and the one writer that puts it in the bank.

A reader (``moodle``, ``xlsx``) turns a file into validated ``_Draft`` questions and a list of skipped ones;
``write`` creates the categories, questions, options and pairs in one short transaction.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html.parser import HTMLParser

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.text import nfc

from ..models import Choice, MatchPair, Question, QuestionCategory


class ImportFormatError(ValueError):
    """The file is not a readable Moodle XML export or XLSX template; nothing was imported."""


@dataclass
class ImportReport:
    imported: dict[str, int] = field(default_factory=lambda: {str(t): 0 for t in Question.Type.values})
    skipped: list[dict] = field(default_factory=list)
    categories: int = 0
    # The questions written, in file order: an import started from a quiz attaches them to it.
    question_ids: list[int] = field(default_factory=list)

    @property
    def imported_total(self) -> int:
        return sum(self.imported.values())

    def as_json(self) -> dict:
        return {
            "imported": dict(self.imported),
            "skipped": [dict(item) for item in self.skipped],
            "categories": self.categories,
        }


# --- Shared parsing helpers -------------------------------------------------------------------------


POINTS_MAX = Decimal("9999.99")
FRACTION_PLACES = Decimal("0.00001")
POINTS_PLACES = Decimal("0.01")
NAME_MAX = 255
ANSWER_MAX = 255

# The choices of a true/false question are data the quiz shows, in the bank's language, not UI text.
TRUE_TEXT = "Đúng"
FALSE_TEXT = "Sai"


class _Invalid(Exception):
    """One question cannot be imported; the message (translated) says why."""


@dataclass
class _Draft:
    """A question fully validated and ready to write."""

    category: tuple[str, ...]
    type: str
    name: str
    text: str
    points: Decimal
    feedback: str = ""
    partial_credit: bool = False
    choices: list[tuple[str, Decimal, str]] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    category_info: str = ""
    category_idnumber: str = ""


_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "tr", "table", "ul", "ol", "blockquote", "pre", "section", "article", "dt", "dd"}
    | {f"h{level}" for level in range(1, 7)}
)
_DROPPED_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object"})


class _TextExtractor(HTMLParser):
    """Keeps the text of an HTML fragment: blocks and <br> become line breaks, scripts vanish."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _DROPPED_TAGS:
            self._dropping += 1
        elif tag == "br" or tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _DROPPED_TAGS:
            self._dropping = max(0, self._dropping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._dropping:
            self.parts.append(data)


def _plain(value: str | None, *, html: bool = True, multiline: bool = False) -> str:
    """NFC plain text from ``value``; HTML is stripped unless ``html`` is false (Moodle plain/markdown)."""
    value = value or ""
    if html and ("<" in value or "&" in value):
        parser = _TextExtractor()
        parser.feed(value)
        parser.close()
        value = "".join(parser.parts)
    if not multiline:
        return nfc(value)
    lines = (nfc(line) for line in value.splitlines())
    return "\n".join(line for line in lines if line)


def _category_path(raw: str) -> tuple[str, ...]:
    """Names of a slash-separated path; Moodle writes a slash inside a name as ``//``."""
    names = (nfc(part.replace("//", "/"))[:NAME_MAX] for part in re.split(r"(?<!/)/(?!/)", raw or ""))
    return tuple(name for name in names if name)


def _points(raw, *, default: Decimal = Decimal("1")) -> Decimal:
    text = "" if raw is None else str(raw).strip().replace(",", ".")
    if not text:
        return default
    try:
        points = Decimal(text).quantize(POINTS_PLACES, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        points = None
    if points is None or not points.is_finite() or not Decimal("0") < points <= POINTS_MAX:
        raise _Invalid(
            _("The points “%(value)s” must be a number greater than 0 and at most %(max)s.")
            % {"value": text, "max": POINTS_MAX}
        )
    return points


def _fallback_name(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return first_line if len(first_line) <= 80 else first_line[:79].rstrip() + "…"


# The quiz form's inline questions (``assessment.blocks``) are written by the same writer.
QuestionDraft = _Draft
fallback_name = _fallback_name


# --- Writing -----------------------------------------------------------------------------------------


def _category_for(*, draft: _Draft, cache: dict[tuple[str, ...], QuestionCategory]) -> QuestionCategory:
    """The category at ``draft.category``, creating missing levels and reusing existing ones."""
    parent = None
    for depth in range(1, len(draft.category) + 1):
        key = draft.category[:depth]
        if key not in cache:
            cache[key] = QuestionCategory.objects.get_or_create(parent=parent, name=key[-1])[0]
        parent = cache[key]
    # Describe the leaf from the export, without overwriting what someone already wrote in the bank.
    changed = []
    if draft.category_info and not parent.info:
        parent.info, changed = draft.category_info, [*changed, "info"]
    if draft.category_idnumber and not parent.idnumber:
        parent.idnumber, changed = draft.category_idnumber, [*changed, "idnumber"]
    if changed:
        parent.save(update_fields=changed)
    return parent


def write(*, drafts: list[_Draft], report: ImportReport) -> None:
    """Create the drafts' questions (and any missing categories), counting them in ``report``; one transaction."""
    cache: dict[tuple[str, ...], QuestionCategory] = {}
    used = set()
    with transaction.atomic():
        for draft in drafts:
            category = _category_for(draft=draft, cache=cache)
            question = Question.objects.create(
                category=category,
                type=draft.type,
                name=draft.name,
                text=draft.text,
                points=draft.points,
                partial_credit=draft.partial_credit,
                feedback=draft.feedback,
            )
            Choice.objects.bulk_create(
                Choice(question=question, text=text, fraction=fraction, feedback=feedback, sort_order=order)
                for order, (text, fraction, feedback) in enumerate(draft.choices)
            )
            MatchPair.objects.bulk_create(
                MatchPair(question=question, prompt=prompt, answer=answer, sort_order=order)
                for order, (prompt, answer) in enumerate(draft.pairs)
            )
            report.imported[str(draft.type)] += 1
            report.question_ids.append(question.pk)
            used.add(category.pk)
    report.categories = len(used)
