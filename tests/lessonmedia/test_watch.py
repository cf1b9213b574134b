"""Watch tracking: ranges merged on the server, growth capped to wall-clock time, the lesson's "at least X %"."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import services as course_services
from courses.models import LessonProgress
from courses.services import LearningError
from lessonmedia.models import WatchRecord
from lessonmedia.selectors import lesson_watch_shortfalls, watched_percent
from lessonmedia.services import watch_report

from ..auth import sign_in

pytestmark = pytest.mark.django_db


def media_state(html: str) -> dict:
    """The per-learner JSON the lesson page renders beside the body for lesson-media.js."""
    return json.loads(
        html.split('<script id="lesson-media-state" type="application/json">')[1].split("</script>")[0]
    )


def media_block(html: str) -> str:
    return re.search(r"<figure class=\"block-media.*?</figure>", html, re.S).group(0)


def test_watch_report_merges_ranges_and_caps_growth_to_wall_clock(learner, video_lesson, media):
    start = timezone.now()
    # First report: at most one interval (10 s) times the rate (2): 20 s, whatever the player claims.
    record = watch_report(
        user=learner, lesson_id=video_lesson.pk, media=media, ranges=[(0, 20)], position=20, now=start
    )
    assert record.ranges == [[0.0, 20.0]] or record.watched_seconds <= 20
    record = watch_report(
        user=learner, lesson_id=video_lesson.pk, media=media, ranges=[(0, 4)], position=4, now=start
    )
    assert record.watched_seconds == 20  # seconds already counted are not counted twice

    # A learner (or a forged request) claiming the whole video one second later gets two seconds more.
    learner2 = learner
    record = watch_report(
        user=learner2,
        lesson_id=video_lesson.pk,
        media=media,
        ranges=[(0, 20), (20, 40)],
        position=20,
        now=start + timedelta(seconds=1),
    )
    assert record.watched_seconds <= 22


def test_seeking_through_the_video_counts_only_what_was_played(learner, video_lesson, media):
    now = timezone.now()
    # Played 0-3 s, then jumped to the end and played the last second: 4 s of a 20 s video.
    record = watch_report(
        user=learner, lesson_id=video_lesson.pk, media=media, ranges=[(0, 3), (19, 20)], position=20, now=now
    )
    assert record.ranges == [[0.0, 3.0], [19.0, 20.0]]
    shortfall = lesson_watch_shortfalls(user=learner, page=video_lesson)
    assert [(s.required_percent, s.watched_percent) for s in shortfall] == [(80, int(400 // media.duration))]
    assert 19 <= shortfall[0].watched_percent <= 20  # ffprobe read about 20 s


def test_a_lesson_with_a_required_video_is_not_done_before_the_threshold(
    learner, course, video_lesson, media
):
    enrollment = course_services.enrollment_create(user=learner, course=course)
    with pytest.raises(LearningError) as refused:
        course_services.lesson_mark_complete(enrollment=enrollment, lesson=video_lesson)
    assert "80%" in refused.value.message and "Bài giảng video" in refused.value.message
    assert not LessonProgress.objects.filter(enrollment=enrollment).exists()

    now = timezone.now()
    for second in range(0, 20, 5):  # four honest reports, ten seconds apart
        watch_report(
            user=learner,
            lesson_id=video_lesson.pk,
            media=media,
            ranges=[(0, second + 5)],
            position=second + 5,
            now=now + timedelta(seconds=10 * second),
        )
    assert lesson_watch_shortfalls(user=learner, page=video_lesson) == []
    assert course_services.lesson_mark_complete(enrollment=enrollment, lesson=video_lesson) is True


def test_progress_view_records_a_report_and_answers_the_servers_percent(
    client, learner, course, video_lesson, media
):
    course_services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)
    url = reverse("lessonmedia:progress", kwargs={"lesson_id": video_lesson.pk, "media_id": media.pk})
    answer = client.post(url, {"ranges": "[[0, 6.5]]", "position": "6.5"})
    assert answer.status_code == 200
    assert answer.json() == {"watched_percent": int(650 // media.duration), "position": 6.5}
    assert 20 <= media.duration <= 20.1
    record = WatchRecord.objects.get(user=learner, media=media)
    assert record.ranges == [[0.0, 6.5]]
    # The page gives the player where to resume and how much was watched, beside the body (never inside
    # the block's markup, which is the same for every learner).
    state = media_state(client.get(video_lesson.url).content.decode())
    assert state["tracking"] is True and state["csrf"]
    assert state["media"] == {str(media.pk): {"position": 6.5, "watched_percent": int(650 // media.duration)}}


@pytest.mark.parametrize(
    "data",
    [
        {"ranges": "not json", "position": "1"},
        {"ranges": "[[3, 1]]", "position": "1"},
        {"ranges": '[["a", 1]]', "position": "1"},
        {"ranges": "[[0, 1]]", "position": "nan"},
        {"ranges": "[[0, 1]]", "position": "-4"},
        {"ranges": '{"0": 1}', "position": "1"},
    ],
)
def test_progress_view_refuses_bad_reports_and_changes_nothing(
    client, learner, course, video_lesson, media, data
):
    course_services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)
    url = reverse("lessonmedia:progress", kwargs={"lesson_id": video_lesson.pk, "media_id": media.pk})
    assert client.post(url, data).status_code == 400
    assert not WatchRecord.objects.exists()


def test_progress_view_refuses_visitors_and_learners_not_enrolled(client, learner, video_lesson, media):
    url = reverse("lessonmedia:progress", kwargs={"lesson_id": video_lesson.pk, "media_id": media.pk})
    assert client.post(url, {"ranges": "[[0, 1]]", "position": "1"}).status_code == 403
    sign_in(client, learner)  # not enrolled
    assert client.post(url, {"ranges": "[[0, 1]]", "position": "1"}).status_code == 404
    assert not WatchRecord.objects.exists()


def test_block_markup_is_the_same_for_every_learner_and_their_state_is_beside_it(
    client, learner, course, video_lesson, media
):
    """The rendered lesson body may be cached and shared: a learner's resume position and watched share must
    never be inside the block's markup, only in the JSON beside the body."""
    from accounts.models import Audience

    from ..factories import ProfileFactory

    other = ProfileFactory(audience=Audience.CITIZEN).user
    for user in (learner, other):
        course_services.enrollment_create(user=user, course=course)
    watch_report(user=learner, lesson_id=video_lesson.pk, media=media, ranges=[(0.0, 9.0)], position=9.0)
    sign_in(client, learner)
    mine = client.get(video_lesson.url).content.decode()
    client.logout()
    sign_in(client, other)
    theirs = client.get(video_lesson.url).content.decode()
    assert media_block(mine) == media_block(theirs)
    assert "csrf" not in media_block(mine) and "9.0" not in media_block(mine)
    assert media_state(mine)["media"] == {
        str(media.pk): {"position": 9.0, "watched_percent": int(900 // media.duration)}
    }
    assert media_state(theirs)["media"] == {}


@pytest.mark.parametrize("duration", [18.12, 20.02, 29.97, 0.7, 3600.01])
def test_a_video_watched_to_the_end_is_100_percent_whatever_its_duration(
    learner, video_lesson, media, duration
):
    """Float division must not turn the whole of a video into 99 % (18.12 * 100 // 18.12 == 99.0)."""
    media.duration = duration
    record = WatchRecord(user=learner, lesson=video_lesson, media=media, watched_seconds=round(duration, 2))
    assert watched_percent(record=record, media=media) == 100
    record.watched_seconds = duration * 0.8
    assert watched_percent(record=record, media=media) == 80
