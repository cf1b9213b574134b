"""The demo lessons' short video, made locally: slides drawn with Pillow, Vietnamese narration spoken by
espeak-ng, joined by ffmpeg into WebM (VP9 and Opus: every browser plays it, Chromium without proprietary
codecs too), with Vietnamese WebVTT captions timed from the narration. Nothing is downloaded."""

import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.models import Collection

from cms.services import COURSE_COLLECTION
from lessonmedia.models import Caption, LessonMedia, WatchRecord
from lessonmedia.selectors import lesson_watch_requirements
from lessonmedia.services import lesson_media_probe

from .media import INK, MUTED, PALETTE, WHITE, _font, _wrap

VIDEO_TITLE = "Giới thiệu khóa bồi dưỡng đô thị thông minh (video)"

WIDTH, HEIGHT = 640, 360

# (heading, text on the slide, narration = caption text)
SLIDES = [
    (
        "Đô thị thông minh Tây Ninh",
        "Công văn 171/UBND-KT",
        "Chào mừng bạn đến với khóa bồi dưỡng về phát triển đô thị thông minh của tỉnh Tây Ninh.",
    ),
    (
        "Sáu nhóm nhiệm vụ",
        "Quy hoạch · Hạ tầng · Xây dựng · Tiện ích · Kinh tế · Người dân",
        "Công văn 171 đặt ra sáu nhóm nhiệm vụ, từ quy hoạch, hạ tầng đến dịch vụ cho người dân.",
    ),
    (
        "Học mọi lúc, mọi nơi",
        "Xem video, đọc tài liệu, làm bài kiểm tra",
        "Hãy xem hết bài giảng, đọc tài liệu đính kèm và làm bài kiểm tra cuối khóa.",
    ),
]


class VideoToolsMissing(Exception):
    """espeak-ng or ffmpeg is not installed (Debian packages espeak-ng, ffmpeg; `make system-deps`)."""


