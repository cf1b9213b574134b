"""ffprobe and ffmpeg (Debian package ffmpeg): what a media file holds, and a poster frame of a video."""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

TIMEOUT_SECONDS = 60


class ProbeError(Exception):
    """The file is not a video or audio file ffprobe can read (or the tool is missing)."""


@dataclass(frozen=True)
class ProbeResult:
    kind: str  # "video" or "audio"
    duration: float
    width: int | None
    height: int | None


def media_probe(path: str | Path) -> ProbeResult:
    """Read the container header of the file at ``path``; raises ProbeError when it holds no audio or video."""
    try:
        completed = subprocess.run(  # noqa: S603 (fixed program, the path is ours)
            [
                settings.LMS_MEDIA_FFPROBE,
                "-v",
                "error",
                "-print_format",
                "json",
                "-show_format",
                "-show_streams",
                str(path),
            ],
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ProbeError(str(error)) from error
    if completed.returncode != 0:
        raise ProbeError(completed.stderr.decode(errors="replace")[:500])
    data = json.loads(completed.stdout or b"{}")
    streams = data.get("streams", [])
    # A cover picture inside an MP3 is a "video" stream with attached_pic: still audio.
    videos = [
        s
        for s in streams
        if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
    ]
    audios = [s for s in streams if s.get("codec_type") == "audio"]
    if not videos and not audios:
        raise ProbeError("no audio or video stream")
    try:
        duration = float(data.get("format", {}).get("duration") or 0)
    except ValueError:
        duration = 0.0
    if videos:
        return ProbeResult("video", duration, videos[0].get("width"), videos[0].get("height"))
    return ProbeResult("audio", duration, None, None)


def poster_extract(path: str | Path, *, at_seconds: float, target: str | Path) -> None:
    """Write one frame of the video at ``path`` (``at_seconds`` in) as a JPEG at ``target``."""
    try:
        completed = subprocess.run(  # noqa: S603
            [
                settings.LMS_MEDIA_FFMPEG,
                "-v",
                "error",
                "-y",
                "-ss",
                f"{max(at_seconds, 0):.2f}",
                "-i",
                str(path),
                "-frames:v",
                "1",
                "-vf",
                "scale='min(1280,iw)':-2",
                "-q:v",
                "4",
                str(target),
            ],
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ProbeError(str(error)) from error
    if completed.returncode != 0 or not Path(target).exists() or Path(target).stat().st_size == 0:
        raise ProbeError(completed.stderr.decode(errors="replace")[:500] or "no frame")
