"""Completion figures on a small tree: exact at every level, and every filter."""

import datetime as dt

import pytest

from accounts.models import Audience
from reports.selectors import ReportFilters, completion_by_course, completion_by_month, completion_by_track
from reports.selectors import completion_by_unit as by_unit

from ..factories import ProfileFactory, UserFactory, make_course, make_official
from .conftest import NOW, at, enroll


@pytest.fixture
def scenario(tree, courses, catalog):
    planning, economy = courses["planning"], courses["economy"]
    people = {
        "p0": make_official(tree["province"]),
        "a": make_official(tree["sxd"]),
        "b": make_official(tree["ptdt"]),
        "c": make_official(tree["ptdt"]),
        "d": make_official(tree["cds"]),
        "e": make_official(tree["ward"]),
        # A citizen (no unit) and a citizen attached to a unit are never learners of a unit report.
        "citizen": ProfileFactory(audience=Audience.CITIZEN),
        "resident": ProfileFactory(audience=Audience.CITIZEN, organisation_unit=tree["ward"]),
    }
    enroll(
        people["a"],
        planning,
        "completed",
        source="assigned",
        enrolled_at=at(2026, 3, 1),
        completed_at=at(2026, 4, 5),
        due_at=at(2026, 5, 1),
        score=80,
    )
    enroll(
        people["a"], economy, "active", source="assigned", enrolled_at=at(2026, 4, 1), due_at=at(2026, 5, 1)
    )
    enroll(people["b"], planning, "active", enrolled_at=at(2026, 5, 2), due_at=at(2026, 7, 1))
    enroll(
        people["b"],
        economy,
        "withdrawn",
        source="assigned",
        enrolled_at=at(2026, 3, 10),
        due_at=at(2026, 4, 1),
    )
    enroll(
        people["c"],
        planning,
        "completed",
        enrolled_at=at(2026, 3, 15),
        completed_at=at(2026, 5, 10),
        score=90,
    )
    enroll(people["c"], economy, "pending", due_at=at(2026, 5, 1))
    enroll(
        people["d"], planning, "completed", enrolled_at=at(2026, 1, 10), completed_at=at(2026, 2, 1), score=70
    )
    enroll(people["e"], economy, "rejected")
    enroll(people["citizen"], planning, "completed", enrolled_at=at(2026, 3, 1), score=100)
    enroll(people["resident"], planning, "completed", enrolled_at=at(2026, 3, 1), score=100)
    citizens_course = make_course(
        catalog, title="Dịch vụ công trực tuyến", track="community", for_citizens=True
    )
    enroll(people["a"], citizens_course, "completed", enrolled_at=at(2026, 6, 1), completed_at=at(2026, 6, 2))
    return people


def figures(counts):
    return (
        counts.learners,
        counts.assigned,
        counts.enrolled,
        counts.in_progress,
        counts.completed,
        counts.overdue,
        counts.rate,
        counts.average_score,
    )


def admin():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.mark.django_db
def test_roll_up_is_exact_at_every_level(scenario, tree):
    report = by_unit(user=admin(), filters=ReportFilters(), now=NOW)
    rows = {row.unit.code: row for row in report.rows}
    # learners, assigned, enrolled, in progress, completed, overdue, rate, average score
    assert figures(rows["SXD-PTDT"].own) == (2, 1, 2, 1, 1, 1, 50.0, 90.0)
    assert figures(rows["SXD-PTDT"].total) == (2, 1, 2, 1, 1, 1, 50.0, 90.0)
    assert figures(rows["SXD"].own) == (1, 2, 3, 1, 2, 1, 66.7, 80.0)
    assert figures(rows["SXD"].total) == (3, 3, 5, 2, 3, 2, 60.0, 85.0)
    assert figures(rows["KHCN-CDS"].total) == (1, 0, 1, 0, 1, 0, 100.0, 70.0)
    assert figures(rows["KHCN"].own) == (0, 0, 0, 0, 0, 0, None, None)
    assert figures(rows["KHCN"].total) == (1, 0, 1, 0, 1, 0, 100.0, 70.0)
    assert figures(rows["P-TANNINH"].total) == (1, 0, 0, 0, 0, 0, None, None)
    assert figures(rows["TN"].total) == (6, 3, 6, 2, 4, 2, 66.7, 80.0)
    assert figures(report.total) == figures(rows["TN"].total)
    assert [(row.unit.code, row.level) for row in report.rows] == [
        ("TN", 0),
        ("KHCN", 1),
        ("KHCN-CDS", 2),
        ("SXD", 1),
        ("SXD-PTDT", 2),
        ("P-TANNINH", 1),
    ]


