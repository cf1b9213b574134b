"""Zip-based uploads are refused from their directory alone when unpacking would exceed the limits."""

import io
import time
import zipfile

import pytest
from django.test import override_settings
from django.utils import translation

from accounts.uploads import UnsafeArchiveError, check_zip_limits
from assessment.importers import ImportFormatError
from assessment.importers.xlsx import _xlsx_rows


def _bomb(size_mb: int = 400) -> bytes:
    """An XLSX-shaped zip whose sheet unpacks to size_mb of zeros, written in 1 MiB chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(size_mb):
                member.write(chunk)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb()


def test_bomb_is_refused_quickly_before_parsing(bomb):
    assert len(bomb) < 2 * 1024 * 1024
    started = time.monotonic()
    with translation.override("vi"), pytest.raises(ImportFormatError) as caught:
        _xlsx_rows(bomb)
    assert time.monotonic() - started < 2
    assert "Tệp quá lớn khi giải nén" in str(caught.value)


def test_high_ratio_alone_is_refused():
    data = _bomb(size_mb=5)
    with pytest.raises(UnsafeArchiveError):
        check_zip_limits(data)


@override_settings(LMS_XLSX_MAX_MEMBERS=3)
def test_too_many_members_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(5):
            archive.writestr(f"m{index}.xml", "<x/>")
    with pytest.raises(UnsafeArchiveError):
        check_zip_limits(buffer.getvalue())


def test_not_a_zip_is_refused():
    with pytest.raises(UnsafeArchiveError):
        check_zip_limits(b"PK\x03\x04 not really a zip")


def test_ordinary_workbook_passes():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["a", "b"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    check_zip_limits(buffer.getvalue())


def test_assignment_list_upload_refuses_bomb(bomb):
    from django import forms
    from django.core.files.uploadedfile import SimpleUploadedFile

    from staff.views.assignments import _list_from_file

    with pytest.raises(forms.ValidationError):
        _list_from_file(SimpleUploadedFile("list.xlsx", bomb))
