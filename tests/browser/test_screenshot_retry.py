"""The session's screenshot wrapper asks Chromium once more when it refuses a capture outright, and only then."""

import pytest
from playwright.sync_api import Error

from .conftest import REFUSED_CAPTURE, retry_a_refused_capture


class FakePage:
    def __init__(self, errors):
        self.errors = list(errors)
        self.calls = 0
        self.frames_waited = 0

    def evaluate(self, script):
        self.frames_waited += 1

    def screenshot(self, **kwargs):
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return b"png"


def test_a_refused_capture_is_retried_once_after_a_frame():
    page = FakePage([Error(f"Page.screenshot: Protocol error (Page.captureScreenshot): {REFUSED_CAPTURE}")])
    assert retry_a_refused_capture(FakePage.screenshot)(page, full_page=True) == b"png"
    assert (page.calls, page.frames_waited) == (2, 1)


def test_a_second_refusal_and_any_other_error_are_raised():
    refused = Error(REFUSED_CAPTURE)
    twice = FakePage([refused, refused])
    with pytest.raises(Error, match=REFUSED_CAPTURE):
        retry_a_refused_capture(FakePage.screenshot)(twice)
    assert twice.calls == 2
    other = FakePage([Error("Timeout 15000ms exceeded")])
    with pytest.raises(Error, match="Timeout"):
        retry_a_refused_capture(FakePage.screenshot)(other)
    assert (other.calls, other.frames_waited) == (1, 0)
