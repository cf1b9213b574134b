"""The file format of an import of officials: its columns, the template, and reading CSV or XLSX into rows.

The headers are Vietnamese in every language of the interface (the file is a document HR keeps and exchanges);
they are matched without regard to case, accents or surrounding spaces, and the English keys are accepted too.
"""

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.uploads import UnsafeArchiveError, check_zip_limits


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False


COLUMNS = (
    Column("full_name", "Họ và tên", required=True),
    Column("email", "Email", required=True),
    Column("personal_id", "Số định danh cá nhân"),
    Column("unit_code", "Mã đơn vị", required=True),
    Column("staff_code", "Mã cán bộ"),
    Column("position", "Chức vụ", required=True),
    Column("rank", "Ngạch"),
    Column("job_position", "Vị trí việc làm"),
    Column("phone", "Số điện thoại"),
)
HEADERS = {column.key: column.header for column in COLUMNS}


class FileFormatError(Exception):
    """The file as a whole cannot be read (format, encoding, header); ``message`` is translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _fold(text: str) -> str:
    """Header comparison key: no accents (đ -> d), lower case, single spaces."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().replace("_", " ").split())


_HEADER_KEYS = {_fold(c.header): c.key for c in COLUMNS} | {_fold(c.key): c.key for c in COLUMNS}


def header_map(headers: list[str]) -> dict[str, int]:
    """Column key -> position in the file. Unknown columns are refused, so a typo is not silently ignored."""
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        if not str(header or "").strip():
            continue
        key = _HEADER_KEYS.get(_fold(header))
        if key is None:
            raise FileFormatError(
                _("Unknown column “%(header)s” in the first line. Use the headers of the template.")
                % {"header": str(header).strip()[:60]}
            )
        if key in positions:
            raise FileFormatError(
                _("The column “%(header)s” appears twice in the first line.") % {"header": HEADERS[key]}
            )
        positions[key] = index
    missing = [HEADERS[c.key] for c in COLUMNS if c.required and c.key not in positions]
    if missing:
        raise FileFormatError(
            _("The first line lacks the required columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return positions


def _cell_text(value, key: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if key == "personal_id" and isinstance(value, int) and len(text) < 12:
        # Excel stores a number typed into a General cell and drops its leading zeros (079... -> 79...).
        text = text.zfill(12)
    return text


def rows_read(*, data: bytes, filename: str, max_rows: int) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number as a spreadsheet shows it, {column key: text}) for each non-empty line.

    Raises FileFormatError for a file that is neither UTF-8 CSV nor XLSX, has a wrong header, or has more
    than ``max_rows`` lines of data.
    """
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw = _xlsx_rows(data)
    elif name.endswith(".csv"):
        raw = _csv_rows(data)
    else:
        raise FileFormatError(_("Choose a .csv or .xlsx file."))
    try:
        headers = next(raw)
    except StopIteration:
        raise FileFormatError(_("The file is empty.")) from None
    positions = header_map([str(h) if h is not None else "" for h in headers])
    count = 0
    for line, values in enumerate(raw, start=2):
        if not any(v not in (None, "") and str(v).strip() for v in values):
            continue
        count += 1
        if count > max_rows:
            raise FileFormatError(
                _("The file has more than %(max)s lines of officials; split it into several files.")
                % {"max": max_rows}
            )
        yield (
            line,
            {
                key: _cell_text(values[index] if index < len(values) else None, key)
                for key, index in positions.items()
            },
        )


def _csv_rows(data: bytes) -> Iterator[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileFormatError(
            _("The CSV file is not in UTF-8. Save it as “CSV UTF-8” or use the Excel template.")
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(data: bytes) -> Iterator[list]:
    from openpyxl import load_workbook

    unreadable = _("This is not an Excel (.xlsx) file that can be read.")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileFormatError(unreadable)
    try:
        # Before openpyxl opens it: even a read-only workbook loads its shared strings whole.
        check_zip_limits(data)
    except UnsafeArchiveError as exc:
        raise FileFormatError(str(exc)) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise FileFormatError(unreadable) from None
    try:
        sheet = workbook.worksheets[0]
        # A read-only sheet is parsed while it is read: a damaged sheet fails here, not when opened.
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    except Exception:
        raise FileFormatError(unreadable) from None
    finally:
        workbook.close()


def template_csv() -> bytes:
    """The CSV template: the header line only, UTF-8 with a BOM so Excel shows the accents."""
    out = io.StringIO()
    csv.writer(out).writerow([c.header for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """The Excel template: the header line (required columns marked), text-formatted identifier columns
    (so Excel keeps the leading zeros), and a sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Can bo"
    sheet.append([c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(16, len(column.header) + 4)
        if column.key in ("personal_id", "staff_code", "unit_code", "phone"):
            for row in range(2, 2002):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Huong dan")
    guide.append(["Cột", "Bắt buộc", "Ghi chú"])
    notes = {
        "full_name": "Họ và tên đầy đủ, có dấu.",
        "email": "Địa chỉ email dùng để đăng nhập; người mới nhận thư mời đặt mật khẩu.",
        "personal_id": "12 chữ số (mã tỉnh nơi đăng ký khai sinh, thế kỷ và giới tính, năm sinh, 6 số).",
        "unit_code": "Mã cơ quan, đơn vị trên nền tảng.",
        "staff_code": "Mã cán bộ, không trùng với người khác.",
        "position": "Chức vụ.",
        "rank": "Ngạch công chức, viên chức.",
        "job_position": "Vị trí việc làm.",
        "phone": "Số điện thoại di động hoặc cố định.",
    }
    for column in COLUMNS:
        guide.append([column.header, "Có" if column.required else "Không", notes[column.key]])
    guide.append([])
    guide.append(["Người có trong tệp được tìm theo số định danh cá nhân, sau đó theo email."])
    guide.append(["Ô để trống ở cột không bắt buộc giữ nguyên thông tin đang có."])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["C"].width = 90
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
