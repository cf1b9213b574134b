"""A learner watches a video lesson in real Chromium (#19): no video bytes before play, captions in
Vietnamese, only the seconds actually played count (a seek skips the rest), the lesson cannot be completed
before the required share, the attachment downloads through the platform, and the page passes axe."""

import re

import pytest

from courses import services as course_services
from courses.models import LessonProgress
from lessonmedia.models import WatchRecord

from ..factories import make_course, make_lesson
from ..lessonmedia.conftest import make_document, make_media
from .a11y import DESKTOP, PHONE, axe_run, blocking, describe, new_context, overflowing

pytestmark = pytest.mark.browser
live_db = pytest.mark.django_db(transaction=True)


@pytest.fixture
def video_world(catalog, learner_user):
    course = make_course(
        catalog, title="Đô thị thông minh qua video", for_citizens=True, completion_rule="lessons"
    )
    media, document = make_media("Bài giảng: sáu nhóm nhiệm vụ"), make_document("Tài liệu: Công văn 171")
    lesson = make_lesson(
        course,
        title="Bài học có video",
        body=[
            ("paragraph", "<p>Xem video bài giảng, rồi tải tài liệu đọc thêm.</p>"),
            (
                "media",
                {
                    "media": media,
                    "title": "Video bài giảng",
                    "required_percent": 60,
                    "transcript": "Lời thoại.",
                },
            ),
            ("document", {"document": document, "title": "Tải tài liệu đọc thêm"}),
        ],
    )
    make_lesson(course, title="Bài tiếp theo")
    course_services.enrollment_create(user=learner_user, course=course)
    return lesson, media


@pytest.fixture
def learner_user(db):
    from accounts.models import Audience

    from ..factories import ProfileFactory

    return ProfileFactory(audience=Audience.CITIZEN).user


def _file_url(lesson, media) -> str:
    return f"/hoc-lieu/bai-hoc/{lesson.pk}/media/{media.pk}/"


@live_db
def test_learner_watches_seeks_and_only_played_seconds_count(
    browser, live_server, video_world, learner_user, tmp_path, settings
):
    settings.LMS_MEDIA_REPORT_SECONDS = 2  # the live server shares these settings: reports every 2 s
    settings.LMS_MEDIA_RANGE_CHUNK_BYTES = 16 * 1024  # a small test video: chunks as small in proportion
    lesson, media = video_world
    context = new_context(browser, live_server, viewport=DESKTOP, user=learner_user)
    page = context.new_page()
    # Every byte of the video file the browser receives, counted by Chromium itself (DevTools protocol), also
    # for a request the player aborts once it has read the header.
    media_bytes, media_requests, file_requests = [], [], set()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")

    def on_request(event):
        if event["request"]["url"].endswith(_file_url(lesson, media)):
            file_requests.add(event["requestId"])
            media_requests.append(event["request"]["headers"].get("Range"))

    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on(
        "Network.dataReceived",
        lambda event: (
            media_bytes.append(event["dataLength"]) if event["requestId"] in file_requests else None
        ),
    )
    try:
        assert page.goto(lesson.url).status == 200
        video = page.locator("main video")
        video.wait_for()
        page.wait_for_function("() => document.querySelector('main video').readyState >= 1")  # metadata read
        page.wait_for_timeout(500)
        before_play = sum(media_bytes)
        # Page weight: before play the browser reads only the container's header (a range), never the video.
        # Chromium's "metadata" preload reads the header and a few chunks of frames (80 to 100 KB of this
        # 185 KB test video with 16 KB chunks, depending on timing), never the whole file.
        assert before_play < media.file.size, (before_play, media.file.size, media_requests)
        print(
            f"\nvideo bytes before play: {before_play} of {media.file.size} ({len(media_requests)} range requests)"
        )
        assert all(header is None or header.startswith("bytes=") for header in media_requests), media_requests
        assert page.evaluate("document.querySelector('main video').textTracks[0].language") == "vi"
        assert page.evaluate("document.querySelector('main video').textTracks[0].mode") == "showing"
        page.screenshot(path=tmp_path / "before-play.png")

        # Play about 4 s, jump to 14 s, play about 2 s more, pause (each pause reports at once).
        page.evaluate("v => { v.muted = true; return v.play(); }", video.element_handle())
        page.wait_for_function("() => document.querySelector('main video').currentTime >= 4", timeout=15_000)
        page.evaluate("v => { v.currentTime = 14; }", video.element_handle())
        page.wait_for_function("() => document.querySelector('main video').currentTime >= 16", timeout=15_000)
        with page.expect_response(lambda r: "/tien-do/" in r.url) as answer:
            page.evaluate("v => v.pause()", video.element_handle())
        assert answer.value.status == 200
        page.screenshot(path=tmp_path / "after-play.png")

        record = WatchRecord.objects.get(user=learner_user, media=media)
        watched = record.watched_seconds
        print(
            f"watched after 4 s + seek + 2 s: {watched:.1f} s of {media.duration:.1f} s, ranges {record.ranges}"
        )
        assert 5 <= watched <= 8.5, record.ranges  # about 4 + 2 s; the 4-14 s that were skipped never count
        assert not any(start < 12 and end > 6 for start, end in record.ranges), record.ranges
        percent = int(watched * 100 // media.duration)
        page.wait_for_function(
            f"() => document.querySelector('[data-watched]').textContent.trim() === '{percent}'"
        )

        # 60 % is required: the lesson is not done yet, and the page says why.
        page.get_by_role("button", name="Đánh dấu đã học xong").click()
        assert "Hãy xem ít nhất 60%" in page.locator(".messages").inner_text()
        assert not LessonProgress.objects.filter(lesson=lesson).exists()

        # The attachment comes from the platform's checked view.
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile("Tải tài liệu đọc thêm")).click()
        assert download.value.suggested_filename.endswith(".pdf")
        with open(download.value.path(), "rb") as saved:
            assert saved.read(4) == b"%PDF"

        # Coming back resumes near where they stopped.
        page.goto(lesson.url)
        page.wait_for_function("() => document.querySelector('main video').readyState >= 1")
        page.wait_for_function("() => document.querySelector('main video').currentTime > 10")
    finally:
        context.close()


@live_db
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_video_lesson_passes_the_accessibility_gate(
    browser, live_server, video_world, learner_user, viewport, tmp_path
):
    lesson, _media = video_world
    context = new_context(browser, live_server, viewport=viewport, user=learner_user)
    page = context.new_page()
    try:
        assert page.goto(lesson.url).status == 200
        page.wait_for_function("() => document.querySelector('main video').readyState >= 1")
        page.screenshot(path=tmp_path / f"video-lesson-{viewport['width']}.png", full_page=True)
        failures = []
        if found := blocking(axe_run(page)):
            failures.append(describe("video lesson", found))
        if viewport == PHONE and (wide := overflowing(page)):
            failures.append(f"video lesson scrolls sideways at 320 px: {', '.join(wide)}")
        assert not failures, "\n".join(failures)
    finally:
        context.close()
