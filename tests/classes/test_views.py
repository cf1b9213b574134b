import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts import roles
from classes import services
from classes.models import CalendarFeed, ClassMember, ClassSession, TrainingClass
from courses import services as course_services
from courses.models import Enrollment

from ..auth import sign_in
from ..factories import ProfileFactory, UserFactory, make_hr_manager, make_official
from .conftest import make_class

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


# --- The learner's pages ---------------------------------------------------------------------------


def test_my_classes_shows_next_session_attendance_and_what_is_left(client, course, learner, trainer, venue):
    training_class = make_class(course, sessions=3, min_attendance_percent=100, name="Lớp quản lý đô thị K1")
    first, second, _third = training_class.sessions.order_by("starts_at")
    ClassSession.objects.filter(pk=second.pk).update(venue=venue, meeting_url="https://meet.example.test/k1")
    ClassSession.objects.filter(pk=first.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    member = services.class_register(training_class=training_class, user=learner)
    services.attendance_record(session=first, member=member, status="present", by=trainer)
    sign_in(client, learner)
    html = _html(client.get(reverse("classes:my_classes")))
    assert "Lớp quản lý đô thị K1" in html
    second.refresh_from_db()
    start = timezone.localtime(second.starts_at)
    assert start.strftime("%d/%m/%Y") in html and start.strftime("%H:%M") in html
    assert "Phòng 301" in html and "https://meet.example.test/k1" in html
    assert "Đã dự 1 / 1 buổi đã học (tổng 3 buổi)" in html
    assert "Cần dự thêm 2 buổi" in html and "Còn 1 bài học trực tuyến" in html


def test_my_classes_offers_to_start_the_online_lessons_before_any_and_to_continue_after(
    client, course, learner
):
    # The button said "Tiếp tục học" (continue) before the learner had opened anything.
    training_class = make_class(course, sessions=2, name="Lớp quản lý đô thị K2")
    services.class_register(training_class=training_class, user=learner)
    sign_in(client, learner)
    html = _html(client.get(reverse("classes:my_classes")))
    assert 'Bắt đầu học<span class="visually-hidden">: Quản lý đô thị thông minh</span>' in html
    assert "Tiếp tục học" not in html

    enrollment = Enrollment.objects.get(user=learner, course=course)
    course_services.lesson_mark_complete(enrollment=enrollment, lesson=course.lessons[0])
    html = _html(client.get(reverse("classes:my_classes")))
    assert 'Tiếp tục học<span class="visually-hidden">: Quản lý đô thị thông minh</span>' in html


def test_an_ended_class_page_says_it_ended_not_that_registration_has_not_opened(client, course, learner):
    training_class = make_class(course, sessions=1, status=TrainingClass.Status.FINISHED)
    sign_in(client, learner)
    html = _html(client.get(reverse("classes:detail", args=[training_class.pk])))
    assert "Lớp học đã kết thúc." in html
    assert "chưa mở đăng ký" not in html


def test_my_classes_queries_do_not_grow_with_classes(client, course, learner, django_assert_max_num_queries):
    sign_in(client, learner)
    services.class_register(training_class=make_class(course, sessions=2), user=learner)
    with django_assert_max_num_queries(40) as one:
        client.get(reverse("classes:my_classes"))
    for _ in range(4):
        services.class_register(training_class=make_class(course, sessions=3), user=learner)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("classes:my_classes"))
    assert len(response.context["members"]) == 5


def test_register_and_withdraw_from_the_class_page(client, course, learner):
    training_class = make_class(course, sessions=1, capacity=10)
    sign_in(client, learner)
    page = _html(client.get(reverse("classes:detail", args=[training_class.pk])))
    assert "Đăng ký vào lớp" in page and "Còn chỗ" in page
    response = client.post(reverse("classes:register", args=[training_class.pk]), follow=True)
    assert "Bạn đã đăng ký vào lớp." in _html(response)
    assert Enrollment.objects.get(user=learner, course=course).status == "active"
    response = client.post(reverse("classes:withdraw", args=[training_class.pk]), follow=True)
    assert "Bạn đã rời lớp." in _html(response)
    assert ClassMember.objects.get().status == "withdrawn"


