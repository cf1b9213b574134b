"""The target report computed by the database equals the same rules computed in Python (issues #16/#20).

The reference below is the report as it was built before: every official in scope read in name order,
their counted entries summed in Python (``record_entries``) and their target from ``TargetTable.target``.
"""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Audience, Profile
from classes.models import ClassMember, TrainingClass
from records import selectors
from records.models import ExternalTraining, TrainingTarget

from ..factories import ProfileFactory, UserFactory, make_course, make_hr_manager, make_unit
from .conftest import YEAR, complete, local

pytestmark = pytest.mark.django_db


# Spellings a province's data really holds: the same position in other cases and spacing.
def official(unit, position: str, **kwargs) -> Profile:
    return ProfileFactory(audience=Audience.OFFICIAL, organisation_unit=unit, position=position, **kwargs)


POSITIONS = ["Chuyên viên", "chuyên  viên ", "Trưởng phòng", "TRƯỞNG PHÒNG", "Phó Giám đốc", "", "Văn thư"]


def reference_report(*, reader, year, unit=None, below_only=False) -> list[selectors.TargetRow]:
    profiles = selectors.readable_profiles(reader=reader)
    if unit is not None:
        profiles = profiles.filter(organisation_unit__path__startswith=unit.path)
    people = list(profiles.select_related("user", "organisation_unit").order_by(*selectors.PERSON_ORDER))
    entries = selectors.record_entries(user_ids=[p.user_id for p in people], year=year)
    table = selectors.target_table(year=year)
    rows = []
    for profile in people:
        unit_of = profile.organisation_unit
        row = selectors.TargetRow(
            public_id=profile.user.public_id,
            full_name=profile.user.full_name,
            email=profile.user.email,
            unit_name=unit_of.name if unit_of else "",
            position=profile.position or "",
            periods=sum(entry.periods for entry in entries.get(profile.user_id, []) if entry.counts),
            target=table.target(unit_path=unit_of.path if unit_of else None, position=profile.position),
        )
        if not below_only or row.below_target:
            rows.append(row)
    return rows


def random_world(rng: random.Random, rworld, tree, catalog, people: int = 36) -> list:
    """Units three levels deep, targets at unit, parent and position level (and in other years),
    completions and external entries of every status in, before and after the year."""
    units = list(tree.values())
    for index in range(3):
        units.append(make_unit(f"X{index}", f"Phòng thử {index}", rng.choice(units)))
    for unit in units:
        unit.refresh_from_db()
    for unit in rng.sample(units, 4):
        TrainingTarget.objects.create(year=YEAR, unit=unit, periods=rng.choice([8, 20, 24, 40]))
    TrainingTarget.objects.create(year=YEAR + 1, unit=tree["province"], periods=99)
    TrainingTarget.objects.create(
        year=YEAR, position=rng.choice(["trưởng phòng", "Phó giám đốc"]), periods=30
    )
    TrainingTarget.objects.create(year=YEAR - 1, position="chuyên viên", periods=77)
    courses = [rworld["course_a"], rworld["course_b"]] + [
        make_course(catalog, title=f"Khóa thử {i}", for_officials=True, periods=p)
        for i, p in enumerate((0, 5, 12))
    ]
    own_periods = TrainingClass.objects.create(
        course=courses[3],
        name="Lớp có số tiết",
        code="X-01",
        starts_on=dt.date(YEAR, 3, 1),
        ends_on=dt.date(YEAR, 3, 2),
        periods=7,
    )
    moments = [
        local(YEAR, 1, 1, 0),  # the first hour of the year, Vietnam time
        local(YEAR, 6, 15),
        local(YEAR, 12, 31, 23),
        local(YEAR - 1, 12, 31, 23),
        local(YEAR + 1, 1, 1, 0),
    ]
    days = [dt.date(YEAR, 1, 1), dt.date(YEAR, 7, 1), dt.date(YEAR, 12, 31), dt.date(YEAR - 1, 12, 31)]
    users = []
    for _ in range(people):
        profile = official(
            rng.choice(units),
            rng.choice(POSITIONS),
            user__full_name=f"{rng.choice(['Nguyễn', 'Trần', 'Lê', 'Đỗ'])} Văn {rng.choice(['An', 'Ánh', 'Bảo'])}",
        )
        user = profile.user
        users.append(user)
        for course in rng.sample(courses, rng.randint(0, 3)):
            enrollment = complete(user, course, rng.choice(moments))
            if course == courses[1] and rng.random() < 0.6:
                ClassMember.objects.create(
                    training_class=rworld["class"], user=user, status="registered", enrollment=enrollment
                )
            elif course == courses[3] and rng.random() < 0.6:
                ClassMember.objects.create(
                    training_class=own_periods, user=user, status="registered", enrollment=enrollment
                )
        for _ in range(rng.randint(0, 3)):
            status = rng.choice(["approved", "approved", "pending", "rejected"])
            ends_on = rng.choice(days)
            ExternalTraining.objects.create(
                user=user,
                title="Bồi dưỡng ngoài",
                provider="Trường Chính trị tỉnh",
                periods=rng.randint(1, 30),
                status=status,
                content_category=rworld["categories"]["QLNN"],
                starts_on=ends_on - dt.timedelta(days=1),
                ends_on=ends_on,
                rejection_reason="Thiếu minh chứng" if status == "rejected" else "",
            )
    return units


