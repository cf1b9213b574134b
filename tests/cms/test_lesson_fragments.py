"""The lesson body and outline are rendered once per content generation (cms.templatetags.content_fragments);
every change that shows on the page renews them, and what belongs to one learner is never shared (#20)."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from cms import caching
from cms.models import ModulePage
from cms.templatetags.content_fragments import SHARED_BLOCKS
from courses import services
from lessonmedia.services import watch_report

from ..auth import sign_in
from ..factories import ProfileFactory, make_course, make_lesson
from ..lessonmedia.conftest import make_media


@pytest.fixture
def studying(client, catalog):
    course = make_course(catalog, title="Chuyển đổi số cấp xã")
    lesson = make_lesson(
        course,
        title="Bài một",
        body=[("heading", {"text": "Mục tiêu", "level": "h2"}), ("paragraph", "<p>Bản đầu tiên.</p>")],
    )
    learner = ProfileFactory().user
    enrollment = services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)
    return course, lesson, enrollment


def _outline(html: str) -> str:
    return html.split('class="course-outline"', 1)[1].split("</nav>", 1)[0]


def test_a_published_edit_of_the_body_shows_on_the_next_view(client, studying):
    _course, lesson, _learner = studying
    assert "Bản đầu tiên." in client.get(lesson.url).content.decode()

    lesson.body = [("paragraph", "<p>Bản sửa lại.</p>")]
    lesson.save_revision()  # a draft: learners still read the published body
    assert "Bản đầu tiên." in client.get(lesson.url).content.decode()

    lesson.get_latest_revision().publish()
    html = client.get(lesson.url).content.decode()
    assert "Bản sửa lại." in html and "Bản đầu tiên." not in html


def test_the_outline_follows_moves_and_unpublishing(client, studying):
    course, lesson, _learner = studying
    other = make_lesson(course, title="Bài hai")
    module = ModulePage(title="Chuyên đề mới", slug="chuyen-de-moi")
    course.add_child(instance=module)
    module.save_revision().publish()
    assert "Chuyên đề mới" not in _outline(client.get(lesson.url).content.decode())

    other.move(module, pos="last-child")
    outline = _outline(client.get(lesson.url).content.decode())
    assert outline.index("Chuyên đề mới") < outline.index("Bài hai")

    other.refresh_from_db()
    other.unpublish()
    assert "Bài hai" not in _outline(client.get(lesson.url).content.decode())


def test_each_learner_sees_their_own_ticks_in_the_shared_outline(client, catalog, studying):
    course, lesson, enrollment = studying
    second = make_lesson(course, title="Bài hai")
    services.lesson_mark_complete(enrollment=enrollment, lesson=lesson)
    mine = _outline(client.get(second.url).content.decode())
    assert mine.count('class="outline-done"') == 1

    other = ProfileFactory().user
    services.enrollment_create(user=other, course=course)
    sign_in(client, other)
    theirs = _outline(client.get(second.url).content.decode())
    assert 'class="outline-done"' not in theirs
    assert theirs.replace('<span aria-current="page"', "") == mine.replace(
        '<span class="outline-done" aria-hidden="true">✓</span> ', ""
    ).replace('<span class="visually-hidden"> (đã xong)</span>', "").replace('<span aria-current="page"', "")


def test_video_positions_are_rendered_for_each_learner(client, catalog):
    course = make_course(catalog, title="Video cho từng người", for_citizens=True)
    media = make_media()
    lesson = make_lesson(
        course,
        title="Bài có video",
        body=[
            ("paragraph", "<p>Xem video.</p>"),
            ("media", {"media": media, "title": "Bài giảng", "required_percent": 80, "transcript": ""}),
        ],
    )
    positions = {}
    for position in (6.5, 12.0):
        learner = ProfileFactory().user
        services.enrollment_create(user=learner, course=course)
        watch_report(
            user=learner, lesson_id=lesson.pk, media=media, ranges=[(0, position)], position=position
        )
        sign_in(client, learner)
        positions[position] = client.get(lesson.url).content.decode()
    # The learner's own position travels beside the cached body (lessonmedia: "lesson-media-state"), never in it.
    for position, html in positions.items():
        state = json.loads(re.search(r'id="lesson-media-state"[^>]*>(.*?)</script>', html, re.S).group(1))
        assert state["media"][str(media.pk)]["position"] == position
    assert "Xem video." in positions[6.5] and "Xem video." in positions[12.0]
    # Blocks that show the learner's own state are never among the shared ones.
    assert not {"media", "scorm", "video"} & SHARED_BLOCKS


def test_changes_outside_pages_renew_the_cached_fragments(db):
    from wagtail.images.models import Image

    before = caching._generation(None)
    Image.objects.create(title="Sơ đồ", file=get_test_image_file())
    after_image = caching._generation(None)
    assert after_image != before

    restriction = PageViewRestriction.objects.create(page_id=1, restriction_type=PageViewRestriction.LOGIN)
    after_restriction = caching._generation(None)
    assert after_restriction != after_image
    restriction.delete()
    assert caching._generation(None) != after_restriction


def test_a_login_restriction_added_later_applies_to_a_cached_lesson(client, studying):
    course, lesson, _learner = studying
    assert client.get(lesson.url).status_code == 200
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    client.logout()
    answer = client.get(lesson.url)
    assert answer.status_code == 302 and reverse("account_login") in answer["Location"]


def test_lesson_queries_do_not_grow_with_the_lessons_of_the_course(client, catalog, second_view_queries):
    course = make_course(catalog, title="Khóa học dài")
    first = make_lesson(course, title="Bài 1")
    learner = ProfileFactory().user
    enrollment = services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)
    small = second_view_queries(first.url)
    for number in range(2, 12):
        extra = make_lesson(course, title=f"Bài {number}")
        services.lesson_mark_complete(enrollment=enrollment, lesson=extra)
    assert second_view_queries(first.url) == small


def test_the_admin_privacy_dialog_of_a_lesson_reads_the_restrictions_uncached(studying):
    _course, lesson, _enrollment = studying
    from cms.models import LessonPage

    page = LessonPage.objects.get(pk=lesson.pk)
    assert page.get_view_restrictions().order_by("-page__depth").count() == 0


def test_a_restriction_added_later_applies_to_a_cached_course_page_and_catalogue(client, studying, catalog):
    course, _lesson, _learner = studying
    client.logout()
    assert client.get(course.url).status_code == 200
    assert client.get(catalog.url).status_code == 200

    restriction = PageViewRestriction.objects.create(page=catalog, restriction_type=PageViewRestriction.LOGIN)

    for url in (course.url, catalog.url):
        answer = client.get(url)
        assert answer.status_code == 302 and f"next={url}" in answer["Location"]
    restriction.delete()
    assert client.get(course.url).status_code == 200


def test_course_page_and_catalogue_read_no_view_restriction_once_cached(client, studying, catalog):
    course, _lesson, _learner = studying
    # The unfiltered catalogue's list is cached too; a filtered one leaves restricted courses out in a query of
    # its own (``public()``).
    for url, params, listing in (
        (course.url, {}, 0),
        (catalog.url, {}, 0),
        (catalog.url, {"track": "planning"}, 1),
    ):
        client.get(url, params)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        reads = [q for q in queries.captured_queries if "wagtailcore_pageviewrestriction" in q["sql"]]
        assert len(reads) == listing, (url, params)


def test_a_course_restricted_after_the_catalogue_was_cached_leaves_it(client, studying, catalog):
    course, _lesson, _learner = studying
    client.logout()
    assert course.title in client.get(catalog.url).content.decode()
    restriction = PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    assert course.title not in client.get(catalog.url).content.decode()
    restriction.delete()
    assert course.title in client.get(catalog.url).content.decode()
