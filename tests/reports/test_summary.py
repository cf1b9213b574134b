"""The report summary (reports.models, rebuilt by the task worker) gives the figures of the direct count.

On random trees, scopes and enrollments every report read from the summary equals the same report counted
directly from the enrollments as of the summary's time; it stays equal after enrollments, completions,
withdrawals, learners moving unit and units moving in the tree once the worker has rebuilt it; the pages
show its age, queue a rebuild when it is over a minute old, and fall back to counting when it is too old.
"""

import dataclasses
import datetime as dt

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Audience, OrganisationUnit
from courses import services as course_services
from courses.models import Enrollment
from reports import selectors, services
from reports.models import SummaryState, UnitCourseSummary, UnitMonthSummary
from reports.selectors import ReportFilters

from ..factories import ProfileFactory, make_hr_manager, make_unit
from .test_scope_random import SEEDS, build, random_courses  # noqa: F401 (fixture)

SUMMARY_ON = override_settings(LMS_REPORTS_SUMMARY_MAX_AGE=300, LMS_REPORTS_SUMMARY_REFRESH=60)
SUMMARY_OFF = override_settings(LMS_REPORTS_SUMMARY_MAX_AGE=0)
TODAY = dt.date(2026, 12, 31)


def figures(user, filters: ReportFilters, now=None) -> dict:
    """Every figure of the unit, track, course and month reports, as plain data."""
    units, tracks = selectors.completion_by_unit_and_track(user=user, filters=filters, now=now)
    courses, course_total = selectors.completion_by_course(user=user, filters=filters, now=now)
    return {
        "as_of": units.as_of,
        "units": [
            (row.unit.pk, row.level, dataclasses.asdict(row.own), dataclasses.asdict(row.total))
            for row in units.rows
        ],
        "total": dataclasses.asdict(units.total),
        "tracks": [(row.key, dataclasses.asdict(row.counts)) for row in tracks],
        "by_track": [
            (row.key, dataclasses.asdict(row.counts))
            for row in selectors.completion_by_track(user=user, filters=filters, now=now)
        ],
        "courses": [(row.key, dataclasses.asdict(row.counts)) for row in courses],
        "course_total": dataclasses.asdict(course_total),
        "months": [
            dataclasses.astuple(row)
            for row in selectors.completion_by_month(user=user, filters=filters, today=TODAY, months=36)
        ],
    }


def assert_summary_matches(user, filters: ReportFilters) -> None:
    state = SummaryState.objects.get()
    with SUMMARY_OFF:
        direct = figures(user, filters, now=state.refreshed_at)
    with SUMMARY_ON:
        summarised = figures(user, filters)
    assert summarised["as_of"] == state.refreshed_at
    assert direct["as_of"] is None
    summarised.pop("as_of"), direct.pop("as_of")
    assert summarised == direct


def filter_sets(world) -> list[ReportFilters]:
    course = world.courses[0]
    sets = [
        ReportFilters(),
        ReportFilters(course_id=course.pk),
        ReportFilters(track="economy"),
        ReportFilters(audience=Audience.OFFICIAL),
        ReportFilters(audience=Audience.CITIZEN),
    ]
    sets += [ReportFilters(unit_id=root.pk) for root in world.scope_roots]
    return sets


@pytest.mark.django_db
@pytest.mark.parametrize("seed", SEEDS)
def test_summary_equals_the_direct_count_on_random_data(seed, catalog, random_courses, admin_user):  # noqa: F811
    world = build(seed, catalog, random_courses)
    services.report_summary_refresh()
    for filters in filter_sets(world):
        assert_summary_matches(world.hr, filters)
    # The whole province, as an administrator sees it.
    assert_summary_matches(admin_user, ReportFilters())


