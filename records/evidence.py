"""Checks on an evidence file (minh chứng): its size, and its type read from its content, not its name.

A PDF must start with ``%PDF-`` and hold an end-of-file marker; an image must be a PNG or JPEG that Pillow
can read. The name's extension must agree with the content, so a renamed file is refused as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from PIL import Image

from accounts.text import file_size_text

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
EXTENSIONS = {PDF: {"pdf"}, PNG: {"png"}, JPEG: {"jpg", "jpeg"}}
TYPE_NAMES = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG"}


def evidence_accept() -> str:
    """The file input's ``accept`` attribute: the extensions and content types ``evidence_check`` takes."""
    extensions = [f".{ext}" for content_type in EXTENSIONS for ext in sorted(EXTENSIONS[content_type])]
    return ",".join([*extensions, *EXTENSIONS])


def evidence_help_text() -> str:
    """The evidence help text ("PDF, PNG hoặc JPEG, tối đa 5 MB."): the types taken and the size limit of the setting
    ``LMS_RECORD_EVIDENCE_MAX_BYTES``, in the active language."""
    return _("%(types)s, at most %(size)s.") % {
        "types": get_text_list(list(TYPE_NAMES.values()), _("or")),
        "size": file_size_text(settings.LMS_RECORD_EVIDENCE_MAX_BYTES),
    }


@dataclass(frozen=True)
class Evidence:
    content_type: str
    name: str


def sniff(head: bytes) -> str | None:
    """The content type that the first bytes of a file show, or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def evidence_check(upload) -> Evidence:
    """Validate an uploaded evidence file; ValidationError (translated) when it is too large, empty, of
    another type than PDF, PNG or JPEG, or named with an extension its content does not match."""
    limit = settings.LMS_RECORD_EVIDENCE_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s.") % {"limit": file_size_text(limit)}, code="too_large"
        )
    upload.seek(0)
    head = upload.read(16)
    content_type = sniff(head)
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if content_type is None or extension not in EXTENSIONS[content_type]:
        raise ValidationError(_("Upload a PDF, PNG or JPEG file."), code="type")
    if content_type == PDF:
        upload.seek(max(0, upload.size - 2048))
        if b"%%EOF" not in upload.read():
            raise ValidationError(_("The PDF file is damaged or incomplete."), code="damaged")
    else:
        upload.seek(0)
        try:
            with Image.open(upload) as image:
                image.verify()
                if image.format not in ("PNG", "JPEG"):
                    raise ValidationError(_("Upload a PDF, PNG or JPEG file."), code="type")
        except ValidationError:
            raise
        except Exception:
            raise ValidationError(_("The image file is damaged or incomplete."), code="damaged") from None
    upload.seek(0)
    return Evidence(content_type=content_type, name=name.replace("/", "_")[-200:])
