"""The evidence file's limits are stated from the setting, the Vietnamese way (decimal comma, no ",0")."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts.text import file_size_text
from records.evidence import evidence_check
from records.forms import ExternalTrainingForm

from ..auth import sign_in
from .conftest import pdf_upload


@pytest.mark.parametrize(
    ("size", "vi", "en"),
    [
        (5 * 1024 * 1024, "5\u00a0MB", "5\u00a0MB"),
        (5 * 1024 * 1024 // 2, "2,5\u00a0MB", "2.5\u00a0MB"),
        (800 * 1024, "800\u00a0KB", "800\u00a0KB"),
        (3 * 1024**3, "3\u00a0GB", "3\u00a0GB"),
    ],
)
def test_file_size_text_uses_the_locale_decimal_mark_and_drops_whole_decimals(size, vi, en):
    with translation.override("vi"):
        assert file_size_text(size) == vi
    with translation.override("en"):
        assert file_size_text(size) == en


def test_evidence_help_text_and_size_error_follow_the_setting(settings, db):
    settings.LMS_RECORD_EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
    with translation.override("vi"):
        assert ExternalTrainingForm().fields["evidence"].help_text == "PDF, PNG hoặc JPEG, tối đa 5\u00a0MB."
        settings.LMS_RECORD_EVIDENCE_MAX_BYTES = 1536 * 1024
        assert (
            ExternalTrainingForm().fields["evidence"].help_text == "PDF, PNG hoặc JPEG, tối đa 1,5\u00a0MB."
        )
        big = SimpleUploadedFile(
            "minh-chung.pdf", b"%PDF-" + b"0" * 1600 * 1024, content_type="application/pdf"
        )
        with pytest.raises(ValidationError) as refused:
            evidence_check(big)
        assert refused.value.messages == ["Tệp lớn hơn 1,5\u00a0MB."]


def test_the_submission_page_shows_the_limit_of_the_setting(client, rworld, settings):
    settings.LMS_RECORD_EVIDENCE_MAX_BYTES = 2 * 1024 * 1024
    sign_in(client, rworld["an"])
    page = client.get(reverse("records:external_new")).content.decode()
    assert "PDF, PNG hoặc JPEG, tối đa 2\u00a0MB." in page and "5\u00a0MB" not in page and "5 MB" not in page
    assert 'accept=".pdf,.png,.jpeg,.jpg,application/pdf,image/png,image/jpeg"' in page
    assert pdf_upload().size < settings.LMS_RECORD_EVIDENCE_MAX_BYTES
