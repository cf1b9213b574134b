"""Scope is absolute: on random trees and scopes, every report equals a brute-force count over the learners
in scope, and no page or export can be made to show anything outside it."""

import csv
import datetime as dt
import io
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from accounts.models import Audience
from courses.models import Enrollment
from reports import selectors
from reports.selectors import ReportFilters

from ..auth import sign_in
from ..factories import ProfileFactory, make_course, make_hr_manager, make_unit
from .conftest import NOW, at

SEEDS = [3, 11, 29, 47, 2026]
STATUSES = ["pending", "active", "active", "completed", "completed", "withdrawn", "rejected"]


@dataclass
class World:
    units: list
    scope_roots: list
    profiles: list
    enrollments: list
    courses: list
    hr: object = None
    outside_units: list = field(default_factory=list)

    def in_scope(self, unit) -> bool:
        return unit is not None and any(unit.path.startswith(root.path) for root in self.scope_roots)


def build(seed: int, catalog, courses) -> World:
    rng = random.Random(seed)
    units = []
    for i in range(20):
        if not units or rng.random() < 0.1:
            units.append(make_unit(f"U{seed}-{i}", f"Đơn vị {i} (hạt giống {seed})", kind="department"))
        else:
            units.append(make_unit(f"U{seed}-{i}", f"Phòng {i} — Sở {seed}", rng.choice(units)))
    for unit in units:
        unit.refresh_from_db()
    profiles = []
    for unit in units:
        for _ in range(rng.randint(0, 4)):
            profiles.append(ProfileFactory(audience=Audience.OFFICIAL, organisation_unit=unit))
    # People who are never learners of a unit report: citizens, with or without a unit.
    profiles.append(ProfileFactory(audience=Audience.CITIZEN))
    profiles.append(ProfileFactory(audience=Audience.BUSINESS, organisation_unit=rng.choice(units)))
    enrollments = []
    for profile in profiles:
        for course in rng.sample(courses, rng.randint(0, len(courses))):
            status = rng.choice(STATUSES)
            enrolled_at = (
                None
                if status in ("pending", "rejected")
                else at(2025 + rng.randint(0, 1), rng.randint(1, 12))
            )
            completed_at = (
                enrolled_at + dt.timedelta(days=rng.randint(1, 90)) if status == "completed" else None
            )
            due_at = at(2026, rng.randint(1, 12)) if rng.random() < 0.5 else None
            score = (
                Decimal(rng.randint(40, 100))
                if status in ("active", "completed") and rng.random() < 0.7
                else None
            )
            enrollments.append(
                Enrollment(
                    user=profile.user,
                    course=course,
                    unit=profile.organisation_unit if profile.audience == Audience.OFFICIAL else None,
                    status=status,
                    source=rng.choice(["self", "approved", "assigned"]),
                    enrolled_at=enrolled_at,
                    completed_at=completed_at,
                    due_at=due_at,
                    final_score=score,
                )
            )
    Enrollment.objects.bulk_create(enrollments)
    roots = rng.sample(units, rng.randint(1, 3))
    world = World(units=units, scope_roots=roots, profiles=profiles, enrollments=enrollments, courses=courses)
    world.hr = make_hr_manager(*roots)
    world.outside_units = [unit for unit in units if not world.in_scope(unit)]
    return world


def brute(world: World, *, unit=None, course=None, track=None, date_from=None) -> dict:
    """Figures counted one learner and one enrollment at a time, with no help from the selectors."""

    def counted(profile):
        unit_of = profile.organisation_unit
        return (
            profile.audience == Audience.OFFICIAL
            and world.in_scope(unit_of)
            and (unit is None or unit_of.path.startswith(unit.path))
        )

    learners = [p for p in world.profiles if counted(p)]
    users = {p.user_id for p in learners}
    rows = [
        e
        for e in world.enrollments
        if e.user_id in users
        and (course is None or e.course_id == course.pk)
        and (track is None or e.course.track == track)
        and (date_from is None or (e.enrolled_at is not None and e.enrolled_at >= date_from))
    ]
    studying = [e for e in rows if e.status in ("active", "completed")]
    scores = [e.final_score for e in studying if e.final_score is not None]
    return {
        "learners": len(learners),
        "assigned": sum(e.source == "assigned" for e in rows),
        "enrolled": len(studying),
        "in_progress": sum(e.status == "active" for e in rows),
        "completed": sum(e.status == "completed" for e in rows),
        "overdue": sum(
            bool(e.due_at and e.due_at < NOW and e.status not in ("completed", "withdrawn", "rejected"))
            for e in rows
        ),
        "average_score": round(float(sum(scores)) / len(scores), 1) if scores else None,
        "users": users,
    }