def test_register_refused_says_why_and_changes_nothing(client, course, learner):
    training_class = make_class(course, enrollment_closes_at=timezone.now() - datetime.timedelta(days=1))
    sign_in(client, learner)
    response = client.post(reverse("classes:register", args=[training_class.pk]), follow=True)
    assert "Đã hết hạn đăng ký" in _html(response)
    assert not ClassMember.objects.exists()


def test_register_pressed_after_the_session_ended_leads_back_to_the_class_page(client, course, learner):
    # Signing in sends the learner on to the button's POST-only address with a GET: that was a blank 405.
    training_class = make_class(course, sessions=1, capacity=10)
    hidden = make_class(course, status=TrainingClass.Status.PLANNED)
    register = reverse("classes:register", args=[training_class.pk])
    response = client.post(register)
    assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={register}"
    sign_in(client, learner)
    response = client.get(register)
    assert response.status_code == 302
    assert response["Location"] == reverse("classes:detail", args=[training_class.pk])
    assert client.get(reverse("classes:register", args=[hidden.pk])).status_code == 404
    assert not ClassMember.objects.exists() and not Enrollment.objects.exists()  # a GET changes nothing
    assert client.put(register).status_code == 405


def test_planned_class_is_hidden_from_learners(client, course, learner):
    training_class = make_class(course, status=TrainingClass.Status.PLANNED)
    sign_in(client, learner)
    assert client.get(reverse("classes:detail", args=[training_class.pk])).status_code == 404
    assert client.get(reverse("classes:class_feed", args=[training_class.pk])).status_code == 404


# --- Calendars -------------------------------------------------------------------------------------


def _parse(response) -> Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_class_feed_parses_back_in_vietnam_time_without_meeting_links(client, course, venue):
    start = timezone.make_aware(datetime.datetime(2027, 3, 15, 8, 0))
    training_class = make_class(course, sessions=2, start=start, name="Lớp chuyển đổi số")
    ClassSession.objects.update(venue=venue, meeting_url="https://meet.example.test/secret")
    calendar = _parse(client.get(reverse("classes:class_feed", args=[training_class.pk])))
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Ho_Chi_Minh"
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    first = events[0]
    assert first["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert first.decoded("DTSTART").replace(tzinfo=None) == datetime.datetime(2027, 3, 15, 8, 0)
    assert first.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=7)
    assert "Lớp chuyển đổi số" in str(first["SUMMARY"]) and "Phòng 301" in str(first["LOCATION"])
    assert (
        b"meet.example.test/secret"
        not in client.get(reverse("classes:class_feed", args=[training_class.pk])).content
    )
    assert len({str(e["UID"]) for e in events}) == 2


def test_private_feed_lists_own_sessions_with_links_and_can_be_regenerated_or_revoked(
    client, course, learner
):
    mine = make_class(course, sessions=2)
    ClassSession.objects.filter(training_class=mine).update(meeting_url="https://meet.example.test/mine")
    make_class(course, sessions=3)  # not the learner's
    services.class_register(training_class=mine, user=learner)
    sign_in(client, learner)
    client.post(reverse("classes:feed_regenerate"))
    token = CalendarFeed.objects.get(user=learner).token
    url = reverse("classes:learner_feed", kwargs={"token": token})
    assert url in _html(client.get(reverse("classes:my_classes")))
    client.logout()  # calendar apps do not sign in
    events = _parse(client.get(url)).walk("VEVENT")
    assert len(events) == 2 and "meet.example.test/mine" in str(events[0]["LOCATION"])
    sign_in(client, learner)
    client.post(reverse("classes:feed_regenerate"))
    assert client.get(url).status_code == 404
    new_url = reverse("classes:learner_feed", kwargs={"token": CalendarFeed.objects.get(user=learner).token})
    assert client.get(new_url).status_code == 200
    client.post(reverse("classes:feed_revoke"))
    assert client.get(new_url).status_code == 404
    assert client.get(reverse("classes:learner_feed", kwargs={"token": "doan-bua"})).status_code == 404