@pytest.mark.parametrize("seed", [1, 2])
def test_sql_report_equals_the_python_rules_on_random_data(seed, rworld, tree, catalog):
    rng = random.Random(seed)
    units = random_world(rng, rworld, tree, catalog)
    admin = UserFactory(is_superuser=True)
    readers = [
        (rworld["hr_sxd"], None),
        (admin, None),
        (admin, units[-1]),
        (make_hr_manager(tree["khcn"]), None),
    ]
    checked = 0
    for reader, unit in readers:
        for below_only in (False, True):
            expected = reference_report(reader=reader, year=YEAR, unit=unit, below_only=below_only)
            report = selectors.target_report(reader=reader, year=YEAR, unit=unit, below_only=below_only)
            assert list(report) == expected
            assert len(report) == len(expected)
            assert report[1:4] == expected[1:4]
            assert report.below == sum(1 for row in expected if row.below_target)
            everyone = reference_report(reader=reader, year=YEAR, unit=unit)
            assert report.officials == len(everyone)
            checked += len(expected)
    assert checked > 40  # the random world gave every reader people to compare
    # Each rule was met at least once: a position target, an inherited unit target, someone without one.
    rows = reference_report(reader=admin, year=YEAR)
    assert {row.target for row in rows} >= {30, None}
    assert any(row.below_target for row in rows) and any(row.target and not row.below_target for row in rows)
    # The other years' targets apply to their own years only.
    next_year = selectors.target_report(reader=admin, year=YEAR + 1)
    assert list(next_year) == reference_report(reader=admin, year=YEAR + 1)
    assert {row.target for row in next_year} <= {99, None}


def test_report_queries_do_not_grow_with_people(rworld, tree, catalog):
    TrainingTarget.objects.create(year=YEAR, unit=tree["sxd"], periods=20)
    TrainingTarget.objects.create(year=YEAR, position="Trưởng phòng", periods=30)
    hr = rworld["hr_sxd"]

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            report = selectors.target_report(reader=hr, year=YEAR, below_only=True)
            page = report[0:50]
        return len(captured), len(page)

    few, shown = queries()
    for index in range(30):
        person = official(tree["ptdt"], POSITIONS[index % len(POSITIONS)]).user
        complete(person, rworld["course_b"], local(YEAR, 2, 1))
    many, shown_many = queries()
    assert shown < shown_many
    assert few == many <= 5
    assert Profile.objects.filter(organisation_unit=tree["ptdt"]).count() == 32