@pytest.mark.django_db
def test_summary_stays_current_after_changes_once_the_worker_rebuilds_it(
    catalog,
    random_courses,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    world = build(SEEDS[0], catalog, random_courses)
    province = make_unit("TINH", "Tỉnh (kiểm thử)", kind="province")
    for root in world.scope_roots:
        root.refresh_from_db()
    hr = make_hr_manager(*world.scope_roots)
    services.report_summary_refresh()
    assert_summary_matches(hr, ReportFilters())
    learner = ProfileFactory(audience=Audience.OFFICIAL, organisation_unit=world.scope_roots[0])
    course = random_courses[0]

    def rebuilt_matches():
        # What the worker does when a page finds the summary over a minute old.
        SummaryState.objects.update(refreshed_at=timezone.now() - dt.timedelta(seconds=61))
        services.cache.delete(services.SUMMARY_QUEUED_KEY)
        with SUMMARY_ON, django_capture_on_commit_callbacks(execute=True) as callbacks:
            assert services.report_summary_request_refresh()
        assert len(callbacks) == 1
        assert_summary_matches(hr, ReportFilters())
        assert_summary_matches(hr, ReportFilters(course_id=course.pk))

    # An enrollment, then its completion (the services' own UPDATE), then a withdrawal.
    enrollment = course_services.enrollment_create(user=learner.user, course=course)
    rebuilt_matches()
    Enrollment.objects.filter(pk=enrollment.pk).update(
        status=Enrollment.Status.COMPLETED, completed_at=timezone.now()
    )
    rebuilt_matches()
    other = course_services.enrollment_create(user=learner.user, course=random_courses[1])
    course_services.enrollment_withdraw(enrollment=other)
    rebuilt_matches()
    # The learner moves to another unit (the profile's save copies the unit onto the enrollments).
    learner.organisation_unit = world.outside_units[0] if world.outside_units else world.units[-1]
    learner.save()
    course_services.enrollment_units_sync(profile=learner)
    rebuilt_matches()
    # A unit moves in the tree, under a unit outside the HR manager's scope.
    moved = OrganisationUnit.objects.get(pk=world.scope_roots[0].pk)
    moved.move(province, "sorted-child")
    rebuilt_matches()


@pytest.mark.django_db
def test_summary_is_not_read_with_a_period_filter_an_explicit_time_or_when_too_old(
    catalog,
    random_courses,  # noqa: F811
):
    world = build(SEEDS[1], catalog, random_courses)
    services.report_summary_refresh()
    with SUMMARY_ON:
        assert selectors.completion_by_unit(user=world.hr, filters=ReportFilters()).as_of is not None
        dated = ReportFilters(date_from=dt.date(2026, 1, 1))
        assert selectors.completion_by_unit(user=world.hr, filters=dated).as_of is None
        assert (
            selectors.completion_by_unit(user=world.hr, filters=ReportFilters(), now=timezone.now()).as_of
            is None
        )
        SummaryState.objects.update(refreshed_at=timezone.now() - dt.timedelta(seconds=301))
        assert selectors.completion_by_unit(user=world.hr, filters=ReportFilters()).as_of is None
    with SUMMARY_OFF:
        services.report_summary_refresh()
        assert selectors.completion_by_unit(user=world.hr, filters=ReportFilters()).as_of is None


@pytest.mark.django_db
def test_summary_rebuild_replaces_every_row(catalog, random_courses):  # noqa: F811
    world = build(SEEDS[2], catalog, random_courses)
    services.report_summary_refresh()
    rows = UnitCourseSummary.objects.count(), UnitMonthSummary.objects.count()
    assert rows[0] > 0 and rows[1] > 0
    services.report_summary_refresh()
    assert (UnitCourseSummary.objects.count(), UnitMonthSummary.objects.count()) == rows
    Enrollment.objects.filter(unit__in=world.units).delete()
    services.report_summary_refresh()
    assert UnitCourseSummary.objects.count() == 0
    assert UnitMonthSummary.objects.count() == 0


def _seed_units(catalog, courses, n: int, parent=None):
    root = parent or make_unit("ROOT", "Tỉnh", kind="province")
    for i in range(n):
        unit = make_unit(f"S{n}-{i}", f"Sở {i}", root)
        for _ in range(2):
            profile = ProfileFactory(audience=Audience.OFFICIAL, organisation_unit=unit)
            for course in courses:
                Enrollment.objects.create(
                    user=profile.user,
                    course=course,
                    unit=unit,
                    status="completed",
                    enrolled_at=timezone.now() - dt.timedelta(days=40 * i),
                    completed_at=timezone.now() - dt.timedelta(days=30 * i),
                    due_at=timezone.now() - dt.timedelta(days=1),
                )
    return root


@pytest.mark.django_db
def test_summary_pages_show_its_age_and_their_queries_do_not_grow_with_rows(
    client,
    catalog,
    random_courses,  # noqa: F811
    hr_login,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    root = _seed_units(catalog, random_courses, 3)
    root.refresh_from_db()
    hr_login(root)
    services.report_summary_refresh()
    counts = {}
    with SUMMARY_ON:
        for url in ("/quan-ly-dao-tao/", "/quan-ly-dao-tao/don-vi/"):
            response = client.get(url)
            assert response.status_code == 200
            assert "Số liệu tổng hợp lúc" in response.content.decode()
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            counts[url] = len(captured.captured_queries)
        _seed_units(catalog, random_courses, 12, parent=root)
        services.report_summary_refresh()
        for url, before in counts.items():
            with django_assert_max_num_queries(before):
                assert client.get(url).status_code == 200
        # Over a minute old: the page still answers from the summary and queues one rebuild.
        SummaryState.objects.update(refreshed_at=timezone.now() - dt.timedelta(seconds=90))
        services.cache.delete(services.SUMMARY_QUEUED_KEY)
        old = SummaryState.objects.get().refreshed_at
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.get("/quan-ly-dao-tao/")
            client.get("/quan-ly-dao-tao/don-vi/")
        assert "(cách đây 90 giây)" in response.content.decode()
        assert len(callbacks) == 1
        assert SummaryState.objects.get().refreshed_at > old
    # With the summary off, the pages count directly and say nothing about a summary.
    with SUMMARY_OFF:
        assert "Số liệu tổng hợp lúc" not in client.get("/quan-ly-dao-tao/").content.decode()