# --- HR nomination ---------------------------------------------------------------------------------


def test_hr_nominates_a_unit_subtree(client, course, tree):
    training_class = make_class(course, for_citizens=False)
    hr = make_hr_manager(tree["sxd"])
    hr.groups.add(Group.objects.get(name=roles.HR_MANAGERS))
    inside = [make_official(tree["sxd"]).user, make_official(tree["ptdt"]).user]
    make_official(tree["cds"])  # another department
    sign_in(client, hr)
    response = client.post(
        reverse("class_nominations"),
        {"training_class": training_class.pk, "unit": tree["sxd"].pk, "include_descendants": "on"},
        follow=True,
    )
    assert "Đã cử 2 người" in _html(response)
    assert set(ClassMember.objects.values_list("user_id", flat=True)) == {u.pk for u in inside}
    assert set(ClassMember.objects.values_list("source", flat=True)) == {"nominated"}


def test_hr_of_another_subtree_cannot_nominate_there(client, course, tree):
    training_class = make_class(course)
    hr_b = make_hr_manager(tree["khcn"])
    official = make_official(tree["ptdt"]).user
    sign_in(client, hr_b)
    response = client.post(
        reverse("class_nominations"), {"training_class": training_class.pk, "unit": tree["sxd"].pk}
    )
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(
        reverse("class_nominations"), {"training_class": training_class.pk, "learners": official.email}
    )
    assert response.context["form"].errors
    assert not ClassMember.objects.exists()


def test_learner_may_not_open_the_nomination_page(client, learner):
    sign_in(client, learner)
    assert client.get(reverse("class_nominations")).status_code == 403


# --- Trainers in the admin -------------------------------------------------------------------------


@pytest.fixture
def trainer_in_group(trainer, catalog, with_totp):
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    return with_totp(trainer)


