"""Course pages read their trainers and prerequisites from the content cache (cms.selectors.course_people, #20);
any change a learner could see renews it: a publish, a trainer's new name, a prerequisite withdrawn or retitled."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.checklist import publishing_unchecked
from cms.models import CoursePage
from courses import services

from ..auth import sign_in
from ..factories import ProfileFactory, UserFactory, make_course, make_lesson


def _summary(client, course) -> str:
    return client.get(course.url).content.decode().split('class="course-summary"', 1)[1].split("</dl>", 1)[0]


def _prerequisites(client, course) -> str:
    html = client.get(course.url).content.decode()
    return (
        html.split('id="prereq-heading"', 1)[1].split("</section>", 1)[0] if "prereq-heading" in html else ""
    )


def _publish(course: CoursePage) -> None:
    with publishing_unchecked():  # the checklist is tested in test_checklist.py
        course.save_revision().publish()


@pytest.mark.django_db
def test_trainer_changes_show_on_the_next_view_of_a_cached_course_page(client, catalog):
    first = UserFactory(full_name="Nguyễn Văn An")
    course = make_course(catalog, title="Khóa có giảng viên")
    make_lesson(course)
    course.trainers.add(first)
    _publish(course)
    assert "Nguyễn Văn An" in _summary(client, course)

    second = UserFactory(full_name="Trần Thị Bình")
    course.trainers.add(second)
    _publish(course)
    assert "Nguyễn Văn An, Trần Thị Bình" in _summary(client, course)

    first.full_name = "Nguyễn Văn An (đã đổi tên)"
    first.save()
    assert "Nguyễn Văn An (đã đổi tên)" in _summary(client, course)

    course.trainers.remove(second)
    _publish(course)
    assert "Trần Thị Bình" not in _summary(client, course)

    course.trainers.remove(first)
    course.trainers.add(second)
    _publish(course)
    assert "Trần Thị Bình" in _summary(client, course)
    second.delete()  # the relation goes by cascade, which sends no m2m_changed
    assert "Giảng viên" not in _summary(client, course)


@pytest.mark.django_db
def test_a_sign_in_does_not_renew_the_content_cache(catalog):
    from cms import caching

    trainer = UserFactory(full_name="Lê Văn Cường")
    course = make_course(catalog, title="Khóa của giảng viên")
    course.trainers.add(trainer)
    _publish(course)
    before = caching._generation(None)
    trainer.save(update_fields=["last_login"])
    assert caching._generation(None) == before
    trainer.save()
    assert caching._generation(None) != before


@pytest.mark.django_db
def test_prerequisite_changes_show_on_the_next_view_of_a_cached_course_page(client, catalog):
    basic = make_course(catalog, title="Nhập môn đô thị thông minh")
    course = make_course(catalog, title="Quy hoạch nâng cao")
    make_lesson(course)
    assert _prerequisites(client, course) == ""

    course.prerequisites.add(basic)
    _publish(course)
    assert "Nhập môn đô thị thông minh" in _prerequisites(client, course)

    basic.title = "Nhập môn (bản mới)"
    _publish(basic)
    assert "Nhập môn (bản mới)" in _prerequisites(client, course)

    basic.unpublish()
    assert _prerequisites(client, course) == ""


@pytest.mark.django_db
def test_the_course_page_reads_no_trainers_or_prerequisites_once_cached(client, catalog):
    trainer = UserFactory(full_name="Phạm Thị Dung")
    basic = make_course(catalog, title="Khóa nền tảng")
    course = make_course(catalog, title="Khóa chính", for_citizens=True)
    make_lesson(course)
    learner = ProfileFactory().user
    services.enrollment_create(user=learner, course=course)
    course.trainers.add(trainer)
    course.prerequisites.add(basic)
    _publish(course)
    sign_in(client, learner)
    client.get(course.url)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(course.url).content.decode()
    assert "Phạm Thị Dung" in html and "Khóa nền tảng" in html
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "cms_coursepage_trainers" not in tables and "cms_coursepage_prerequisites" not in tables


@pytest.mark.django_db
def test_the_course_page_outline_is_cached_but_ticks_each_learner_s_own_lessons(client, catalog):
    course = make_course(catalog, title="Khóa có đề cương")
    lessons = [make_lesson(course, title=f"Bài {i}") for i in range(1, 4)]
    learners = [ProfileFactory().user for _ in range(2)]
    for learner, done in zip(learners, (lessons[0], lessons[2]), strict=True):
        enrollment = services.enrollment_create(user=learner, course=course)
        services.lesson_mark_complete(enrollment=enrollment, lesson=done)

    def ticked(learner) -> list[str]:
        sign_in(client, learner)
        outline = (
            client.get(course.url).content.decode().split('class="course-outline"', 1)[1].split("</nav>")[0]
        )
        client.logout()
        lines = [line for line in outline.split("<li>")[1:] if "outline-done" in line]
        return [re.search(r'<a href="[^"]*">([^<]+)</a>', line).group(1) for line in lines]

    assert ticked(learners[0]) == ["Bài 1"]
    assert ticked(learners[1]) == ["Bài 3"]
    make_lesson(course, title="Bài 4")
    sign_in(client, learners[0])
    assert "Bài 4" in client.get(course.url).content.decode()
