"""Lesson pages read their course, outline, catalogue and quizzes from a cache that any content change renews."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment.models import Quiz
from cms import caching
from cms.models import HomePage, StandardPage
from courses import services
from courses.models import Enrollment
from tests.factories import ProfileFactory, make_course, make_lesson
from tests.test_settings import run_manage

from ..auth import sign_in


@pytest.fixture
def studying(client, catalog):
    course = make_course(catalog, title="Quy hoạch đô thị thông minh")
    first = make_lesson(course, title="Bài mở đầu")
    learner = ProfileFactory().user
    services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)
    return course, first


def _outline(html: str) -> str:
    return html.split('class="course-outline"', 1)[1].split("</nav>", 1)[0]


def test_a_lesson_costs_no_more_queries_than_a_plain_page_for_the_same_learner(
    client, studying, second_view_queries
):
    _course, lesson = studying
    plain = StandardPage(title="Giới thiệu", slug="gioi-thieu", body=lesson.body.raw_data)
    HomePage.objects.get().add_child(instance=plain)
    plain.save_revision().publish()

    # The enrollment (with this lesson's progress) replaces the plain page's tree walk below the home page.
    assert second_view_queries(lesson.url) <= second_view_queries(plain.url)


def test_published_changes_show_on_the_next_view_of_a_cached_lesson(client, studying):
    course, lesson = studying
    assert "Bài thứ hai" not in _outline(client.get(lesson.url).content.decode())

    second = make_lesson(course, title="Bài thứ hai")
    course.title = "Quy hoạch đô thị thông minh (cập nhật)"
    course.save_revision().publish()
    html = client.get(lesson.url).content.decode()
    assert "Bài thứ hai" in _outline(html)
    assert (
        "Quy hoạch đô thị thông minh (cập nhật)" in html.split('class="breadcrumb"', 1)[1].split("</nav>")[0]
    )

    second.unpublish()
    assert "Bài thứ hai" not in _outline(client.get(lesson.url).content.decode())
    assert client.get(second.url).status_code == 404


def test_a_lesson_quiz_added_after_the_lesson_was_cached_is_offered(client, studying):
    course, lesson = studying
    assert "Kiểm tra nhanh" not in client.get(lesson.url).content.decode()

    Quiz.objects.create(title="Kiểm tra nhanh", course=course, lesson=lesson, is_final=False)

    assert "Kiểm tra nhanh" in client.get(lesson.url).content.decode()


@pytest.mark.django_db
def test_a_new_generation_hides_every_entry_of_the_old_one():
    built = []

    def build():
        built.append(1)
        return len(built)

    assert caching.content_cached("entry", build) == 1
    assert caching.content_cached("entry", build) == 1
    caching.content_changed()
    assert caching.content_cached("entry", build) == 2


@pytest.mark.django_db
def test_a_missing_page_is_looked_up_each_time_so_unknown_urls_cannot_fill_the_cache(client, catalog):
    lookups = []

    def build():
        lookups.append(1)

    assert caching.content_cached("missing", build) is None
    assert caching.content_cached("missing", build) is None
    assert len(lookups) == 2
    assert client.get(f"{catalog.url}khong-co-khoa-hoc-nay/").status_code == 404


def test_a_course_page_is_served_without_walking_the_tree(client, studying):
    course, _lesson = studying
    client.get(course.url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(course.url)
    assert response.status_code == 200 and "Quy hoạch đô thị thông minh" in response.content.decode()
    page_queries = [q["sql"] for q in captured.captured_queries if 'FROM "wagtailcore_page"' in q["sql"]]
    # Nothing reads the page tree: the outline and the view restrictions (CachedViewRestrictions) are cached.
    assert page_queries == []


@pytest.mark.django_db
def test_without_redis_a_change_made_by_another_process_is_seen_at_once(settings, tmp_path):
    # The zero-setup default keeps the generation in a file that every process of the machine reads.
    cache_dir = tmp_path / "cache"
    settings.CACHES = {
        **settings.CACHES,
        "content_generation": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(cache_dir),
        },
    }
    before = caching.content_cached("entry", lambda: "before")

    result = run_manage(
        "shell",
        "-c",
        "from cms.caching import content_changed; content_changed()",
        env={
            "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
            "DJANGO_CACHE_DIR": str(cache_dir),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}",
            "REDIS_URL": "",
        },
    )

    assert result.returncode == 0, result.stderr
    assert before == "before"
    assert caching.content_cached("entry", lambda: "after") == "after"


def test_a_lesson_moved_to_another_course_leaves_the_first_outline(client, studying, catalog):
    course, lesson = studying
    second = make_lesson(course, title="Bài chuyển đi")
    assert "Bài chuyển đi" in _outline(client.get(lesson.url).content.decode())
    other = make_course(catalog, title="Khóa nhận bài")
    learner_view = client.get(lesson.url)  # cached again after the new course was saved
    assert "Bài chuyển đi" in _outline(learner_view.content.decode())

    second.move(other, pos="last-child")

    assert "Bài chuyển đi" not in _outline(client.get(lesson.url).content.decode())
    assert "Bài chuyển đi" in _outline(client.get(other.url).content.decode())


def _ticked(html: str) -> list[str]:
    """The titles of the lessons the outline ticks as done, in outline order."""
    items = _outline(html).split("<li>")[1:]
    titles = [re.search(r'(?:outline-current"|href="[^"]*")>([^<]+)<', item).group(1) for item in items]
    return [title for title, item in zip(titles, items, strict=True) if 'class="outline-done"' in item]


def test_an_unfinished_lesson_ticks_the_learners_finished_lessons_at_no_extra_query(
    client, studying, second_view_queries
):
    course, first = studying
    second, third = make_lesson(course, title="Bài thứ hai"), make_lesson(course, title="Bài thứ ba")
    enrollment = Enrollment.objects.get(course=course)
    services.lesson_mark_complete(enrollment=enrollment, lesson=first)
    services.lesson_mark_complete(enrollment=enrollment, lesson=third)
    plain = StandardPage(title="Giới thiệu", slug="gioi-thieu", body=second.body.raw_data)
    HomePage.objects.get().add_child(instance=plain)
    plain.save_revision().publish()

    html = client.get(second.url).content.decode()

    assert "Đánh dấu đã học xong" in html  # the lesson being read is not done
    assert _ticked(html) == ["Bài mở đầu", "Bài thứ ba"]
    assert second_view_queries(second.url) <= second_view_queries(plain.url)

    # The outline is cached once for everyone; each learner sees their own ticks on it.
    other = ProfileFactory().user
    services.lesson_mark_complete(
        enrollment=services.enrollment_create(user=other, course=course), lesson=second
    )
    sign_in(client, other)
    assert _ticked(client.get(first.url).content.decode()) == ["Bài thứ hai"]


def test_a_second_view_of_a_lesson_reads_no_page_row(client, studying):
    _course, lesson = studying
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(lesson.url).status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    # The lesson, its course and the catalogue come from the content cache; what is left is the learner's:
    # the session (a database session in tests), the user, the roles and the enrollment with its progress.
    assert not [s for s in sql if "wagtailcore_page" in s or "cms_lessonpage" in s], sql
    assert len(sql) <= 4, sql
