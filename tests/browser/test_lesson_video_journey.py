"""A learner watches a video lesson in real Chromium (#19): no video bytes before play, captions in
Vietnamese, only the seconds actually played count (a seek skips the rest), the lesson cannot be completed
before the required share, the attachment downloads through the platform, and the page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from courses import services as course_services
from courses.models import LessonProgress
from lessonmedia.models import WatchRecord

from ..factories import make_course, make_lesson
from ..lessonmedia.conftest import big_video_path, make_audio, make_document, make_media
from .a11y import DESKTOP, PHONE, axe_run, blocking, describe, new_context, overflowing

pytestmark = pytest.mark.browser
live_db = pytest.mark.django_db(transaction=True)


PAGE_WEIGHT_BUDGET = 150 * 1024  # a lesson page's budget (#2); before play a video lesson stays within it

# Added before the page's scripts: counts the watch reports lesson-media.js sends (fetch to .../tien-do/) and how
# many the server has not answered yet, so a test can wait for all of them rather than for one response.
COUNT_REPORTS = """(() => {
  const original = window.fetch;
  const reports = (window.__watchReports = { sent: 0, pending: 0, failed: 0 });
  window.fetch = function (resource) {
    const result = original.apply(this, arguments);
    if (!String(resource).includes("/tien-do/")) return result;
    reports.sent += 1;
    reports.pending += 1;
    return result.then(
      (response) => { reports.pending -= 1; if (!response.ok) reports.failed += 1; return response; },
      (error) => { reports.pending -= 1; reports.failed += 1; throw error; },
    );
  };
})();"""


def pause_and_wait_for_the_reports(page, player) -> None:
    """Pause ``player`` and wait until the server has answered every watch report sent so far (none failed).

    Not ``expect_response`` around the pause: the pause reports only what was played since the last periodic
    report (every LMS_MEDIA_REPORT_SECONDS), so it sends nothing when that report went out just before it, and
    a periodic report still under way is the response such a wait catches while the pause's own is being
    written."""
    # Resolved from a listener added after the page's own: by then its pause handler has sent its report.
    player.evaluate(
        "p => new Promise(resolve => { p.addEventListener('pause', () => resolve(), { once: true }); p.pause(); })"
    )
    page.wait_for_function("() => window.__watchReports.pending === 0")
    reports = page.evaluate("window.__watchReports")
    assert reports["sent"] and not reports["failed"], reports


@pytest.fixture(scope="session")
def big_video() -> bytes:
    """Several MB (made by ffmpeg once per machine, read once per session): with a small file "fewer bytes
    than the whole file" says nothing about what the browser reads ahead."""
    return big_video_path().read_bytes()


