import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from accounts.models import Audience
from lessonmedia.models import Caption, LessonMedia
from lessonmedia.services import lesson_media_probe

from ..factories import ProfileFactory, make_course, make_lesson

VTT = "WEBVTT\n\n1\n00:00:00.000 --> 00:00:04.000\nXin chào, đây là bài giảng về đô thị thông minh.\n"


def _made_once(name: str, ffmpeg_args: list[str], *, timeout: int = 120) -> Path:
    """A test media file made by ffmpeg once per machine (kept in the temporary directory); written to a
    partial file first, so an interrupted run never leaves a broken one behind. The partial file is this
    process's own: two xdist workers (or two runs) that start on a machine without the file both make it, and
    with one shared partial name the second rename found it gone (FileNotFoundError)."""
    path = Path(tempfile.gettempdir()) / name
    if not path.exists():
        partial = path.with_name(f"partial-{os.getpid()}-{name}")
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", *ffmpeg_args, str(partial)], check=True, timeout=timeout
        )
        partial.replace(path)
    return path


def test_video_bytes(seconds: int = 20) -> bytes:
    """A small VP8/Vorbis WebM (Chromium plays it without proprietary codecs)."""
    return _made_once(
        f"lms-test-video-{seconds}s.webm",
        [
            "-f", "lavfi", "-i", f"testsrc=size=320x180:rate=10:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
            "-c:v", "libvpx", "-b:v", "150k", "-c:a", "libvorbis", "-ac", "1", "-ar", "22050",
        ],
    ).read_bytes()  # fmt: skip


test_video_bytes.__test__ = False  # a helper, not a test


def big_video_path(seconds: int = 30) -> Path:
    """A WebM of several MB (noise at a constant 1.5 Mbit/s: about 5.5 MB for 30 s), for page-weight checks
    where a small file would hide what the browser reads ahead (about a minute to make)."""
    return _made_once(
        f"lms-test-video-big-{seconds}s.webm",
        [
            "-f", "lavfi", "-i", f"testsrc2=size=640x360:rate=25:duration={seconds},noise=alls=30:allf=t",
            "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
            "-c:v", "libvpx", "-b:v", "1500k", "-minrate", "1500k", "-maxrate", "1500k",
            "-deadline", "realtime", "-cpu-used", "8",
            "-c:a", "libvorbis", "-ac", "1", "-ar", "22050",
        ],
        timeout=600,
    )  # fmt: skip


def test_audio_bytes(seconds: int = 20) -> bytes:
    """A small Ogg/Opus recording (a tone)."""
    return _made_once(
        f"lms-test-audio-{seconds}s.ogg",
        [
            "-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds}",
            "-c:a", "libopus", "-b:a", "24k", "-ac", "1",
        ],
    ).read_bytes()  # fmt: skip


test_audio_bytes.__test__ = False


def make_media(
    title="Bài giảng video", *, seconds=20, captions=("vi",), content: bytes | None = None
) -> LessonMedia:
    media = LessonMedia(title=title, type="video")
    media.file.save("bai-giang.webm", ContentFile(content or test_video_bytes(seconds)), save=False)
    media.save()
    for language in captions:
        caption = Caption(media=media, language=language)
        caption.file.save(f"phu-de.{language}.vtt", ContentFile(VTT.encode()), save=False)
        caption.save()
    lesson_media_probe(media_id=media.pk)
    media.refresh_from_db()
    return media


def make_audio(title="Bài nghe", *, seconds=20, captions=("vi",)) -> LessonMedia:
    media = LessonMedia(title=title, type="audio")
    media.file.save("bai-nghe.ogg", ContentFile(test_audio_bytes(seconds)), save=False)
    media.save()
    for language in captions:
        caption = Caption(media=media, language=language)
        caption.file.save(f"bai-nghe.{language}.vtt", ContentFile(VTT.encode()), save=False)
        caption.save()
    lesson_media_probe(media_id=media.pk)
    media.refresh_from_db()
    return media


def make_document(title="Tài liệu bài học") -> object:
    document = get_document_model()(title=title)
    document.file.save("tai-lieu.pdf", ContentFile(b"%PDF-1.4\n% tai lieu\n%%EOF\n"), save=False)
    document.save()
    return document


@pytest.fixture
def learner(db):
    return ProfileFactory(audience=Audience.CITIZEN).user


@pytest.fixture
def media(db):
    return make_media()


@pytest.fixture
def document(db):
    return make_document()


@pytest.fixture
def course(catalog):
    return make_course(
        catalog, title="Đô thị thông minh qua video", for_citizens=True, completion_rule="lessons"
    )


@pytest.fixture
def video_lesson(course, media, document):
    body = [
        ("paragraph", "<p>Xem video rồi đọc tài liệu.</p>"),
        ("media", {"media": media, "title": "Bài giảng mở đầu", "required_percent": 80, "transcript": ""}),
        ("document", {"document": document, "title": "Tài liệu đọc thêm"}),
    ]
    return make_lesson(course, title="Bài học có video", body=body)
