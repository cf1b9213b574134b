import pytest
from django.db import connection

from courses import services
from courses.models import Enrollment, LessonProgress
from courses.services import LearningError
from courses.signals import course_completed

from ..auth import sign_in
from ..factories import make_course, make_lesson


@pytest.fixture
def completions():
    received = []

    def receiver(sender, enrollment, **kwargs):
        received.append(enrollment.pk)

    course_completed.connect(receiver)
    yield received
    course_completed.disconnect(receiver)


@pytest.mark.django_db(transaction=True)
def test_lessons_only_course_completes_once_with_signal(learner, catalog, completions):
    course = make_course(catalog, title="Chỉ bài học", completion_rule="lessons")
    lessons = [make_lesson(course, title=f"Bài {i}") for i in range(2)]
    make_lesson(course, title="Tự chọn", required_for_completion=False)
    enrollment = services.enrollment_create(user=learner, course=course)
    assert services.lesson_mark_complete(enrollment=enrollment, lesson=lessons[0]) is True
    assert services.lesson_mark_complete(enrollment=enrollment, lesson=lessons[0]) is False
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE
    services.lesson_mark_complete(enrollment=enrollment, lesson=lessons[1])
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    completed_at = enrollment.completed_at
    # Recomputing is idempotent: no second timestamp, no second signal.
    assert services.enrollment_completion_refresh(enrollment=enrollment) is False
    services.lesson_mark_complete(enrollment=enrollment, lesson=lessons[1])
    enrollment.refresh_from_db()
    assert enrollment.completed_at == completed_at
    assert completions == [enrollment.pk]


@pytest.mark.django_db
def test_quiz_rule_needs_the_final_quiz_passed(learner, course, quiz):
    enrollment = services.enrollment_create(user=learner, course=course)
    for lesson in course.lessons:
        services.lesson_mark_complete(enrollment=enrollment, lesson=lesson)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE


@pytest.mark.django_db
def test_lesson_of_another_course_is_refused(learner, catalog, course):
    other = make_course(catalog, title="Khác")
    foreign = make_lesson(other, title="Bài lạ")
    enrollment = services.enrollment_create(user=learner, course=course)
    with pytest.raises(LearningError):
        services.lesson_mark_complete(enrollment=enrollment, lesson=foreign)
    assert not LessonProgress.objects.exists()


@pytest.mark.django_db
def test_withdrawn_learner_cannot_record_progress(learner, course):
    enrollment = services.enrollment_create(user=learner, course=course)
    services.enrollment_withdraw(enrollment=enrollment)
    enrollment.refresh_from_db()
    with pytest.raises(LearningError):
        services.lesson_mark_complete(enrollment=enrollment, lesson=course.lessons[0])


@pytest.mark.django_db
def test_lessons_are_gated_but_free_previews_and_course_pages_are_public(client, learner, catalog):
    course = make_course(catalog, title="Có kiểm soát")
    preview = make_lesson(course, title="Xem thử", free_preview=True)
    locked = make_lesson(course, title="Bài khóa")
    assert client.get(course.url).status_code == 200
    assert client.get(preview.url).status_code == 200
    anonymous = client.get(locked.url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    sign_in(client, learner)
    not_enrolled = client.get(locked.url)
    assert not_enrolled.status_code == 302 and not_enrolled["Location"] == course.url
    services.enrollment_create(user=learner, course=course)
    response = client.get(locked.url)
    assert response.status_code == 200
    assert "Đánh dấu đã học xong" in response.content.decode()


@pytest.mark.django_db
def test_resume_and_dashboard_show_progress(client, learner, course, django_assert_max_num_queries):
    enrollment = services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)
    client.post(f"/hoc-tap/bai-hoc/{course.lessons[0].pk}/hoan-thanh/")
    client.get(course.lessons[1].url)
    enrollment.refresh_from_db()
    assert enrollment.last_lesson_id == course.lessons[1].pk
    course_html = client.get(course.url).content.decode()
    assert "1/2 bài học bắt buộc" in course_html
    assert f'href="{course.lessons[1].url}">Tiếp tục học' in course_html
    # Session, the user with their roles, the required-lesson totals (the content cache's first read: two), the
    # enrollments with their counts, the profile.
    with django_assert_max_num_queries(6):
        dashboard = client.get("/hoc-tap/")
    html = dashboard.content.decode()
    assert "Khóa học của tôi" in html and "Dịch vụ công trực tuyến" in html
    assert "1/2 bài học bắt buộc" in html


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_courses(
    client, learner, catalog, django_assert_max_num_queries
):
    sign_in(client, learner)
    for i in range(2):
        services.enrollment_create(user=learner, course=make_course(catalog, title=f"K{i}"))
    # The site's first page creates its contact settings row (3 queries, once): measure the steady state.
    client.get("/hoc-tap/")
    connection.queries_log.clear()  # a full log (9000 entries from the set-up) would capture nothing
    with django_assert_max_num_queries(4) as small:
        client.get("/hoc-tap/")
    few = len(small.captured_queries)  # read now: captured_queries is a view of the log cleared below
    for i in range(8):
        services.enrollment_create(user=learner, course=make_course(catalog, title=f"Thêm {i}"))
    client.get("/hoc-tap/")  # publishing pages cleared Wagtail's cached site paths: warm them again
    connection.queries_log.clear()
    with django_assert_max_num_queries(few):
        client.get("/hoc-tap/")


