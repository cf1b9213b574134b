"""Import questions into the bank from a Moodle XML export or from the Vietnamese XLSX template.

The whole file is parsed before any transaction is opened, and the writes run in one short transaction. A file that
cannot be read raises ImportFormatError and leaves the bank untouched; a question that cannot be imported
(unsupported type, grades Moodle would refuse, a bad spreadsheet row) is listed in the report with its
reason while the others go in. Questions are plain text here, so HTML is reduced to text on the way in.
"""

import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html.parser import HTMLParser
from xml.etree.ElementTree import TreeBuilder

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.text import fold, nfc

from .models import Choice, MatchPair, Question, QuestionCategory
from .uploads import UnsafeArchiveError, check_zip_limits


class ImportFormatError(ValueError):
    """The file is not a readable Moodle XML export or XLSX template; nothing was imported."""


@dataclass
class ImportReport:
    imported: dict[str, int] = field(default_factory=lambda: {str(t): 0 for t in Question.Type.values})
    skipped: list[dict] = field(default_factory=list)
    categories: int = 0

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

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the pre-2007 .xls format
UTF8_BOM = b"\xef\xbb\xbf"
# A 5 MB upload can inflate to gigabytes; refuse a workbook whose parts would unpack beyond this.

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


def _moodle_read(root, *, category: str | None) -> tuple[list[_Draft], list[dict]]:
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


def _parse_moodle(data: bytes):
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


# --- XLSX template -----------------------------------------------------------------------------------

# The template's headers and type names are the file format (users type them), so they are not translated.
COL_CATEGORY = "Danh mục"
COL_TYPE = "Loại câu hỏi"
COL_NAME = "Tên câu hỏi"
COL_TEXT = "Nội dung câu hỏi"
COL_POINTS = "Điểm"
OPTION_LETTERS = "ABCDE"
COL_OPTIONS = tuple(f"Phương án {letter}" for letter in OPTION_LETTERS)
COL_ANSWER = "Đáp án đúng"
COL_FEEDBACK = "Phản hồi"
XLSX_HEADERS = (
    COL_CATEGORY,
    COL_TYPE,
    COL_NAME,
    COL_TEXT,
    COL_POINTS,
    *COL_OPTIONS,
    COL_ANSWER,
    COL_FEEDBACK,
)
XLSX_TYPES = {
    Question.Type.SINGLE: "Một lựa chọn",
    Question.Type.MULTIPLE: "Nhiều lựa chọn",
    Question.Type.TRUE_FALSE: "Đúng/Sai",
    Question.Type.SHORT: "Trả lời ngắn",
    Question.Type.MATCHING: "Ghép cặp",
}
XLSX_MAX_ROWS = 10_000


def _type_key(value: str) -> str:
    return re.sub(r"\s*/\s*", "/", fold(value))


_XLSX_TYPE_KEYS = {_type_key(label): qtype for qtype, label in XLSX_TYPES.items()}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _xlsx_letters(value: str) -> list[str]:
    letters = []
    for token in re.split(r"[\s,;/]+", value.upper()):
        if not token:
            continue
        if token not in OPTION_LETTERS:
            raise _Invalid(
                _("“%(value)s” in the column “%(column)s” is not an option letter (A to E).")
                % {"value": token, "column": COL_ANSWER}
            )
        if token not in letters:
            letters.append(token)
    return letters


def _xlsx_choices(draft: _Draft, options: dict[str, str], answer: str) -> None:
    filled = {letter: text for letter, text in options.items() if text}
    if len(filled) < 2:
        raise _Invalid(_("A choice question needs at least two options."))
    letters = _xlsx_letters(answer)
    if not letters:
        raise _Invalid(_("The column “%(column)s” is empty.") % {"column": COL_ANSWER})
    for letter in letters:
        if letter not in filled:
            raise _Invalid(_("The correct answer %(letter)s refers to an empty option.") % {"letter": letter})
    if draft.type == Question.Type.SINGLE and len(letters) != 1:
        raise _Invalid(_("A single-choice question must have exactly one correct answer."))
    # All or nothing in the template: the correct options share the credit equally.
    share = (Decimal("1") / len(letters)).quantize(FRACTION_PLACES, rounding=ROUND_HALF_UP)
    draft.choices = [
        (text, share if letter in letters else Decimal("0"), "") for letter, text in filled.items()
    ]


