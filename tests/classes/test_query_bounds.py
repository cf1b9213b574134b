"""Query bounds of the class screens: each page is measured with a few rows, then the rows that would
multiply the queries if one crept in per row (sessions, members, classes, nominations, registrations) are
grown several times over, and the page must not cost more."""

import datetime

import pytest
from django.urls import reverse

from classes import attendance, services
from classes.models import ClassSession

from ..auth import sign_in
from ..factories import make_hr_manager, make_official
from .attendance_world import make_attendance_class, register
from .conftest import make_class

pytestmark = pytest.mark.django_db


def _measure(client, url, django_assert_max_num_queries, limit=60) -> int:
    client.get(url)  # warm caches (site, menus, roles)
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_learner_class_page_does_not_grow_with_sessions_or_classmates(
    client, course, learner, tree, django_assert_max_num_queries
):
    training_class = make_class(course, sessions=2, capacity=100)
    services.class_register(training_class=training_class, user=learner)
    sign_in(client, learner)
    url = reverse("classes:detail", args=[training_class.pk])
    baseline = _measure(client, url, django_assert_max_num_queries)
    start = training_class.sessions.order_by("-starts_at").first().ends_at
    make_class(course, sessions=0)  # another class changes nothing here
    for index in range(10):
        ClassSession.objects.create(
            training_class=training_class,
            title=f"Buổi {index}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
        )
    for _ in range(10):
        services.class_register(training_class=training_class, user=make_official(tree["ptdt"]).user)
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert len(response.context["sessions"]) == 12


def test_my_classes_does_not_grow_with_sessions_and_attendance(
    client, course, learner, trainer, django_assert_max_num_queries
):
    first = make_class(course, sessions=1)
    member = services.class_register(training_class=first, user=learner)
    sign_in(client, learner)
    url = reverse("classes:my_classes")
    baseline = _measure(client, url, django_assert_max_num_queries)
    for _ in range(3):
        other = make_class(course, sessions=4)
        joined = services.class_register(training_class=other, user=learner)
        for session in other.sessions.all():
            services.attendance_record(session=session, member=joined, status="present", by=trainer)
    services.attendance_record(session=first.sessions.get(), member=member, status="late", by=trainer)
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert len(response.context["members"]) == 4


def test_nomination_page_does_not_grow_with_classes_units_or_nominations(
    client, course, tree, with_totp, django_assert_max_num_queries
):
    hr = with_totp(make_hr_manager(tree["sxd"]))
    training_class = make_class(course, capacity=100)
    services.class_nominate(training_class=training_class, users=[make_official(tree["ptdt"]).user], by=hr)
    sign_in(client, hr)
    url = reverse("class_nominations")
    baseline = _measure(client, url, django_assert_max_num_queries)
    for _ in range(5):
        make_class(course)
    people = [make_official(tree["ptdt"]).user for _ in range(15)]
    services.class_nominate(training_class=training_class, users=people, by=hr)
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert len(response.context["nominations"]) == 16


def test_roster_and_class_report_do_not_grow_with_members_or_sessions(
    client, catalog, tree, with_totp, django_assert_max_num_queries
):
    training_class, session, trainer, members = make_attendance_class(catalog, tree["ptdt"], learners=2)
    hr = with_totp(make_hr_manager(tree["sxd"]))
    roster = reverse("class_staff:roster", kwargs={"session_id": session.pk})
    report = reverse("reports:classes") + f"?training_class={training_class.pk}"
    report_all = reverse("reports:classes")
    sign_in(client, trainer)
    roster_baseline = _measure(client, roster, django_assert_max_num_queries)
    sign_in(client, hr)
    report_baseline = _measure(client, report, django_assert_max_num_queries)
    all_baseline = _measure(client, report_all, django_assert_max_num_queries)

    for index in range(4):  # more sessions, each with marks for everyone
        later = ClassSession.objects.create(
            training_class=training_class,
            title=f"Buổi {index + 2}",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
        )
        marks = [attendance.Mark(member_id=m.pk, status="present") for m in members]
        attendance.attendance_bulk_record(session=later, marks=marks, by=trainer)
    for _ in range(20):  # more learners, across two units
        member = register(training_class, make_official(tree["ptdt"]).user)
        attendance.attendance_bulk_record(
            session=session, marks=[attendance.Mark(member_id=member.pk, status="late")], by=trainer
        )
    register(training_class, make_official(tree["sxd"]).user)

    sign_in(client, trainer)
    with django_assert_max_num_queries(roster_baseline):
        response = client.get(roster)
    assert response.status_code == 200
    sign_in(client, hr)
    with django_assert_max_num_queries(report_baseline):
        response = client.get(report)
    assert len(response.context["rows"]) == 23
    with django_assert_max_num_queries(all_baseline):
        client.get(report_all)
