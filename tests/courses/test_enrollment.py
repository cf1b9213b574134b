import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Audience
from cms.models import EnrollmentMode
from courses import services
from courses.models import Enrollment
from courses.services import LearningError

from ..auth import sign_in
from ..factories import ProfileFactory, UserFactory, make_course, make_hr_manager, make_lesson, make_official


@pytest.mark.django_db
def test_enrollment_create_open_course(learner, course):
    enrollment = services.enrollment_create(user=learner, course=course)
    assert enrollment.status == Enrollment.Status.ACTIVE
    assert enrollment.enrolled_at is not None


@pytest.mark.django_db
def test_enrollment_create_twice_returns_the_same_row(learner, course):
    first = services.enrollment_create(user=learner, course=course)
    second = services.enrollment_create(user=learner, course=course)
    assert first.pk == second.pk
    assert Enrollment.objects.count() == 1


@pytest.mark.django_db
def test_enrollment_refused_for_another_audience(catalog, course):
    business = ProfileFactory(audience=Audience.BUSINESS).user
    with pytest.raises(LearningError, match="dành cho"):
        services.enrollment_create(user=business, course=course)
    assert not Enrollment.objects.exists()


@pytest.mark.django_db
def test_enrollment_refused_without_profile(course):
    with pytest.raises(LearningError, match="hồ sơ"):
        services.enrollment_create(user=UserFactory(), course=course)


@pytest.mark.django_db
def test_enrollment_respects_the_window(learner, catalog):
    now = timezone.now()
    later = make_course(catalog, title="Sắp mở", enrollment_opens_at=now + datetime.timedelta(days=1))
    closed = make_course(catalog, title="Đã đóng", enrollment_closes_at=now - datetime.timedelta(days=1))
    with pytest.raises(LearningError, match="mở đăng ký"):
        services.enrollment_create(user=learner, course=later)
    with pytest.raises(LearningError, match="hết hạn đăng ký"):
        services.enrollment_create(user=learner, course=closed)


@pytest.mark.django_db
def test_enrollment_respects_capacity(catalog):
    small = make_course(catalog, title="Lớp nhỏ", capacity=1)
    first, second = (ProfileFactory().user for _ in range(2))
    services.enrollment_create(user=first, course=small)
    with pytest.raises(LearningError, match="đủ số"):
        services.enrollment_create(user=second, course=small)


@pytest.mark.django_db
def test_enrollment_needs_prerequisites_completed(learner, catalog, course):
    advanced = make_course(catalog, title="Nâng cao")
    advanced.prerequisites.set([course])
    make_lesson(advanced)  # a course is republished only with a live lesson (cms.checklist)
    advanced.save_revision().publish()
    with pytest.raises(LearningError, match="Dịch vụ công trực tuyến"):
        services.enrollment_create(user=learner, course=advanced)
    Enrollment.objects.create(user=learner, course=course, status="completed", completed_at=timezone.now())
    assert services.enrollment_create(user=learner, course=advanced).status == Enrollment.Status.ACTIVE


@pytest.mark.django_db
def test_assigned_only_course_refuses_self_enrollment(learner, catalog):
    assigned = make_course(catalog, title="Được giao", enrollment_mode=EnrollmentMode.ASSIGNED)
    with pytest.raises(LearningError, match="giao"):
        services.enrollment_create(user=learner, course=assigned)


@pytest.mark.django_db
def test_approval_mode_request_decided_by_hr_of_the_learners_unit_only(catalog, tree):
    course = make_course(
        catalog, title="Cần duyệt", for_officials=True, enrollment_mode=EnrollmentMode.APPROVAL
    )
    learner = make_official(tree["ptdt"]).user
    request = services.enrollment_create(user=learner, course=course)
    assert request.status == Enrollment.Status.PENDING
    other_hr = make_hr_manager(tree["khcn"])
    with pytest.raises(LearningError):
        services.enrollment_decide(enrollment=request, approve=True, by=other_hr)
    hr = make_hr_manager(tree["sxd"])
    approved = services.enrollment_decide(enrollment=request, approve=True, by=hr, note="Đồng ý")
    assert approved.status == Enrollment.Status.ACTIVE
    assert approved.decided_by == hr
    with pytest.raises(LearningError, match="đã được xử lý"):
        services.enrollment_decide(enrollment=approved, approve=False, by=hr)