def _xlsx_truefalse(draft: _Draft, answer: str) -> None:
    key = fold(answer)
    if key in {"dung", "true"}:
        correct = True
    elif key in {"sai", "false"}:
        correct = False
    else:
        raise _Invalid(
            _("The column “%(column)s” must say %(true)s or %(false)s.")
            % {"column": COL_ANSWER, "true": TRUE_TEXT, "false": FALSE_TEXT}
        )
    draft.choices = [
        (TRUE_TEXT, Decimal(int(correct)), ""),
        (FALSE_TEXT, Decimal(int(not correct)), ""),
    ]


def _xlsx_short(draft: _Draft, answer: str) -> None:
    accepted = []
    for part in answer.split("|"):
        text = nfc(part)
        if text and text not in accepted:
            accepted.append(text)
    if not accepted:
        raise _Invalid(_("The column “%(column)s” is empty.") % {"column": COL_ANSWER})
    draft.choices = [(text, Decimal("1"), "") for text in accepted]


def _xlsx_matching(draft: _Draft, options: dict[str, str]) -> None:
    pairs = []
    for letter, cell in options.items():
        if not cell:
            continue
        prompt, sign, answer = cell.partition("=")
        prompt, answer = nfc(prompt), nfc(answer)
        if not sign or not answer:
            raise _Invalid(
                _("Option %(letter)s must read “item = match”; leave the item empty for a distractor.")
                % {"letter": letter}
            )
        if len(answer) > ANSWER_MAX:
            raise _Invalid(_("A match is longer than %(max)s characters.") % {"max": ANSWER_MAX})
        pairs.append((prompt, answer))
    if sum(1 for prompt, _answer in pairs if prompt) < 2:
        raise _Invalid(_("A matching question needs at least two pairs."))
    draft.pairs = pairs


def _xlsx_rows(data: bytes) -> list[tuple[int, tuple]]:
    """(row number, cell values) of the first sheet, header first; ImportFormatError if unreadable."""
    unreadable = _("The Excel file cannot be read. Save it again as .xlsx and retry.")
    try:
        try:
            check_zip_limits(data)
        except UnsafeArchiveError as exc:
            raise ImportFormatError(str(exc)) from exc
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFormatError:
        raise
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign zip
        raise ImportFormatError(unreadable) from exc
    try:
        if not workbook.worksheets:
            raise ImportFormatError(unreadable)
        sheet = workbook.worksheets[0]
        # Some writers record a wrong sheet size; read the rows actually present instead.
        sheet.reset_dimensions()
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if any(_cell(value).strip() for value in values):
                rows.append((number, values))
            if len(rows) > XLSX_MAX_ROWS + 1:
                raise ImportFormatError(
                    _("The sheet has more than %(max)s rows; split it into several files.")
                    % {"max": XLSX_MAX_ROWS}
                )
    except ImportFormatError:
        raise
    except Exception as exc:
        raise ImportFormatError(unreadable) from exc
    finally:
        workbook.close()
    return rows


def _row_getter(values: tuple, columns: dict[str, int]):
    def get(column: str) -> str:
        index = columns[column]
        return _cell(values[index]) if index < len(values) else ""

    return get