def _session_form(training_class, sessions):
    data = {
        "course": training_class.course_id,
        "name": training_class.name,
        "code": training_class.code,
        "starts_on": training_class.starts_on.strftime("%Y-%m-%d"),
        "ends_on": training_class.ends_on.strftime("%Y-%m-%d"),
        "status": training_class.status,
        "for_officials": "on",
        "for_citizens": "on",
        "min_attendance_percent": "100",
        "excused_counts_as_attended": "",
        "trainers": [t.pk for t in training_class.trainers.all()],
        "sessions-TOTAL_FORMS": str(len(sessions)),
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    for index, session in enumerate(sessions):
        for key, value in session.items():
            data[f"sessions-{index}-{key}"] = value
        data[f"sessions-{index}-ORDER"] = str(index + 1)
    return data


def test_trainer_is_warned_of_a_conflicting_session_and_it_is_still_saved(
    client, course, trainer_in_group, venue
):
    trainer = trainer_in_group
    other = make_class(course, code="KHAC-01")
    start = timezone.make_aware(datetime.datetime(2027, 5, 10, 8, 0))
    ClassSession.objects.create(
        training_class=other, starts_at=start, ends_at=start + datetime.timedelta(hours=3), venue=venue
    )
    mine = make_class(course, code="CUA-TOI")
    mine.trainers.add(trainer)
    sign_in(client, trainer)
    data = _session_form(
        mine,
        [
            {
                "starts_at": "2027-05-10 09:00",
                "ends_at": "2027-05-10 11:15",
                "venue": venue.pk,
                "trainer": trainer.pk,
                "title": "Buổi 1",
                "meeting_url": "",
                "periods": "",
            }
        ],
    )
    response = client.post(
        reverse("wagtailsnippets_classes_trainingclass:edit", args=[mine.pk]), data, follow=True
    )
    html = _html(response)
    form = response.context.get("form") if response.context else None
    assert "KHAC-01" in html and "Phòng 301" in html, (
        (form.errors, [f.errors for f in form.formsets["sessions"].forms]) if form else ""
    )
    session = mine.sessions.get()
    assert session.periods == 3  # 135 minutes / 45
    assert timezone.localtime(session.starts_at).hour == 9


def test_trainer_sees_and_edits_only_classes_they_teach(client, course, trainer_in_group):
    trainer = trainer_in_group
    mine = make_class(course, code="CUA-TOI", name="Lớp của tôi")
    mine.trainers.add(trainer)
    make_class(course, code="NGUOI-KHAC", name="Lớp người khác")
    theirs = TrainingClass.objects.get(code="NGUOI-KHAC")
    sign_in(client, trainer)
    listing = _html(client.get(reverse("wagtailsnippets_classes_trainingclass:list")))
    assert "CUA-TOI" in listing and "NGUOI-KHAC" not in listing
    assert (
        client.get(reverse("wagtailsnippets_classes_trainingclass:edit", args=[theirs.pk])).status_code == 404
    )
    assert (
        client.get(reverse("wagtailsnippets_classes_trainingclass:edit", args=[mine.pk])).status_code == 200
    )


def test_trainer_approves_a_registration(client, course, trainer_in_group, learner):
    trainer = trainer_in_group
    training_class = make_class(course, requires_approval=True)
    training_class.trainers.add(trainer)
    member = services.class_register(training_class=training_class, user=learner)
    other_trainer = UserFactory()
    other_trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    sign_in(client, other_trainer)
    decide = reverse("class_registration_decide", args=[member.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 404
    sign_in(client, trainer)
    assert learner.full_name in _html(client.get(reverse("class_registrations")))
    client.post(decide, {"decision": "approve"})
    member.refresh_from_db()
    assert member.status == "registered" and member.decided_by == trainer
    ProfileFactory()  # a stray learner changes nothing


def test_certificate_verification_page_states_the_class_and_its_dates(client, course, learner):
    from certificates import services as certificate_services

    training_class = make_class(course, name="Lớp K2 quản lý đô thị", code="K2-2026")
    member = services.class_register(training_class=training_class, user=learner)
    Enrollment.objects.filter(pk=member.enrollment_id).update(status="completed", completed_at=timezone.now())
    certificate = certificate_services.certificate_issue(
        enrollment=Enrollment.objects.get(pk=member.enrollment_id)
    )
    html = _html(client.get(reverse("certificates:verify", args=[certificate.verification_code])))
    dates = f"từ ngày {training_class.starts_on:%d/%m/%Y} đến ngày {training_class.ends_on:%d/%m/%Y}"
    assert f"Lớp: Lớp K2 quản lý đô thị (K2-2026), {dates}" in html


def test_a_finished_class_offers_no_withdrawal_and_the_service_refuses_it(client, course, learner):
    training_class = make_class(course)
    member = services.class_register(training_class=training_class, user=learner)
    training_class.status = "finished"
    training_class.save()
    sign_in(client, learner)
    html = _html(client.get(reverse("classes:detail", args=[training_class.pk])))
    assert "Lớp học đã kết thúc." in html and "Rời lớp" not in html and "Còn chỗ" not in html
    response = client.post(reverse("classes:withdraw", args=[training_class.pk]), follow=True)
    assert "Lớp học đã kết thúc." in _html(response)
    member.refresh_from_db()
    assert member.status == "registered" and member.enrollment.status == "active"


def test_my_classes_offers_check_in_while_a_session_is_on(client, course, learner):
    start = timezone.now() - datetime.timedelta(minutes=10)
    training_class = make_class(course, sessions=1, start=start)
    services.class_register(training_class=training_class, user=learner)
    sign_in(client, learner)
    html = _html(client.get(reverse("classes:my_classes")))
    assert "Điểm danh buổi học này" in html and reverse("checkin:code") in html
    later = make_class(course, sessions=1)  # tomorrow: no check-in yet
    assert services.class_register(training_class=later, user=learner).status == "registered"
    assert _html(client.get(reverse("classes:my_classes"))).count("Điểm danh buổi học này") == 1


def test_trainer_class_page_names_the_attendance_column_in_vietnamese(client, course, trainer_in_group):
    training_class = make_class(course)
    training_class.trainers.add(trainer_in_group)
    sign_in(client, trainer_in_group)
    html = _html(client.get(reverse("class_staff:detail", args=[training_class.pk])))
    assert "Chuyên cần (%)" in html and "Attendance (%)" not in html
