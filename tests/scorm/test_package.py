"""The checks a SCORM zip passes before anything of it is stored (scorm.package)."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from scorm.package import member_path, package_inspect

from .packages import (
    MANIFEST,
    bomb_zip,
    package_2004_files,
    package_files,
    scorm_2004_zip,
    scorm_zip,
    symlink_zip,
    traversal_zip,
    zip_of,
)


def _inspect(content: bytes):
    return package_inspect(io.BytesIO(content))


def _refusal(content: bytes) -> str:
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        _inspect(content)
    return " ".join(caught.value.messages)


def test_package_inspect_reads_launch_file_title_and_files():
    info = _inspect(scorm_zip(title="Đô thị thông minh"))
    assert info.version == "1.2"
    assert info.launch_path == "index.html"
    assert info.title == "Đô thị thông minh"
    assert sorted(info.files) == ["imsmanifest.xml", "index.html", "sco.js"]
    assert info.total_bytes > 0


def test_package_inspect_finds_launch_file_in_subfolder_with_parameters():
    files = package_files(launch="noi-dung/bat-dau.html")
    files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(
        'identifierref="res1"', 'identifierref="res1" parameters="?trang=1"'
    )
    info = _inspect(zip_of(files))
    assert (info.launch_path, info.launch_query) == ("noi-dung/bat-dau.html", "trang=1")


def test_path_traversal_zip_is_refused_in_vietnamese():
    message = _refusal(traversal_zip())
    assert "ngoài thư mục của gói" in message and "evil.html" in message


@pytest.mark.parametrize(
    "name", ["/etc/cron.d/evil", "C:/Windows/evil.dll", "a\\..\\..\\evil", "..", "x/../../y"]
)
def test_absolute_and_escaping_member_paths_are_refused(name):
    with pytest.raises(ValidationError):
        member_path(name)


def test_dot_dot_that_stays_inside_the_package_is_normalised():
    assert member_path("css/../index.html") == "index.html"


def test_zip_bomb_is_refused_with_a_clear_vietnamese_error():
    content = bomb_zip(megabytes=20)
    assert len(content) < 100 * 1024  # 20 MiB of zeros in a few KiB
    message = _refusal(content)
    assert "bom nén" in message and "media/video.bin" in message


def test_symlink_is_refused():
    assert "liên kết tượng trưng" in _refusal(symlink_zip())


@override_settings(LMS_SCORM_MAX_FILES=2)
def test_too_many_files_are_refused():
    assert "tối đa 2" in _refusal(scorm_zip())


@override_settings(LMS_SCORM_MAX_FILE_BYTES=100)
def test_a_file_over_the_per_file_limit_is_refused():
    assert "quá lớn" in _refusal(scorm_zip())


@override_settings(LMS_SCORM_MAX_TOTAL_BYTES=1000)
def test_a_package_over_the_total_limit_is_refused():
    assert "quá lớn" in _refusal(scorm_zip())


@override_settings(LMS_SCORM_MAX_ZIP_BYTES=100)
def test_a_zip_over_the_upload_limit_is_refused():
    assert "quá lớn" in _refusal(scorm_zip())


def test_not_a_zip_is_refused():
    assert "ZIP" in _refusal(b"%PDF-1.7 not a zip")


def test_missing_manifest_is_refused():
    files = package_files()
    del files["imsmanifest.xml"]
    assert "imsmanifest.xml" in _refusal(zip_of(files))


def test_malformed_manifest_is_refused():
    assert "imsmanifest.xml" in _refusal(zip_of({**package_files(), "imsmanifest.xml": "<manifest><oops>"}))


def test_manifest_with_entities_is_refused_without_expanding_them():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<manifest>&b;</manifest>"
    )
    assert "imsmanifest.xml" in _refusal(zip_of({**package_files(), "imsmanifest.xml": laughs}))


def test_launch_file_missing_from_the_package_is_refused():
    files = package_files()
    del files["index.html"]
    assert "index.html" in _refusal(zip_of(files))


def test_launch_file_outside_the_package_is_refused():
    files = package_files()
    files["imsmanifest.xml"] = MANIFEST.format(title="x", launch="../index.html")
    with pytest.raises(ValidationError):
        _inspect(zip_of(files))


def test_remote_launch_url_is_refused():
    files = package_files()
    files["imsmanifest.xml"] = MANIFEST.format(title="x", launch="https://example.com/index.html")
    with pytest.raises(ValidationError):
        _inspect(zip_of(files))


@pytest.mark.parametrize("edition", ["2004 3rd Edition", "2004 4th Edition", "CAM 1.3"])
def test_a_single_sco_scorm_2004_package_is_accepted(edition):
    info = _inspect(scorm_2004_zip(edition=edition))
    assert info.version == "2004" and info.launch_path == "sco1/index.html"
    assert sorted(info.files) == ["imsmanifest.xml", "sco1/index.html", "sco1/sco.js"]


def test_a_scorm_2004_package_without_schemaversion_is_told_by_its_namespace():
    files = package_2004_files()
    files["imsmanifest.xml"] = re.sub(r"<metadata>.*?</metadata>", "", files["imsmanifest.xml"])
    assert _inspect(zip_of(files)).version == "2004"


def test_a_multi_sco_scorm_2004_package_is_refused_with_the_reason():
    assert "nhiều SCO" in _refusal(scorm_2004_zip(scos=2))