def _xlsx_read(data: bytes, *, category: str | None) -> tuple[list[_Draft], list[dict]]:
    rows = _xlsx_rows(data)
    header = [fold(_cell(value)) for value in rows[0][1]] if rows else []
    columns = {}
    for name in XLSX_HEADERS:
        if fold(name) in header:
            columns[name] = header.index(fold(name))
    missing = [name for name in XLSX_HEADERS if name not in columns]
    if missing:
        raise ImportFormatError(
            _(
                "The first sheet does not have the template's header row (missing: %(columns)s). "
                "Download the template and copy the questions into it."
            )
            % {"columns": ", ".join(missing)}
        )
    default = _("Imported from Excel")
    base = (category,) if category else ()
    drafts, skipped = [], []
    for number, values in rows[1:]:
        get = _row_getter(values, columns)
        raw_type = nfc(get(COL_TYPE))
        text = _plain(get(COL_TEXT), html=False, multiline=True)
        name = nfc(get(COL_NAME))[:NAME_MAX] or _fallback_name(text)
        try:
            if not raw_type:
                raise _Invalid(_("The column “%(column)s” is empty.") % {"column": COL_TYPE})
            qtype = _XLSX_TYPE_KEYS.get(_type_key(raw_type))
            if qtype is None:
                raise _Invalid(
                    _("The question type “%(type)s” is not one of: %(types)s.")
                    % {"type": raw_type, "types": ", ".join(XLSX_TYPES.values())}
                )
            if not text:
                raise _Invalid(_("The column “%(column)s” is empty.") % {"column": COL_TEXT})
            draft = _Draft(
                category=(base + _category_path(get(COL_CATEGORY))) or (category or default,),
                type=qtype,
                name=name,
                text=text,
                points=_points(get(COL_POINTS)),
                feedback=_plain(get(COL_FEEDBACK), html=False, multiline=True),
            )
            options = {
                letter: nfc(get(column)) for letter, column in zip(OPTION_LETTERS, COL_OPTIONS, strict=True)
            }
            answer = nfc(get(COL_ANSWER))
            if qtype in (Question.Type.SINGLE, Question.Type.MULTIPLE):
                _xlsx_choices(draft, options, answer)
            elif qtype == Question.Type.TRUE_FALSE:
                _xlsx_truefalse(draft, answer)
            elif qtype == Question.Type.SHORT:
                _xlsx_short(draft, answer)
            else:
                _xlsx_matching(draft, options)
        except _Invalid as problem:
            skipped.append(
                {
                    "type": raw_type,
                    "name": name,
                    "reason": _("Row %(row)s: %(problem)s") % {"row": number, "problem": problem},
                }
            )
            continue
        drafts.append(draft)
    return drafts, skipped


XLSX_EXAMPLES = (
    (
        "Đô thị thông minh",
        XLSX_TYPES[Question.Type.SINGLE],
        "Mục tiêu của đô thị thông minh",
        "Mục tiêu chính của đô thị thông minh là gì?",
        1,
        "Nâng cao chất lượng sống của người dân nhờ dữ liệu và công nghệ số",
        "Xây thêm thật nhiều nhà cao tầng",
        "Thay thế hoàn toàn cán bộ bằng máy tính",
        "Hạn chế người dân sử dụng Internet",
        "",
        "A",
        "Đô thị thông minh dùng dữ liệu và công nghệ số để phục vụ người dân tốt hơn.",
    ),
    (
        "Đô thị thông minh",
        XLSX_TYPES[Question.Type.MULTIPLE],
        "Hạ tầng đô thị thông minh",
        "Những hệ thống nào sau đây thuộc hạ tầng của đô thị thông minh?",
        2,
        "Cảm biến quan trắc chất lượng không khí",
        "Đèn tín hiệu giao thông điều khiển thích ứng",
        "Bảng thông báo dán giấy trên tường",
        "Trung tâm giám sát, điều hành đô thị thông minh (IOC)",
        "",
        "A, B, D",
        "Cảm biến, đèn tín hiệu thích ứng và IOC đều thu thập hoặc xử lý dữ liệu đô thị.",
    ),
    (
        "Đô thị thông minh/Dữ liệu",
        XLSX_TYPES[Question.Type.TRUE_FALSE],
        "Dữ liệu mở",
        "Dữ liệu mở là dữ liệu mà mọi người có thể tự do truy cập, sử dụng và chia sẻ lại.",
        1,
        "",
        "",
        "",
        "",
        "",
        "Đúng",
        "",
    ),
    (
        "Đô thị thông minh/Dữ liệu",
        XLSX_TYPES[Question.Type.SHORT],
        "Thuật ngữ IoT",
        "Thuật ngữ IoT (Internet of Things) trong tiếng Việt được gọi là gì?",
        1,
        "",
        "",
        "",
        "",
        "",
        "Internet vạn vật|Internet kết nối vạn vật",
        "IoT là mạng lưới các thiết bị, cảm biến kết nối Internet để trao đổi dữ liệu.",
    ),
    (
        "Đô thị thông minh",
        XLSX_TYPES[Question.Type.MATCHING],
        "Lĩnh vực và giải pháp",
        "Ghép mỗi lĩnh vực với giải pháp thông minh phù hợp.",
        3,
        "Giao thông = Đèn tín hiệu thích ứng",
        "Môi trường = Trạm quan trắc không khí tự động",
        "Hành chính công = Dịch vụ công trực tuyến",
        "= Bãi đỗ xe nhiều tầng",
        "",
        "",
        "Phương án D để trống vế trái nên là phương án gây nhiễu (trong Excel, gõ dấu ' trước dấu =).",
    ),
)
XLSX_WIDTHS = (28, 18, 32, 50, 8, 34, 34, 34, 34, 34, 18, 44)