@pytest.mark.django_db
def test_another_learner_cannot_complete_my_lesson_or_see_my_dashboard(client, learner, course):
    from ..factories import ProfileFactory

    services.enrollment_create(user=learner, course=course)
    intruder = ProfileFactory().user
    sign_in(client, intruder)
    response = client.post(f"/hoc-tap/bai-hoc/{course.lessons[0].pk}/hoan-thanh/")
    assert response.status_code == 302
    assert not LessonProgress.objects.exists()
    assert "Dịch vụ công trực tuyến" not in client.get("/hoc-tap/").content.decode()


@pytest.mark.django_db
def test_progress_reads_one_query_once_the_content_is_cached_and_sees_new_content(
    learner, course, quiz, django_assert_max_num_queries
):
    """The course, its lessons (the outline) and its final quizzes come from the content cache; the learner's
    lessons done and quizzes passed are one query. A new lesson or quiz shows on the next read."""
    from django.utils import timezone

    from assessment.models import QuizAttempt
    from courses.selectors import enrollment_progress

    from ..factories import make_question, make_quiz

    enrollment = services.enrollment_create(user=learner, course=course)
    for lesson in course.lessons:
        services.lesson_mark_complete(enrollment=enrollment, lesson=lesson)
    QuizAttempt.objects.create(
        quiz=quiz, user=learner, enrollment=enrollment, number=1, passed=True, started_at=timezone.now()
    )
    enrollment_progress(enrollment=Enrollment.objects.get(pk=enrollment.pk))
    fresh = Enrollment.objects.get(pk=enrollment.pk)  # its course not read with it
    with django_assert_max_num_queries(1):
        progress = enrollment_progress(enrollment=fresh)
    assert progress["quiz_passed"] and progress["required_done"] == progress["required_total"] == 2
    assert progress["next"].kind == "done" and progress["started"]

    second = make_quiz(course, [make_question()], title="Bài kiểm tra thứ hai")
    extra = make_lesson(course, title="Bài mới")
    progress = enrollment_progress(enrollment=Enrollment.objects.get(pk=enrollment.pk))
    assert [q.pk for q in progress["quizzes"]] == [quiz.pk, second.pk] and not progress["quiz_passed"]
    assert progress["required_total"] == 3 and progress["next"].lesson.pk == extra.pk


@pytest.mark.django_db
def test_my_courses_counts_required_lessons_published_after_the_count_was_cached(learner, catalog):
    from courses.selectors import my_enrollments

    course = make_course(catalog, title="Khóa đếm bài")
    make_lesson(course, title="Bài 1")
    services.enrollment_create(user=learner, course=course)
    assert [e.required_total for e in my_enrollments(user=learner)] == [1]

    second = make_lesson(course, title="Bài 2")
    make_lesson(course, title="Bài tự chọn", required_for_completion=False)
    assert [e.required_total for e in my_enrollments(user=learner)] == [2]

    second.unpublish()
    assert [e.required_total for e in my_enrollments(user=learner)] == [1]


@pytest.mark.django_db
def test_my_courses_offers_to_start_a_course_not_started_and_to_continue_one_begun(client, learner, catalog):
    # The card said "Tiếp tục học" (continue) under the badge "Chưa bắt đầu" (not started).
    untouched = make_course(catalog, title="Khóa chưa học")
    make_lesson(untouched, title="Bài đầu")
    begun = make_course(catalog, title="Khóa đang học")
    first = make_lesson(begun, title="Bài một")
    make_lesson(begun, title="Bài hai")
    services.enrollment_create(user=learner, course=untouched)
    enrollment = services.enrollment_create(user=learner, course=begun)
    services.lesson_mark_complete(enrollment=enrollment, lesson=first)
    sign_in(client, learner)

    html = client.get("/hoc-tap/").content.decode()
    assert 'Bắt đầu học<span class="visually-hidden">: Khóa chưa học</span>' in html
    assert 'Tiếp tục học<span class="visually-hidden">: Khóa đang học</span>' in html
    assert 'Tiếp tục học<span class="visually-hidden">: Khóa chưa học' not in html
