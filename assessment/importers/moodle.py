"""Reads a Moodle XML export (``<quiz>``) into drafts: parsed in chunks under an element budget, no DTD."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from xml.etree.ElementTree import TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError
from django.conf import settings
from django.utils.translation import gettext as _

from accounts.text import fold, nfc

from ..models import Question
from .writer import (
    ANSWER_MAX,
    FALSE_TEXT,
    FRACTION_PLACES,
    NAME_MAX,
    TRUE_TEXT,
    ImportFormatError,
    _category_path,
    _Draft,
    _fallback_name,
    _Invalid,
    _plain,
    _points,
)

# --- Moodle XML --------------------------------------------------------------------------------------

# The grades Moodle offers for an answer (percent); anything else Moodle itself refuses on import.
MOODLE_GRADES = tuple(
    Decimal(value)
    for value in (
        "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333",
        "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0",
    )
)  # fmt: skip
MOODLE_GRADE_TOLERANCE = Decimal("0.0001")
MOODLE_SUM_TOLERANCE = Decimal("0.01")
MOODLE_PLAIN_FORMATS = frozenset({"plain_text", "markdown"})


def _moodle_text(element, tag: str, *, multiline: bool = False) -> str:
    """The ``<tag><text>`` of ``element`` as plain text, honouring the tag's ``format`` attribute."""
    node = element.find(tag)
    if node is None:
        return ""
    html = node.get("format", "html") not in MOODLE_PLAIN_FORMATS
    return _plain(node.findtext("text"), html=html, multiline=multiline)


def _moodle_percent(raw: str | None) -> Decimal:
    value = (raw or "0").strip()
    try:
        percent = Decimal(value)
    except InvalidOperation:
        percent = None
    if percent is None or not percent.is_finite():
        raise _Invalid(_("The grade “%(value)s” of an answer is not a number.") % {"value": value})
    if not any(abs(abs(percent) - grade) <= MOODLE_GRADE_TOLERANCE for grade in MOODLE_GRADES):
        raise _Invalid(
            _("The grade %(value)s%% of an answer is not a grade Moodle allows.") % {"value": value}
        )
    return percent


def _fraction(percent: Decimal) -> Decimal:
    return (percent / 100).quantize(FRACTION_PLACES, rounding=ROUND_HALF_UP)


def _moodle_answers(question, *, strip_html: bool = True) -> list[tuple[str, Decimal, str]]:
    """(text, percent, feedback) of each non-blank ``<answer>``; blank answers are ignored, as Moodle does."""
    answers = []
    for answer in question.findall("answer"):
        html = strip_html and answer.get("format", "html") not in MOODLE_PLAIN_FORMATS
        text = _plain(answer.findtext("text"), html=html)
        if not text:
            continue
        percent = _moodle_percent(answer.get("fraction"))
        answers.append((text, percent, _moodle_text(answer, "feedback", multiline=True)))
    return answers


def _moodle_multichoice(draft: _Draft, question) -> None:
    # Moodle treats a missing <single> as single choice; "false" or "0" make it multiple.
    single = (question.findtext("single") or "true").strip().lower() in {"true", "1"}
    answers = _moodle_answers(question)
    if len(answers) < 2:
        raise _Invalid(_("A choice question needs at least two options."))
    if single:
        if sum(1 for _text, percent, _feedback in answers if percent == 100) != 1:
            raise _Invalid(_("A single-choice question needs exactly one option worth 100%."))
        draft.type = Question.Type.SINGLE
    else:
        positive = [percent for _text, percent, _feedback in answers if percent > 0]
        if abs(sum(positive, Decimal("0")) - 100) > MOODLE_SUM_TOLERANCE:
            raise _Invalid(
                _("The correct options of a multiple-choice question must add up to 100%% (here %(sum)s%%).")
                % {"sum": sum(positive, Decimal("0")).normalize()}
            )
        draft.type = Question.Type.MULTIPLE
        draft.partial_credit = any(percent < 100 for percent in positive)
    draft.choices = [(text, _fraction(percent), feedback) for text, percent, feedback in answers]


def _moodle_truefalse(draft: _Draft, question) -> None:
    answers = {}
    for position, answer in enumerate(question.findall("answer")):
        key = fold(answer.findtext("text") or "")
        if key not in {"true", "false"}:
            key = ("true", "false")[position] if position < 2 else key
        answers[key] = (
            _moodle_percent(answer.get("fraction")),
            _moodle_text(answer, "feedback", multiline=True),
        )
    grades = {key: percent for key, (percent, _feedback) in answers.items()}
    if grades not in ({"true": 100, "false": 0}, {"true": 0, "false": 100}):
        raise _Invalid(_("A true/false question needs one answer worth 100% and the other 0%."))
    draft.choices = [
        (TRUE_TEXT, _fraction(answers["true"][0]), answers["true"][1]),
        (FALSE_TEXT, _fraction(answers["false"][0]), answers["false"][1]),
    ]
    draft.type = Question.Type.TRUE_FALSE


