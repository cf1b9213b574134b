"""Import questions into the bank from a Moodle XML export or from the Vietnamese XLSX template.

The whole file is parsed before any transaction is opened, and the writes run in one short transaction. A file that
cannot be read raises ImportFormatError and leaves the bank untouched; a question that cannot be imported
(unsupported type, grades Moodle would refuse, a bad spreadsheet row) is listed in the report with its
reason while the others go in. Questions are plain text here, so HTML is reduced to text on the way in.
"""

from django.utils.translation import gettext as _

from accounts.text import nfc

from . import moodle, writer, xlsx
from .writer import NAME_MAX, ImportFormatError, ImportReport
from .xlsx import XLSX_HEADERS, xlsx_template

__all__ = ["XLSX_HEADERS", "ImportFormatError", "ImportReport", "questions_import", "xlsx_template"]

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the pre-2007 .xls format
UTF8_BOM = b"\xef\xbb\xbf"


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
        drafts, skipped = xlsx.read(data, category=category)
    elif data.startswith(OLE_MAGIC):
        raise ImportFormatError(_("Old Excel files (.xls) are not supported; save the file as .xlsx."))
    else:
        text = data.removeprefix(UTF8_BOM).lstrip(b" \t\r\n")
        if not text.startswith(b"<"):
            raise ImportFormatError(
                _("Unsupported file: upload a Moodle XML export (.xml) or the Excel template (.xlsx).")
            )
        drafts, skipped = moodle.read(moodle.parse(text), category=category)
    # The file is read and checked above, outside any transaction; the writes run in one short one.
    report = ImportReport(skipped=skipped)
    if progress:
        progress(0, len(drafts))
    writer.write(drafts=drafts, report=report)
    if progress:
        progress(len(drafts))
    return report