def _slide(index: int, heading: str, text: str) -> PILImage.Image:
    fill, border = PALETTE[index % len(PALETTE)]
    image = PILImage.new("RGB", (WIDTH, HEIGHT), fill)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 56], fill=border)
    draw.text((24, 28), "Bồi dưỡng đô thị thông minh", font=_font(20, bold=True), fill=WHITE, anchor="lm")
    title_font, body_font = _font(34, bold=True), _font(24)
    y = 140
    for line in _wrap(heading, title_font, WIDTH - 80):
        draw.text((WIDTH // 2, y), line, font=title_font, fill=INK, anchor="mm")
        y += 44
    y += 16
    for line in _wrap(text, body_font, WIDTH - 100):
        draw.text((WIDTH // 2, y), line, font=body_font, fill=MUTED, anchor="mm")
        y += 32
    return image


def _timestamp(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{rest:06.3f}"


def _duration(path: Path) -> float:
    out = subprocess.run(  # noqa: S603
        [
            settings.LMS_MEDIA_FFPROBE,
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
            path,
        ],
        capture_output=True,
        check=True,
        timeout=30,
    )
    return float(out.stdout.strip())


def render_intro_video() -> tuple[bytes, str]:
    """The video (WebM bytes, about 20 seconds, well under 300 KB) and its Vietnamese WebVTT captions."""
    espeak, ffmpeg = shutil.which("espeak-ng"), shutil.which(settings.LMS_MEDIA_FFMPEG)
    if not espeak or not ffmpeg:
        raise VideoToolsMissing("espeak-ng and ffmpeg are needed to make the demo video")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        inputs, cues, start = [], ["WEBVTT", ""], 0.0
        for index, (heading, text, narration) in enumerate(SLIDES):
            png, wav = folder / f"slide{index}.png", folder / f"slide{index}.wav"
            _slide(index, heading, text).save(png)
            subprocess.run(  # noqa: S603
                [espeak, "-v", "vi", "-s", "150", "-w", str(wav), narration], check=True, timeout=60
            )
            length = _duration(wav) + 0.4
            inputs += ["-loop", "1", "-framerate", "5", "-t", f"{length:.2f}", "-i", str(png), "-i", str(wav)]
            cues += [f"{index + 1}", f"{_timestamp(start)} --> {_timestamp(start + length)}", narration, ""]
            start += length
        streams = "".join(f"[{2 * i}:v][{2 * i + 1}:a]" for i in range(len(SLIDES)))
        target = folder / "intro.webm"
        subprocess.run(  # noqa: S603
            [
                ffmpeg, "-v", "error", "-y", *inputs,
                "-filter_complex", f"{streams}concat=n={len(SLIDES)}:v=1:a=1[v][a]",
                "-map", "[v]", "-map", "[a]",
                "-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "45", "-row-mt", "1", "-deadline", "good",
                "-cpu-used", "5", "-r", "5", "-pix_fmt", "yuv420p",
                "-c:a", "libopus", "-b:a", "24k", "-ac", "1",
                str(target),
            ],
            check=True,
            timeout=120,
            capture_output=True,
        )  # fmt: skip
        return target.read_bytes(), "\n".join(cues)


def intro_video_cached() -> tuple[bytes, str]:
    """``render_intro_video`` once per machine: kept in the temporary folder under a hash of the slides, so a
    test suite that loads the demo many times encodes it once (about 10 s)."""
    key = hashlib.sha256(json.dumps(SLIDES, ensure_ascii=False).encode()).hexdigest()[:16]
    video_path = Path(tempfile.gettempdir()) / f"lms-demo-intro-{key}.webm"
    captions_path = video_path.with_suffix(".vtt")
    if video_path.exists() and captions_path.exists():
        return video_path.read_bytes(), captions_path.read_text(encoding="utf-8")
    video, captions = render_intro_video()
    partial = video_path.with_suffix(".partial")
    partial.write_bytes(video)
    captions_path.write_text(captions, encoding="utf-8")
    partial.replace(video_path)
    return video, captions


def load_intro_video() -> LessonMedia | None:
    """The demo video with its Vietnamese captions in the course-materials collection (found by title, or
    made). None, with a note on stderr, where espeak-ng or ffmpeg is missing: the demo loads without it."""
    media = LessonMedia.objects.filter(title=VIDEO_TITLE).first()
    if media is not None:
        return media
    try:
        video, captions = intro_video_cached()
    except (VideoToolsMissing, subprocess.SubprocessError, OSError) as error:
        import sys

        print(f"demo video skipped: {error}", file=sys.stderr)
        return None
    media = LessonMedia(
        title=VIDEO_TITLE, type="video", collection=Collection.objects.get(name=COURSE_COLLECTION)
    )
    media.file.save("gioi-thieu-do-thi-thong-minh.webm", ContentFile(video), save=False)
    media.save()
    caption = Caption(media=media, language="vi")
    caption.file.save("gioi-thieu-do-thi-thong-minh.vi.vtt", ContentFile(captions.encode()), save=False)
    caption.save()
    lesson_media_probe(media_id=media.pk)  # duration and poster now: the lessons below show them
    media.refresh_from_db()
    return media


# The share of the demo video a learner must watch before its lesson counts as done.
REQUIRED_PERCENT = 80


def demo_lesson_watched(*, user, lesson) -> int:
    """Record that ``user`` watched every video ``lesson`` requires, in full, as a learner of the demo would
    have before completing it: the demo's learners complete lessons through the same service as everyone,
    which refuses a lesson whose required share was not watched. Writes the rows directly (the service caps a
    report to wall-clock time, right for a player, not for history). Idempotent. Returns the rows written."""
    required = lesson_watch_requirements(lesson)
    written = 0
    for media in LessonMedia.objects.filter(pk__in=required, duration__gt=0):
        _record, created = WatchRecord.objects.get_or_create(
            user=user,
            lesson_id=lesson.pk,
            media=media,
            defaults={
                "ranges": [[0.0, round(media.duration, 2)]],
                "watched_seconds": round(media.duration, 2),
                "position": round(media.duration, 2),
                "reported_at": timezone.now(),
            },
        )
        written += created
    return written