@pytest.fixture
def video_world(catalog, learner_user, big_video):
    course = make_course(
        catalog, title="Đô thị thông minh qua video", for_citizens=True, completion_rule="lessons"
    )
    media = make_media("Bài giảng: sáu nhóm nhiệm vụ", content=big_video)
    document = make_document("Tài liệu: Công văn 171")
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
    lesson, media = video_world
    assert media.file.size > 4 * 1024 * 1024 and media.duration >= 29
    context = new_context(browser, live_server, viewport=DESKTOP, user=learner_user)
    page = context.new_page()
    page.add_init_script(COUNT_REPORTS)
    file_url = live_server.url + _file_url(lesson, media)
    # Playwright's network events on the media URL: every request for it, and every byte Chromium received
    # for it (DevTools "dataReceived", which also counts a request the player aborts part-way).
    media_requests = []
    page.on("request", lambda request: media_requests.append(request) if request.url == file_url else None)
    received, media_request_ids = {}, set()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")

    def on_request(event):
        if event["request"]["url"] == file_url:
            media_request_ids.add(event["requestId"])

    def on_finished(event):
        received[event["requestId"]] = event["encodedDataLength"]

    def on_data(event):
        if event["requestId"] in media_request_ids:
            received[event["requestId"]] = received.get(event["requestId"], 0) + event["dataLength"]

    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on("Network.dataReceived", on_data)
    cdp.on(
        "Network.loadingFinished",
        lambda event: None if event["requestId"] in media_request_ids else on_finished(event),
    )

    def media_bytes() -> int:
        return sum(size for request_id, size in received.items() if request_id in media_request_ids)

    try:
        assert page.goto(lesson.url).status == 200
        video = page.locator("main video")
        video.wait_for()
        page.wait_for_load_state("networkidle")
        # Captions are loaded and shown (Vietnamese, on by default), which needs no video byte.
        page.wait_for_function("() => document.querySelector('main video').textTracks[0].mode === 'showing'")
        assert page.evaluate("document.querySelector('main video').textTracks[0].language") == "vi"
        page.wait_for_timeout(1500)  # time for any read-ahead the page might trigger
        assert video.get_attribute("preload") == "none"
        assert page.evaluate("document.querySelector('main video').readyState") == 0
        # No video bytes before play: not one request for the file, not one byte.
        assert media_requests == [] and media_bytes() == 0, [r.headers.get("range") for r in media_requests]
        page_weight = sum(received.values())
        print(f"\nbefore play: 0 video bytes of {media.file.size}; page weight {page_weight} bytes")
        assert page_weight < PAGE_WEIGHT_BUDGET, page_weight
        # What the server says in place of what the browser would have read: the poster and the duration.
        assert video.get_attribute("poster").endswith("/anh-bia/")
        assert page.locator("main .block-media figcaption time").inner_text() == "0:30"
        page.screenshot(path=tmp_path / "before-play.png")

        # Play about 4 s, jump to 14 s, play about 2 s more, pause (each pause reports at once).
        page.evaluate("v => { v.muted = true; return v.play(); }", video.element_handle())
        page.wait_for_function("() => document.querySelector('main video').currentTime >= 4", timeout=20_000)
        assert media_requests and media_bytes() > 0
        assert all(r.headers.get("range", "bytes=").startswith("bytes=") for r in media_requests)
        page.evaluate("v => { v.currentTime = 14; }", video.element_handle())
        page.wait_for_function("() => document.querySelector('main video').currentTime >= 16", timeout=20_000)
        pause_and_wait_for_the_reports(page, video)
        print(
            f"after play: {media_bytes()} video bytes of {media.file.size} "
            f"in {len(media_requests)} requests (ranges {[r.headers.get('range') for r in media_requests]})"
        )
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
        assert page.locator("[data-watched-line]").is_visible()

        # 60 % is required: the lesson is not done yet, and the page says why (once the server answered).
        page.get_by_role("button", name="Đánh dấu đã học xong").click()
        expect(page.locator(".messages")).to_contain_text("Hãy xem ít nhất 60%")
        assert not LessonProgress.objects.filter(lesson=lesson).exists()

        # The attachment comes from the platform's checked view.
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile("Tải tài liệu đọc thêm")).click()
        assert download.value.suggested_filename.endswith(".pdf")
        with open(download.value.path(), "rb") as saved:
            assert saved.read(4) == b"%PDF"

        # Coming back: the page shows what was watched at once, and play resumes near where they stopped.
        page.goto(lesson.url)
        page.wait_for_function(
            f"() => document.querySelector('[data-watched]').textContent.trim() === '{percent}'"
        )
        page.evaluate(
            "v => { v.muted = true; return v.play(); }", page.locator("main video").element_handle()
        )
        page.wait_for_function("() => document.querySelector('main video').currentTime > 10")
        # Stop the player reading ahead before the test's data is flushed under the live server.
        page.evaluate(
            "() => { const v = document.querySelector('main video'); v.pause(); v.removeAttribute('src'); v.load(); }"
        )
        page.wait_for_timeout(300)
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
        page.locator("main video").wait_for()
        page.screenshot(path=tmp_path / f"video-lesson-{viewport['width']}.png", full_page=True)
        failures = []
        if found := blocking(axe_run(page)):
            failures.append(describe("video lesson", found))
        if viewport == PHONE and (wide := overflowing(page)):
            failures.append(f"video lesson scrolls sideways at 320 px: {', '.join(wide)}")
        assert not failures, "\n".join(failures)
    finally:
        context.close()


@live_db
def test_learner_listens_to_an_audio_lesson_and_only_played_seconds_count(
    browser, live_server, catalog, learner_user, settings
):
    settings.LMS_MEDIA_REPORT_SECONDS = 2
    course = make_course(catalog, title="Đô thị thông minh qua bài nghe", for_citizens=True)
    audio = make_audio("Bài nghe: Công văn 171")
    lesson = make_lesson(
        course,
        title="Bài học nghe",
        body=[
            (
                "media",
                {"media": audio, "title": "Bài giảng ghi âm", "required_percent": 50, "transcript": "Lời."},
            )
        ],
    )
    course_services.enrollment_create(user=learner_user, course=course)
    context = new_context(browser, live_server, viewport=PHONE, user=learner_user)
    page = context.new_page()
    page.add_init_script(COUNT_REPORTS)
    file_url = live_server.url + _file_url(lesson, audio)
    requests = []
    page.on("request", lambda request: requests.append(request) if request.url == file_url else None)
    try:
        assert page.goto(lesson.url).status == 200
        player = page.locator("main audio")
        player.wait_for()
        assert player.is_visible() and player.get_attribute("preload") == "none"
        page.wait_for_load_state("networkidle")
        assert requests == []  # no audio bytes before play
        assert page.evaluate("document.querySelector('main audio').textTracks[0].language") == "vi"
        assert "Cần nghe ít nhất 50%" in page.locator("main .block-media-progress").inner_text()
        assert page.locator("main [data-watched-line]").inner_text() == "Đã nghe: 0%."
        player.evaluate("a => { a.muted = true; return a.play(); }")
        page.wait_for_function("() => document.querySelector('main audio').currentTime >= 3", timeout=20_000)
        assert requests
        pause_and_wait_for_the_reports(page, player)
        record = WatchRecord.objects.get(user=learner_user, media=audio)
        # At least two of the three seconds played (the first and last ticks can fall outside the reports on a
        # loaded machine), never more than was played.
        assert 2.0 <= record.watched_seconds <= 5, record.ranges
        percent = int(record.watched_seconds * 100 // audio.duration)
        page.wait_for_function(
            f"() => document.querySelector('[data-watched]').textContent.trim() === '{percent}'"
        )
        player.evaluate("a => { a.pause(); a.removeAttribute('src'); a.load(); }")
    finally:
        context.close()
