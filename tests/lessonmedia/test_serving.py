"""A lesson's files come only from checked views: range requests, captions, posters, attachments."""

import pytest
from django.urls import reverse

from courses import services as course_services
from lessonmedia.models import Caption

from ..auth import sign_in
from ..factories import UserFactory, make_lesson
from .conftest import make_media

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def enrolled(client, learner, course):
    course_services.enrollment_create(user=learner, course=course)
    return sign_in(client, learner)


def test_video_is_served_with_range_requests(enrolled, video_lesson, media, settings):
    url = reverse("lessonmedia:file", kwargs={"lesson_id": video_lesson.pk, "media_id": media.pk})
    size = media.file.size
    whole = enrolled.get(url)
    assert (
        whole.status_code == 200
        and whole["Accept-Ranges"] == "bytes"
        and whole["Content-Type"] == "video/webm"
    )
    assert int(whole["Content-Length"]) == size and len(_body(whole)) == size
    assert "private" in whole["Cache-Control"]

    part = enrolled.get(url, HTTP_RANGE="bytes=100-1123")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-1123/{size}"
    with media.file.open("rb") as handle:
        handle.seek(100)
        assert _body(part) == handle.read(1024)
    tail = enrolled.get(url, HTTP_RANGE="bytes=-10")
    assert tail.status_code == 206 and len(_body(tail)) == 10
    open_end = enrolled.get(url, HTTP_RANGE="bytes=0-")
    assert open_end.status_code == 206 and open_end["Content-Range"] == f"bytes 0-{size - 1}/{size}"
    settings.LMS_MEDIA_RANGE_CHUNK_BYTES = 4096  # an open-ended range gets one chunk; the player asks again
    first = enrolled.get(url, HTTP_RANGE="bytes=0-")
    assert first["Content-Range"] == f"bytes 0-4095/{size}" and len(_body(first)) == 4096
    beyond = enrolled.get(url, HTTP_RANGE=f"bytes={size}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{size}"


def test_lesson_page_plays_with_the_browsers_player_and_loads_no_video_bytes_first(
    enrolled, video_lesson, media
):
    html = enrolled.get(video_lesson.url).content.decode()
    caption = Caption.objects.get(media=media)
    # preload="none": the browser fetches nothing of the file before play; the poster and the duration read
    # by ffprobe are on the page instead (ADR 0035).
    assert 'preload="none"' in html and 'preload="metadata"' not in html
    assert "autoplay" not in html and "<video controls" in html
    assert '<time datetime="PT20S">0:20</time>' in html
    assert f'src="/hoc-lieu/bai-hoc/{video_lesson.pk}/media/{media.pk}/"' in html
    track = f'<track kind="captions" src="/hoc-lieu/bai-hoc/{video_lesson.pk}/media/{media.pk}/phu-de/{caption.pk}/"'
    assert track in html and 'srclang="vi" label="Tiếng Việt" default' in html
    assert f'poster="/hoc-lieu/bai-hoc/{video_lesson.pk}/media/{media.pk}/anh-bia/"' in html
    assert 'src="/media/' not in html and "/private/" not in html  # no public file address
    assert "lesson-media.js" in html


def test_captions_and_poster_are_served_to_the_learner(enrolled, video_lesson, media):
    caption = Caption.objects.get(media=media)
    args = {"lesson_id": video_lesson.pk, "media_id": media.pk}
    vtt = enrolled.get(reverse("lessonmedia:caption", kwargs={**args, "caption_id": caption.pk}))
    assert vtt.status_code == 200 and vtt["Content-Type"].startswith("text/vtt")
    assert _body(vtt).decode().startswith("WEBVTT")
    poster = enrolled.get(reverse("lessonmedia:poster", kwargs=args))
    assert poster.status_code == 200 and _body(poster)[:3] == b"\xff\xd8\xff"  # the JPEG ffmpeg drew


def test_attachment_downloads_through_the_lesson(enrolled, video_lesson, document):
    html = enrolled.get(video_lesson.url).content.decode()
    url = reverse("lessonmedia:document", kwargs={"lesson_id": video_lesson.pk, "document_id": document.pk})
    assert f'href="{url}" download' in html
    answer = enrolled.get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert "attachment" in answer["Content-Disposition"] and _body(answer).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["anonymous", "not_enrolled"])
def test_files_of_a_lesson_are_refused_to_those_who_may_not_see_it(
    client, video_lesson, media, document, who
):
    if who == "not_enrolled":
        sign_in(client, UserFactory())
    args = {"lesson_id": video_lesson.pk, "media_id": media.pk}
    caption = Caption.objects.get(media=media)
    for url in [
        reverse("lessonmedia:file", kwargs=args),
        reverse("lessonmedia:poster", kwargs=args),
        reverse("lessonmedia:caption", kwargs={**args, "caption_id": caption.pk}),
        reverse("lessonmedia:document", kwargs={"lesson_id": video_lesson.pk, "document_id": document.pk}),
    ]:
        assert client.get(url).status_code == 404, url
    # Wagtail's own document address is checked too: the lesson that refers to it is not theirs.
    assert client.get(document.url).status_code == 404


def test_a_file_is_served_only_through_a_lesson_that_shows_it(enrolled, course, video_lesson, document):
    other = make_media("Video của bài khác")
    plain = make_lesson(course, title="Bài không có video")
    for lesson_id, media_id in [(video_lesson.pk, other.pk), (plain.pk, other.pk)]:
        url = reverse("lessonmedia:file", kwargs={"lesson_id": lesson_id, "media_id": media_id})
        assert enrolled.get(url).status_code == 404
    url = reverse("lessonmedia:document", kwargs={"lesson_id": plain.pk, "document_id": document.pk})
    assert enrolled.get(url).status_code == 404


def test_a_free_preview_lesson_shares_its_files_and_its_document_address(client, course, media, document):
    body = [
        ("media", {"media": media, "title": "Xem thử", "required_percent": 0, "transcript": ""}),
        ("document", {"document": document, "title": "Tài liệu xem thử"}),
    ]
    preview = make_lesson(course, title="Bài xem thử", body=body, free_preview=True)
    url = reverse("lessonmedia:file", kwargs={"lesson_id": preview.pk, "media_id": media.pk})
    assert client.get(url, HTTP_RANGE="bytes=0-99").status_code == 206
    assert client.get(document.url).status_code == 200
    # Anonymous visitors watch, but nothing is recorded for them and the player does not report.
    html = client.get(preview.url).content.decode()
    assert '"tracking": false' in html and '"media": {}' in html


def test_lesson_page_with_video_queries_are_bounded(
    enrolled, course, video_lesson, django_assert_max_num_queries
):
    enrolled.get(video_lesson.url)  # warm the content cache, as any later visit finds it
    with django_assert_max_num_queries(30):
        assert enrolled.get(video_lesson.url).status_code == 200