@pytest.mark.django_db
def test_course_trainer_may_reject_a_request(catalog, tree):
    trainer = UserFactory()
    course = make_course(
        catalog, title="Cần duyệt", for_officials=True, enrollment_mode=EnrollmentMode.APPROVAL
    )
    course.trainers.set([trainer])
    course.save()
    request = services.enrollment_create(user=make_official(tree["cds"]).user, course=course)
    rejected = services.enrollment_decide(enrollment=request, approve=False, by=trainer)
    assert rejected.status == Enrollment.Status.REJECTED


@pytest.mark.django_db
def test_withdraw_and_re_enroll_keeps_one_row(learner, course):
    enrollment = services.enrollment_create(user=learner, course=course)
    services.enrollment_withdraw(enrollment=enrollment)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.WITHDRAWN
    with pytest.raises(LearningError):
        services.enrollment_withdraw(enrollment=enrollment)
    again = services.enrollment_create(user=learner, course=course)
    assert again.pk == enrollment.pk
    assert again.status == Enrollment.Status.ACTIVE


@pytest.mark.django_db
def test_enroll_view_double_click_creates_one_enrollment(client, learner, course):
    sign_in(client, learner)
    for _ in range(3):
        response = client.post(f"/hoc-tap/khoa-hoc/{course.pk}/dang-ky/")
        assert response.status_code == 302
    assert Enrollment.objects.filter(user=learner, course=course).count() == 1


@pytest.mark.django_db
def test_enroll_view_shows_the_reason_when_refused(client, course):
    business = ProfileFactory(audience=Audience.BUSINESS).user
    sign_in(client, business)
    response = client.post(f"/hoc-tap/khoa-hoc/{course.pk}/dang-ky/", follow=True)
    refusal = "Khóa học này dành cho người dân; tài khoản doanh nghiệp không đăng ký học được."
    assert refusal in response.content.decode()
    assert not Enrollment.objects.exists()


@pytest.mark.django_db
def test_enroll_requires_post_and_login(client, learner, course):
    assert client.get(f"/hoc-tap/khoa-hoc/{course.pk}/dang-ky/").status_code in (302, 405)
    sign_in(client, learner)
    # A GET enrolls no one: it goes back to the course page (see the test below).
    assert client.get(f"/hoc-tap/khoa-hoc/{course.pk}/dang-ky/")["Location"] == course.url
    assert not Enrollment.objects.exists()
    assert client.post("/hoc-tap/khoa-hoc/999999/dang-ky/").status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_enrollment_creates_exactly_one_row(catalog):
    course = make_course(catalog, title="Song song", capacity=5)
    learner = ProfileFactory().user
    errors = []

    def enroll():
        try:
            services.enrollment_create(user=learner, course=course)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=enroll) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Enrollment.objects.filter(user=learner, course=course).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_enrollment_never_exceeds_capacity(catalog):
    course = make_course(catalog, title="Ít chỗ", capacity=2)
    learners = [ProfileFactory().user for _ in range(6)]

    def enroll(user):
        try:
            services.enrollment_create(user=user, course=course)
        except LearningError:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=enroll, args=(user,)) for user in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Enrollment.objects.filter(course=course, status="active").count() == 2


@pytest.mark.django_db
def test_a_button_pressed_after_the_session_ended_leads_back_to_its_page_after_signing_in(
    client, learner, course, quiz
):
    # Signing in sends the learner on to the button's POST-only address with a GET: that was a blank 405.
    enroll = f"/hoc-tap/khoa-hoc/{course.pk}/dang-ky/"
    response = client.post(enroll)
    assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={enroll}"
    sign_in(client, learner)
    response = client.get(enroll)
    assert response.status_code == 302 and response["Location"] == course.url
    assert not Enrollment.objects.exists()  # a GET changes nothing; the learner presses the button again

    services.enrollment_create(user=learner, course=course)
    lesson = course.lessons[0]
    for address, page in (
        (f"/hoc-tap/bai-hoc/{lesson.pk}/hoan-thanh/", lesson.url),
        (f"/hoc-tap/bai-kiem-tra/{quiz.pk}/bat-dau/", f"/hoc-tap/bai-kiem-tra/{quiz.pk}/"),
    ):
        response = client.get(address)
        assert response.status_code == 302 and response["Location"] == page, address
    enrollment = Enrollment.objects.get()
    assert enrollment.status == Enrollment.Status.ACTIVE and not enrollment.lesson_progress.exists()
    assert not quiz.attempts.exists()
    assert client.put(enroll).status_code == 405
