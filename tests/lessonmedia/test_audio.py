"""Audio lessons (#19): a trainer uploads a recording in the admin and its captions as a snippet, ffprobe reads
its duration (no poster), the lesson plays it with the browser's own audio player (nothing fetched before
play), its captions and transcript are served, and "listened at least X %" is tracked and checked on the
server like a video's."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Collection

from accounts import roles
from courses import services as course_services
from courses.services import LearningError
from lessonmedia.models import Caption, LessonMedia, WatchRecord
from lessonmedia.selectors import lesson_watch_shortfalls
from lessonmedia.services import lesson_media_probe, watch_report

from ..auth import sign_in
from ..factories import UserFactory, make_lesson
from .conftest import VTT, make_audio, test_audio_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def audio(db):
    return make_audio("Bài nghe: sáu nhóm nhiệm vụ")


@pytest.fixture
def audio_lesson(course, audio):
    body = [
        ("paragraph", "<p>Nghe bài giảng ghi âm.</p>"),
        (
            "media",
            {
                "media": audio,
                "title": "Bài giảng ghi âm",
                "required_percent": 75,
                "transcript": "Lời bài giảng ghi âm.",
            },
        ),
    ]
    return make_lesson(course, title="Bài học nghe", body=body)


def test_trainer_uploads_a_recording_and_its_captions_in_the_admin(client, catalog, with_totp, settings):
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    sign_in(client, trainer)
    add = reverse("wagtailmedia:add", args=("audio",))
    assert client.get(add).status_code == 200
    answer = client.post(
        add,
        {
            "title": "Bài nghe tải lên",
            "collection": Collection.objects.get(name="Tài liệu khóa học").pk,
            "file": SimpleUploadedFile("bai-nghe.ogg", test_audio_bytes(), content_type="audio/ogg"),
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    media = LessonMedia.objects.get(title="Bài nghe tải lên")
    assert media.type == "audio" and media.uploaded_by_user == trainer
    assert lesson_media_probe(media_id=media.pk) == "done"
    media.refresh_from_db()
    assert 19.5 <= media.duration <= 20.5 and not media.thumbnail  # no poster drawn for sound
    answer = client.post(
        reverse("wagtailsnippets_lessonmedia_caption:add"),
        {
            "media": media.pk,
            "language": "vi",
            "file": SimpleUploadedFile("bai-nghe.vtt", VTT.encode(), content_type="text/vtt"),
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert Caption.objects.get(media=media).language == "vi"


def test_a_file_that_is_not_sound_is_refused_as_audio(client, catalog, with_totp):
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    sign_in(client, trainer)
    answer = client.post(
        reverse("wagtailmedia:add", args=("audio",)),
        {
            "title": "Không phải âm thanh",
            "collection": Collection.objects.get(name="Tài liệu khóa học").pk,
            "file": SimpleUploadedFile("gia.ogg", b"OggS but not really", content_type="audio/ogg"),
        },
    )
    assert answer.status_code == 200
    assert "Tệp này không chứa video hay âm thanh phát được" in answer.content.decode()
    assert not LessonMedia.objects.filter(title="Không phải âm thanh").exists()


def test_audio_lesson_plays_with_the_browsers_player_captions_and_transcript(
    client, learner, course, audio_lesson, audio
):
    course_services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)
    html = client.get(audio_lesson.url).content.decode()
    src = f"/hoc-lieu/bai-hoc/{audio_lesson.pk}/media/{audio.pk}/"
    assert f'<audio controls preload="none" src="{src}" aria-label="Bài giảng ghi âm">' in html
    assert "<video" not in html and "autoplay" not in html
    caption = Caption.objects.get(media=audio)
    assert (
        f'<track kind="captions" src="{src}phu-de/{caption.pk}/" srclang="vi" label="Tiếng Việt" default>'
        in html
    )
    assert "Thời lượng bản ghi âm" in html and '<time datetime="PT20S">0:20</time>' in html
    assert "Cần nghe ít nhất 75% bản ghi âm này để hoàn thành bài học." in html
    assert "Lời bài giảng ghi âm." in html  # transcript
    whole = client.get(src, HTTP_RANGE="bytes=0-99")
    assert whole.status_code == 206 and whole["Content-Type"] == "audio/ogg"
    assert b"".join(whole.streaming_content).startswith(b"OggS")
    served = client.get(f"{src}phu-de/{caption.pk}/")
    assert served.status_code == 200 and served["Content-Type"].startswith("text/vtt")


def test_listening_is_tracked_and_required_before_the_lesson_is_done(learner, course, audio_lesson, audio):
    enrollment = course_services.enrollment_create(user=learner, course=course)
    start = timezone.now()
    watch_report(
        user=learner, lesson_id=audio_lesson.pk, media=audio, ranges=[(0.0, 8.0)], position=8.0, now=start
    )
    # A jump to the end counts only the seconds played there.
    watch_report(
        user=learner,
        lesson_id=audio_lesson.pk,
        media=audio,
        ranges=[(0.0, 8.0), (18.0, 20.0)],
        position=20.0,
        now=start + timedelta(seconds=10),
    )
    record = WatchRecord.objects.get(user=learner, media=audio)
    assert record.ranges == [[0.0, 8.0], [18.0, 20.0]] and record.watched_seconds == 10.0
    (shortfall,) = lesson_watch_shortfalls(user=learner, page=audio_lesson)
    assert shortfall.required_percent == 75 and shortfall.watched_percent == int(1000 // audio.duration)
    with pytest.raises(LearningError, match="75%"):
        course_services.lesson_mark_complete(enrollment=enrollment, lesson=audio_lesson)
    watch_report(
        user=learner,
        lesson_id=audio_lesson.pk,
        media=audio,
        ranges=[(8.0, 18.0)],
        position=18.0,
        now=start + timedelta(seconds=25),
    )
    assert lesson_watch_shortfalls(user=learner, page=audio_lesson) == []
    assert course_services.lesson_mark_complete(enrollment=enrollment, lesson=audio_lesson) is True


def test_progress_view_records_listening(client, learner, course, audio_lesson, audio):
    course_services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)
    url = reverse("lessonmedia:progress", kwargs={"lesson_id": audio_lesson.pk, "media_id": audio.pk})
    answer = client.post(url, {"ranges": "[[0, 5]]", "position": "5"})
    assert answer.status_code == 200 and answer.json()["watched_percent"] == int(500 // audio.duration)