@pytest.mark.django_db
def test_hr_manager_report_starts_at_their_subtree(scenario, tree):
    from ..factories import make_hr_manager

    report = by_unit(user=make_hr_manager(tree["sxd"], tree["cds"]), filters=ReportFilters(), now=NOW)
    assert [(row.unit.code, row.level) for row in report.rows] == [
        ("KHCN-CDS", 0),
        ("SXD", 0),
        ("SXD-PTDT", 1),
    ]
    assert figures(report.total) == (4, 3, 6, 2, 4, 2, 66.7, 80.0)


@pytest.mark.django_db
def test_course_track_audience_and_period_filters(scenario, courses, tree):
    user = admin()

    def total(**filters):
        return figures(by_unit(user=user, filters=ReportFilters(**filters), now=NOW).total)

    economy = courses["economy"].pk
    # Filters narrow enrollments; the learners of the units stay the same.
    assert total(course_id=economy) == (6, 2, 1, 1, 0, 2, 0.0, None)
    assert total(track="planning") == (6, 1, 4, 1, 3, 0, 75.0, 80.0)
    assert total(audience="citizen") == (6, 0, 1, 0, 1, 0, 100.0, None)
    assert total(date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31)) == (
        6,
        2,
        2,
        0,
        2,
        0,
        100.0,
        85.0,
    )
    assert total(date_from=dt.date(2026, 5, 1)) == (6, 0, 2, 1, 1, 0, 50.0, None)
    assert total(unit_id=tree["sxd"].pk, track="planning") == (3, 1, 3, 1, 2, 0, 66.7, 85.0)


@pytest.mark.django_db
def test_by_course_and_by_track_add_up_to_the_tree(scenario, courses):
    user = admin()
    rows, total = completion_by_course(user=user, filters=ReportFilters(), now=NOW)
    assert [row.label for row in rows] == [
        "Dịch vụ công trực tuyến",
        "Kinh tế số và đổi mới sáng tạo",
        "Quy hoạch đô thị thông minh",
    ]
    planning = rows[2].counts
    assert (planning.enrolled, planning.completed, planning.in_progress, planning.assigned) == (4, 3, 1, 1)
    tree_total = by_unit(user=user, filters=ReportFilters(), now=NOW).total
    assert figures(total)[1:] == figures(tree_total)[1:]
    tracks = {row.key: row.counts for row in completion_by_track(user=user, filters=ReportFilters(), now=NOW)}
    assert len(tracks) == 6
    assert (tracks["planning"].enrolled, tracks["economy"].enrolled, tracks["community"].enrolled) == (
        4,
        1,
        1,
    )
    assert tracks["utilities"].rate is None


@pytest.mark.django_db
def test_completion_by_month_is_cumulative(scenario):
    months = completion_by_month(user=admin(), filters=ReportFilters(), today=dt.date(2026, 6, 15), months=6)
    assert [m.month for m in months] == [dt.date(2026, m, 1) for m in range(1, 7)]
    assert [(m.enrolled, m.completed) for m in months] == [(1, 0), (0, 1), (2, 0), (1, 1), (1, 1), (1, 1)]
    assert [m.rate for m in months] == [0.0, 100.0, 33.3, 50.0, 60.0, 66.7]
    # Months before the window still count towards the cumulative rate.
    late = completion_by_month(user=admin(), filters=ReportFilters(), today=dt.date(2026, 6, 15), months=2)
    assert [(m.enrolled_to_date, m.completed_to_date) for m in late] == [(5, 3), (6, 4)]


@pytest.mark.django_db
def test_enrollments_follow_their_learner_to_a_new_unit(tree, courses):
    """Reports count an enrollment under the learner's current unit; citizens are under none."""
    from courses import services
    from courses.models import Enrollment

    official = make_official(tree["ptdt"])
    enrollment = services.enrollment_create(user=official.user, course=courses["planning"])
    assert enrollment.unit_id == tree["ptdt"].pk
    official.organisation_unit = tree["cds"]
    official.save()
    enrollment.refresh_from_db()
    assert enrollment.unit_id == tree["cds"].pk
    citizen = ProfileFactory(audience=Audience.CITIZEN)
    assert Enrollment.objects.create(user=citizen.user, course=courses["planning"]).unit_id is None
    official.audience = Audience.BUSINESS
    official.save()
    assert Enrollment.objects.get(pk=enrollment.pk).unit_id is None