def _moodle_shortanswer(draft: _Draft, question) -> None:
    # Accepted answers are compared as typed text, so HTML stripping must not eat a literal "<".
    answers = []
    for text, percent, feedback in _moodle_answers(question, strip_html=False):
        if text == "*":
            if percent > 0:
                raise _Invalid(_("The answer “*” gives credit for any response, which is not supported."))
            continue  # Moodle's catch-all for feedback on wrong answers; it earns nothing.
        if "*" in text.replace("\\*", ""):
            raise _Invalid(
                _("The answer “%(answer)s” uses the wildcard *, which is not supported.") % {"answer": text}
            )
        answers.append((text.replace("\\*", "*"), _fraction(percent), feedback))
    if not any(fraction > 0 for _text, fraction, _feedback in answers):
        raise _Invalid(_("A short-answer question needs at least one accepted answer with credit."))
    draft.choices = answers
    draft.type = Question.Type.SHORT


def _moodle_matching(draft: _Draft, question) -> None:
    pairs = []
    for subquestion in question.findall("subquestion"):
        html = subquestion.get("format", "html") not in MOODLE_PLAIN_FORMATS
        prompt = _plain(subquestion.findtext("text"), html=html)
        answer = _plain(subquestion.findtext("answer/text"), html=False)
        if not prompt and not answer:
            continue
        if not answer:
            raise _Invalid(_("The item “%(item)s” has no match.") % {"item": prompt})
        if len(answer) > ANSWER_MAX:
            raise _Invalid(_("A match is longer than %(max)s characters.") % {"max": ANSWER_MAX})
        pairs.append((prompt, answer))
    if sum(1 for prompt, _answer in pairs if prompt) < 2:
        raise _Invalid(_("A matching question needs at least two pairs."))
    draft.pairs = pairs
    draft.type = Question.Type.MATCHING


MOODLE_READERS = {
    "multichoice": _moodle_multichoice,
    "truefalse": _moodle_truefalse,
    "shortanswer": _moodle_shortanswer,
    "matching": _moodle_matching,
}


def _moodle_category_path(raw: str, *, base: tuple[str, ...], default: str) -> tuple[str, ...]:
    """``$course$/top/A/B`` -> base + (A, B); the context prefix and Moodle's ``top`` are dropped."""
    names = _category_path(raw)
    if names and re.fullmatch(r"\$[^$]*\$", names[0]):
        names = names[1:]
    if names and names[0] == "top":
        names = names[1:]
    return (base + names) or (default,)


def read(root, *, category: str | None) -> tuple[list[_Draft], list[dict]]:
    default = _("Imported from Moodle")
    base = (category,) if category else ()
    path, info, idnumber = base or (default,), "", ""
    drafts, skipped = [], []
    for question in root.findall("question"):
        qtype = (question.get("type") or "").strip()
        if qtype == "category":
            path = _moodle_category_path(question.findtext("category/text") or "", base=base, default=default)
            info = _moodle_text(question, "info", multiline=True)
            idnumber = nfc(question.findtext("idnumber") or "")[:100]
            continue
        text = _moodle_text(question, "questiontext", multiline=True)
        name = _plain(question.findtext("name/text"))[:NAME_MAX] or _fallback_name(text) or _("(no name)")
        try:
            if qtype not in MOODLE_READERS:
                raise _Invalid(_("The question type “%(type)s” is not supported.") % {"type": qtype})
            if not text:
                raise _Invalid(_("The question has no text."))
            draft = _Draft(
                category=path,
                type="",  # set by the type's reader
                name=name,
                text=text,
                points=_points(question.findtext("defaultgrade")),
                feedback=_moodle_text(question, "generalfeedback", multiline=True),
                category_info=info,
                category_idnumber=idnumber,
            )
            MOODLE_READERS[qtype](draft, question)
        except _Invalid as problem:
            skipped.append(
                {
                    "type": qtype,
                    "name": name,
                    "reason": _("Question “%(name)s”: %(problem)s") % {"name": name, "problem": problem},
                }
            )
            continue
        drafts.append(draft)
    return drafts, skipped


XML_CHUNK_BYTES = 64 * 1024


class _BudgetTreeBuilder(TreeBuilder):
    """Builds the tree but refuses the file as soon as it has more elements than the budget allows."""

    def __init__(self, budget: int):
        super().__init__()
        self.budget, self.count = budget, 0

    def start(self, tag, attrs):
        self.count += 1
        if self.count > self.budget:
            raise ImportFormatError(
                _("The XML file has more than %(limit)s elements; split it into smaller files.")
                % {"limit": f"{self.budget:,}".replace(",", ".")}
            )
        return super().start(tag, attrs)


def parse(data: bytes):
    """Parse in chunks, counting elements: a file over LMS_IMPORT_MAX_XML_ELEMENTS is refused before it is
    read to the end. No DTD (so no entities, internal or external) is accepted."""
    builder = _BudgetTreeBuilder(settings.LMS_IMPORT_MAX_XML_ELEMENTS)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    try:
        for start in range(0, len(data), XML_CHUNK_BYTES):
            parser.feed(data[start : start + XML_CHUNK_BYTES])
        root = parser.close()
    except DefusedXmlException as exc:
        raise ImportFormatError(
            _("The XML file declares a document type or entities, which are refused for safety.")
        ) from exc
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else "?"
        raise ImportFormatError(
            _("The XML file is damaged or incomplete (error near line %(line)s).") % {"line": line}
        ) from exc
    if root.tag != "quiz":
        raise ImportFormatError(
            _("This XML file is not a Moodle question export: it has no <quiz> root element.")
        )
    return root
