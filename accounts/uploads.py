"""Limits checked on zip-based uploads (XLSX) before any parser opens them: the question import, course
assignment lists and the officials import (the lowest app, so every layer above may call it)."""

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _


class UnsafeArchiveError(ValueError):
    """The upload is not a readable zip, or unpacking it would exceed the configured limits."""


def check_zip_limits(data: bytes) -> None:
    """Refuse an archive by its central directory alone: member count, unpacked size and ratio."""
    refused = _("The file is too large once unpacked or is not a valid Excel file.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnsafeArchiveError(refused) from exc
    if len(members) > settings.LMS_XLSX_MAX_MEMBERS:
        raise UnsafeArchiveError(refused)
    total = sum(info.file_size for info in members)
    if total > settings.LMS_XLSX_MAX_UNCOMPRESSED_BYTES:
        raise UnsafeArchiveError(refused)
    for info in members:
        # Small members may legitimately compress very well; judge the ratio only past 1 MiB.
        if info.file_size > 1024 * 1024 and info.file_size > settings.LMS_XLSX_MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            raise UnsafeArchiveError(refused)