def as_dict(counts, *, learners=True) -> dict:
    data = {
        name: getattr(counts, name)
        for name in ("assigned", "enrolled", "in_progress", "completed", "overdue")
    }
    data["average_score"] = counts.average_score
    if learners:
        data["learners"] = counts.learners
    return data


def expected(figures: dict, *, learners=True) -> dict:
    data = {k: v for k, v in figures.items() if k != "users"}
    if not learners:
        data.pop("learners")
    return data


@pytest.fixture
def random_courses(catalog):
    return [
        make_course(catalog, title="Quy hoạch đô thị", track="planning", for_officials=True),
        make_course(catalog, title="Hạ tầng số", track="infrastructure", for_officials=True),
        make_course(catalog, title="Kinh tế số", track="economy", for_officials=True),
        make_course(catalog, title="Cộng đồng thông minh", track="community", for_officials=True),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", SEEDS)
def test_every_report_equals_a_brute_force_count_in_scope(seed, catalog, random_courses):
    world = build(seed, catalog, random_courses)
    hr = world.hr
    report = selectors.completion_by_unit(user=hr, filters=ReportFilters(), now=NOW)
    assert {row.unit.pk for row in report.rows} == {u.pk for u in world.units if world.in_scope(u)}
    assert as_dict(report.total) == expected(brute(world))
    for row in report.rows:
        assert as_dict(row.total) == expected(brute(world, unit=row.unit)), row.unit.code
    # Filters, within scope.
    course = random_courses[seed % len(random_courses)]
    filtered = selectors.completion_by_unit(user=hr, filters=ReportFilters(course_id=course.pk), now=NOW)
    assert as_dict(filtered.total) == expected(brute(world, course=course))
    since = dt.date(2026, 1, 1)
    dated = selectors.completion_by_unit(user=hr, filters=ReportFilters(date_from=since), now=NOW)
    assert as_dict(dated.total) == expected(brute(world, date_from=at(2026, 1, 1).replace(hour=0)))
    # By course and by track.
    rows, total = selectors.completion_by_course(user=hr, filters=ReportFilters(), now=NOW)
    assert as_dict(total, learners=False) == expected(brute(world), learners=False)
    for row in rows:
        course = next(c for c in random_courses if c.pk == row.key)
        assert as_dict(row.counts, learners=False) == expected(brute(world, course=course), learners=False)
    for row in selectors.completion_by_track(user=hr, filters=ReportFilters(), now=NOW):
        assert as_dict(row.counts, learners=False) == expected(brute(world, track=row.key), learners=False)
    # The last month's cumulative figures are everything enrolled and completed so far.
    months = selectors.completion_by_month(user=hr, filters=ReportFilters(), today=dt.date(2026, 12, 31))
    truth = brute(world)
    completed_by_end = sum(
        e.status == "completed" and e.user_id in truth["users"] and e.completed_at < at(2027, 1, 1)
        for e in world.enrollments
    )
    assert (months[-1].enrolled_to_date, months[-1].completed_to_date) == (
        truth["enrolled"],
        completed_by_end,
    )
    # Drill-down: each scope root lists exactly its learners.
    for root in world.scope_roots:
        scope = selectors.report_scope(user=hr, unit_id=root.pk)
        listed = {p.user_id for p in selectors.unit_learners(scope=scope, filters=ReportFilters(), now=NOW)}
        assert listed == brute(world, unit=root)["users"]


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.mark.django_db
@pytest.mark.parametrize("seed", SEEDS[:3])
def test_no_url_or_export_reaches_outside_the_scope(seed, catalog, random_courses, client, with_totp):
    world = build(seed, catalog, random_courses)
    sign_in(client, with_totp(world.hr))
    truth = brute(world)
    inside_emails = {p.user.email for p in world.profiles if p.user_id in truth["users"]}
    outside_emails = {p.user.email for p in world.profiles} - inside_emails
    # People an HR manager may not see at all: no unit, or a unit outside their subtrees.
    outside_names = {p.user.full_name for p in world.profiles if not world.in_scope(p.organisation_unit)}

    for unit in world.outside_units:
        assert client.get(f"/quan-ly-dao-tao/don-vi/{unit.pk}/").status_code == 404
        for path in (
            "",
            "don-vi/",
            "khoa-hoc/",
            "xuat-du-lieu/units.csv",
            "xuat-du-lieu/enrollments.xlsx",
            "xuat-du-lieu/learners.csv",
            "xuat-du-lieu/months.csv",
        ):
            assert client.get(f"/quan-ly-dao-tao/{path}", {"unit": unit.pk}).status_code == 404, path
        assert (
            client.post(
                "/quan-ly-dao-tao/xuat-du-lieu/viec/",
                {"report": "enrollments", "format": "csv", "unit": unit.pk},
            ).status_code
            == 404
        )
    assert client.get("/quan-ly-dao-tao/don-vi/", {"unit": 987654}).status_code == 404
    assert client.get("/quan-ly-dao-tao/khoa-hoc/", {"course": 987654}).status_code == 404
    assert client.get("/quan-ly-dao-tao/xuat-du-lieu/courses.csv", {"course": 987654}).status_code == 404
    for profile in world.profiles:
        if (
            profile.user_id not in truth["users"]
            and profile.organisation_unit
            and not world.in_scope(profile.organisation_unit)
        ):
            public_id = profile.user.public_id
            assert client.get(f"/quan-ly-dao-tao/hoc-vien/{public_id}/").status_code == 404
            assert (
                client.get("/quan-ly-dao-tao/xuat-du-lieu/transcript.csv", {"learner": public_id}).status_code
                == 404
            )

    enrollments = read_csv(client.get("/quan-ly-dao-tao/xuat-du-lieu/enrollments.csv"))
    assert len(enrollments) - 1 == sum(e.user_id in truth["users"] for e in world.enrollments)
    assert {row[1] for row in enrollments[1:]} <= inside_emails
    learners = read_csv(client.get("/quan-ly-dao-tao/xuat-du-lieu/learners.csv"))
    assert {row[1] for row in learners[1:]} == inside_emails - {
        p.user.email for p in world.profiles if p.audience != Audience.OFFICIAL
    }
    for report in ("units", "courses", "tracks", "months"):
        body = "\n".join(
            ",".join(row) for row in read_csv(client.get(f"/quan-ly-dao-tao/xuat-du-lieu/{report}.csv"))
        )
        assert not any(email in body for email in outside_emails)
    units_csv = read_csv(client.get("/quan-ly-dao-tao/xuat-du-lieu/units.csv"))
    assert {row[0] for row in units_csv[1:-1]} == {u.code for u in world.units if world.in_scope(u)}
    assert int(units_csv[-1][3]) == truth["learners"] and int(units_csv[-1][5]) == truth["enrolled"]
    for page in ("", "don-vi/", "khoa-hoc/", "hoc-vien/"):
        html = client.get(f"/quan-ly-dao-tao/{page}").content.decode()
        # Names are matched as whole element texts ("Nguyễn Văn 1" is part of "Nguyễn Văn 12").
        texts = set(re.findall(r">([^<>]+)<", html))
        assert not outside_names & texts, page
        assert not {unit.name for unit in world.outside_units} & {t.strip().lstrip("— ") for t in texts}, page
