"""Reads the Vietnamese XLSX template into drafts, and builds the template itself."""

import io
import re
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.text import fold, nfc
from accounts.uploads import UnsafeArchiveError, check_zip_limits

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


def read(data: bytes, *, category: str | None) -> tuple[list[_Draft], list[dict]]:
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
