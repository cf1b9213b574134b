"""Reads of lesson media: how much of a video a learner watched, and what a lesson still asks them to watch."""

import math
from dataclasses import dataclass

from .access import lesson_media_ids
from .models import LessonMedia, WatchRecord


def watched_percent(*, record: WatchRecord | None, media: LessonMedia) -> int:
    """Whole percent of ``media`` covered by the recorded ranges (rounded down; 0 without a duration)."""
    if record is None or not media.duration:
        return 0
    # Rounded to 1e-6 before flooring: 18.12 s of 18.12 s is 100 %, not the 99 % float division gives.
    return min(100, math.floor(round(record.watched_seconds * 100 / media.duration, 6)))


def watch_record(*, user, lesson_id: int, media: LessonMedia) -> WatchRecord | None:
    if not user.is_authenticated:
        return None
    return WatchRecord.objects.filter(user=user, lesson_id=lesson_id, media=media).first()


@dataclass(frozen=True)
class WatchShortfall:
    title: str
    required_percent: int
    watched_percent: int


def lesson_watch_requirements(page) -> dict[int, int]:
    """``{media id: required percent}`` of the media blocks in ``page``'s live body that require watching."""
    required: dict[int, int] = {}
    for child in getattr(getattr(page, "body", None), "raw_data", None) or []:
        value = child.get("value")
        if child.get("type") != "media" or not isinstance(value, dict):
            continue
        media_id, percent = value.get("media"), value.get("required_percent") or 0
        if isinstance(media_id, int) and isinstance(percent, int) and percent > 0:
            required[media_id] = max(required.get(media_id, 0), min(percent, 100))
    return required


def lesson_watch_shortfalls(*, user, page) -> list[WatchShortfall]:
    """The videos of lesson ``page`` that ``user`` has not yet watched enough of (empty: nothing missing).

    Computed from the recorded ranges only (never from what the browser claims as a percentage); two queries
    whatever the number of videos. A media item whose duration is unknown (not read yet) cannot be checked and
    is not required.
    """
    required = lesson_watch_requirements(page)
    if not required:
        return []
    media = {m.pk: m for m in LessonMedia.objects.filter(pk__in=required, duration__gt=0)}
    records = {
        r.media_id: r
        for r in WatchRecord.objects.filter(user=user, lesson_id=page.pk, media_id__in=list(media))
    }
    shortfalls = []
    for media_id, percent in required.items():
        if media_id not in media:
            continue
        watched = watched_percent(record=records.get(media_id), media=media[media_id])
        if watched < percent:
            shortfalls.append(WatchShortfall(media[media_id].title, percent, watched))
    return shortfalls


def lesson_watch_state(*, user, page) -> dict[str, dict]:
    """What the players of lesson ``page`` need to know about ``user``: ``{media id: {"position": seconds,
    "watched_percent": n}}`` for each media block the learner has a record for (empty for visitors).

    Kept out of the block's markup on purpose: the rendered lesson body is the same for every learner (and may
    be cached); this small per-learner state is rendered beside it as JSON. One query whatever the number of
    videos.
    """
    if not user.is_authenticated:
        return {}
    media_ids = lesson_media_ids(page)
    if not media_ids:
        return {}
    records = WatchRecord.objects.filter(user=user, lesson_id=page.pk, media_id__in=media_ids).select_related(
        "media"
    )
    return {
        str(record.media_id): {
            "position": round(record.position, 2),
            "watched_percent": watched_percent(record=record, media=record.media),
        }
        for record in records
    }