def xlsx_template() -> bytes:
    """The downloadable XLSX template: headers, a frozen header row and one example of each type.

    Importing the template as it is imports its five examples (one per question type).
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Câu hỏi"
    sheet.append(XLSX_HEADERS)
    for row in XLSX_EXAMPLES:
        sheet.append(row)
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if cell.data_type == "f":
                cell.data_type = "s"  # "= match" (a distractor) is text, not an Excel formula
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    types = DataValidation(
        type="list", formula1='"{}"'.format(",".join(XLSX_TYPES.values())), allow_blank=True
    )
    types.add(f"B2:B{XLSX_MAX_ROWS + 1}")
    sheet.add_data_validation(types)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


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


def _write(*, drafts: list[_Draft], report: ImportReport) -> None:
    cache: dict[tuple[str, ...], QuestionCategory] = {}
    used = set()
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
        used.add(category.pk)
    report.categories = len(used)


def questions_import(*, data: bytes, category: str | None = None, progress=None) -> ImportReport:
    """Import every question of a Moodle XML export or an XLSX template into the bank.

    The format is detected from the content. An unreadable, malformed or unsupported file raises
    ImportFormatError and nothing is written. Questions that cannot be imported are skipped and listed in
    the report; the rest are written in one transaction (an unexpected error keeps nothing). ``category``
    puts everything under a root category of that name, the file's own categories nested beneath it.
    Categories are reused by (parent, name); a reused category's description and ID number are only
    filled in when empty. Importing the same file twice creates the questions twice. ``progress(done,
    total=None)``, when given (a background job), hears the number of questions to write once the file is
    read, and again when they are written: the writes are one transaction, so nothing shows before it ends.
    """
    category = nfc(category or "")[:NAME_MAX] or None
    if not data or not data.strip():
        raise ImportFormatError(_("The file is empty."))
    if data.startswith(XLSX_MAGIC):
        drafts, skipped = _xlsx_read(data, category=category)
    elif data.startswith(OLE_MAGIC):
        raise ImportFormatError(_("Old Excel files (.xls) are not supported; save the file as .xlsx."))
    else:
        text = data.removeprefix(UTF8_BOM).lstrip(b" \t\r\n")
        if not text.startswith(b"<"):
            raise ImportFormatError(
                _("Unsupported file: upload a Moodle XML export (.xml) or the Excel template (.xlsx).")
            )
        drafts, skipped = _moodle_read(_parse_moodle(text), category=category)
    # The file is read and checked above, outside any transaction; the writes run in one short one.
    report = ImportReport(skipped=skipped)
    if progress:
        progress(0, len(drafts))
    with transaction.atomic():
        _write(drafts=drafts, report=report)
    if progress:
        progress(len(drafts))
    return report
