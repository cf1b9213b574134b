"""Writes of lesson media: reading an uploaded file (duration, size, poster) and recording watched ranges."""

import logging
import os
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from .models import LessonMedia, WatchRecord
from .probing import ProbeError, media_probe, poster_extract
from .ranges import ranges_merge, ranges_subtract, ranges_total, ranges_truncate

logger = logging.getLogger("lms.lessonmedia")


@contextmanager
def _local_path(field_file):
    """A path on disk for ``field_file``: the file itself on local storage, else a temporary copy."""
    try:
        yield field_file.path
        return
    except NotImplementedError:
        pass
    with tempfile.NamedTemporaryFile(suffix=Path(field_file.name).suffix) as copy:
        with field_file.open("rb") as source:
            for chunk in source.chunks():
                copy.write(chunk)
        copy.flush()
        yield copy.name


def lesson_media_probe(*, media_id: int) -> str:
    """Read duration and size of a media file with ffprobe and, for a video without a poster, draw one
    with ffmpeg. Idempotent: a file already read (``probed_file``) is not read again. Returns the status."""
    media = LessonMedia.objects.filter(pk=media_id).first()
    if media is None or not media.file:
        return "missing"
    if media.probed_file == media.file.name and media.probe_status != LessonMedia.ProbeStatus.PENDING:
        return media.probe_status
    updates = {"probed_file": media.file.name}
    try:
        with _local_path(media.file) as path:
            result = media_probe(path)
            updates.update(duration=round(result.duration, 2), width=result.width, height=result.height)
            if result.kind == "video" and not media.thumbnail:
                with tempfile.TemporaryDirectory() as folder:
                    target = os.path.join(folder, "poster.jpg")
                    poster_extract(path, at_seconds=min(1.0, result.duration / 2), target=target)
                    with open(target, "rb") as poster:
                        media.thumbnail.save(f"poster-{media.pk}.jpg", File(poster), save=False)
                    updates["thumbnail"] = media.thumbnail.name
        updates["probe_status"] = LessonMedia.ProbeStatus.DONE
    except ProbeError as error:
        logger.warning("lesson media %s could not be read: %s", media_id, error)
        updates["probe_status"] = LessonMedia.ProbeStatus.FAILED
    LessonMedia.objects.filter(pk=media_id).update(**updates)
    return updates["probe_status"]


def watch_report(
    *, user, lesson_id: int, media: LessonMedia, ranges: list, position: float, now: datetime | None = None
) -> WatchRecord:
    """Add the ranges a learner's player reports (already cleaned) to what they watched of ``media``.

    Rapid seeking does not count: a report adds at most the wall-clock time since the previous report times
    LMS_MEDIA_MAX_PLAYBACK_RATE (the first report: one reporting interval, LMS_MEDIA_REPORT_SECONDS). What
    exceeds that is cut from the end of the new ranges; the player sends all ranges of its session each time,
    so a range cut by timer jitter is counted by a later report. The record's row is locked, so two tabs
    reporting at once cannot both spend the same budget.
    """
    now = now or timezone.now()
    with transaction.atomic():
        record, _created = WatchRecord.objects.select_for_update().get_or_create(
            user=user, lesson_id=lesson_id, media=media
        )
        if record.reported_at is None:
            elapsed = settings.LMS_MEDIA_REPORT_SECONDS
        else:
            elapsed = max((now - record.reported_at).total_seconds(), 0)
        budget = elapsed * settings.LMS_MEDIA_MAX_PLAYBACK_RATE
        stored = [tuple(pair) for pair in record.ranges]
        new = ranges_truncate(ranges_subtract(ranges, stored), budget=budget)
        merged = ranges_merge([*stored, *new], gap=0)
        if len(merged) > 500:  # a pathological client: join close ranges rather than grow without bound
            merged = ranges_merge(merged, gap=1)
        record.ranges = [[round(start, 2), round(end, 2)] for start, end in merged]
        record.watched_seconds = round(ranges_total(merged), 2)
        duration = media.duration or position
        record.position = round(min(max(position, 0), duration), 2)
        record.reported_at = now
        record.save()
    return record
