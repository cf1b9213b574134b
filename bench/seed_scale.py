"""Seed a PostgreSQL database at provincial scale for the report benchmarks (bench/reports.py).

Writes, reproducibly from ``--seed``: an organisation tree of 300 units (province -> departments and
communes/wards -> offices), 100,000 officials with profiles, 40 published courses over the six tracks, and
1,000,000 enrollments (10 distinct courses per learner) with a realistic mix of statuses, sources, due dates and
scores, plus an HR manager (``hr@bench.test``, TOTP set up) whose scope is the whole province.
Rows are written with PostgreSQL COPY (psycopg), so seeding takes seconds rather than hours.
The database is ``lms_bench_reports`` (created and migrated by bench/_setup.py); ``--force`` drops and rebuilds
it, otherwise an already seeded database is left as it is.
Run: .venv/bin/python bench/seed_scale.py [--seed 2026] [--learners 100000] [--force]
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
import uuid
from decimal import Decimal

from _setup import PG_SERVER, django_on_postgres

# BENCH_REPORTS_DB: another database (two sizes side by side, or a helper of its own).
DATABASE = os.environ.get("BENCH_REPORTS_DB", "lms_bench_reports")
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Quốc", "Thanh", "Đức", "Thị Mỹ", "Hoài", "Kim", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hạnh",
    "Hiếu",
    "Khánh",
    "Lan",
    "Long",
    "Nghĩa",
    "Phúc",
    "Quyên",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trí",
    "Tuyết",
    "Uyên",
    "Vinh",
    "Yến",
    "Ánh",
    "Đạt",
    "Ơn",
]
POSITIONS = ["Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng", "Cán sự", "Kế toán viên"]
DEPARTMENTS = [
    "Sở Xây dựng",
    "Sở Khoa học và Công nghệ",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường",
    "Sở Công Thương",
    "Sở Tư pháp",
    "Sở Văn hóa, Thể thao và Du lịch",
]
TRACKS = ["planning", "infrastructure", "construction", "utilities", "economy", "community"]
STATUSES = [("completed", 45), ("active", 40), ("pending", 5), ("withdrawn", 7), ("rejected", 3)]
SOURCES = [("self", 60), ("assigned", 30), ("approved", 10)]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
COURSES = 40
PER_LEARNER = 10


def step(n: int) -> str:
    """One 4-character step of a treebeard materialised path (base 36, from 1)."""
    digits = ""
    for _ in range(4):
        n, r = divmod(n, 36)
        digits = ALPHABET[r] + digits
    return digits


def weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def build_units(rng: random.Random, total: int) -> list[tuple]:
    """(path, depth, code, name, kind) in path order: 1 province, ~1/3 second level, the rest offices."""
    second = max(1, (total - 1) // 3)
    third = total - 1 - second
    units = [("0001", 1, "TN", "Ủy ban nhân dân tỉnh Tây Ninh", "province")]
    parents = []
    for i in range(second):
        if i < len(DEPARTMENTS):
            name, kind = DEPARTMENTS[i], "department"
        else:
            name, kind = f"Ủy ban nhân dân {'phường' if i % 3 else 'xã'} số {i:03d}", "commune"
        parents.append(("0001" + step(i + 1), f"DV{i + 1:03d}", name, kind))
    children = {path: 0 for path, *_ in parents}
    allocation = [rng.choice(parents)[0] for _ in range(third)]
    for path, code, name, kind in parents:
        units.append((path, 2, code, name, kind))
        for parent_path in allocation:
            if parent_path == path:
                children[path] += 1
                units.append(
                    (
                        path + step(children[path]),
                        3,
                        f"{code}-P{children[path]:02d}",
                        f"Phòng {children[path]:02d} — {name}",
                        "office",
                    )
                )
    return units


def copy_rows(raw, model, columns: list[str], rows):
    """COPY ``rows`` into ``model``'s table; other NOT NULL columns get the field's default (blank text fields
    an empty string), so a field added later by another app does not break the seed."""
    from psycopg.types.json import Jsonb

    extra, defaults = [], []
    for field in model._meta.concrete_fields:
        if field.column in columns or field.primary_key or field.null:
            continue
        if not field.has_default() and not (field.blank and field.empty_strings_allowed):
            sys.exit(
                f"{model._meta.db_table}.{field.column} is NOT NULL without a default: update bench/seed_scale.py"
            )
        extra.append(field.column)
        default = field.get_default()
        defaults.append(Jsonb(default) if isinstance(default, dict | list) else default)
    statement = f"COPY {model._meta.db_table} ({', '.join([*columns, *extra])}) FROM STDIN"
    with raw.copy(statement) as copy:
        for row in rows:
            copy.write_row((*row, *defaults))


def seed_courses(count: int, fields) -> list[int]:
    """Publish ``count`` courses in the catalog, ``fields(i)`` giving the i-th one's ``CoursePage`` fields;
    their ids in order (also used by bench/records_export.py)."""
    from cms.checklist import publishing_unchecked
    from cms.models import CatalogPage, CoursePage

    catalog = CatalogPage.objects.get()
    ids = []
    for i in range(count):
        course = CoursePage(**fields(i))
        catalog.add_child(instance=course)
        with publishing_unchecked():  # the benches need courses, not their lessons
            course.save_revision().publish()
        ids.append(course.pk)
    return ids


def copy_units(raw, units: list[tuple]) -> list[tuple[int, int]]:
    """COPY ``build_units``' rows into the organisation tree (with treebeard's ``numchild``); (id, depth) of
    each unit in path order."""
    from accounts.models import OrganisationUnit

    numchild = {}
    for path, *_ in units:
        numchild[path[:-4]] = numchild.get(path[:-4], 0) + 1
    copy_rows(
        raw,
        OrganisationUnit,
        ["path", "depth", "numchild", "code", "name", "kind", "is_active"],
        (
            (path, depth, numchild.get(path, 0), code, name, kind, True)
            for path, depth, code, name, kind in units
        ),
    )
    raw.execute("SELECT id, depth FROM accounts_organisationunit ORDER BY path")
    return raw.fetchall()


def reset_sequences(raw, tables) -> None:
    """Move each table's id sequence past the ids COPY wrote, so later ORM inserts do not collide."""
    for table in tables:
        raw.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608 (constant table names)
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--force", action="store_true", help="drop the database and seed it again")
    args = parser.parse_args()

    import psycopg

    if args.force:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    started = time.perf_counter()
    django_on_postgres(DATABASE)

    from allauth.mfa.totp.internal.auth import TOTP
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import HRScope, OrganisationUnit, Profile, User
    from accounts.text import name_sort_key
    from courses.models import Enrollment

    if Enrollment.objects.exists():
        print(
            f"{DATABASE} is already seeded ({Enrollment.objects.count():,} enrollments); --force to rebuild."
        )
        return
    rng = random.Random(args.seed)
    now = timezone.now().replace(microsecond=0)

    course_ids = seed_courses(
        COURSES,
        lambda i: {
            "title": f"Khóa {i + 1:02d}: Đô thị thông minh — chuyên đề {TRACKS[i % 6]}",
            "slug": f"bench-khoa-{i + 1:02d}",
            "summary": "Khóa học phục vụ đo hiệu năng báo cáo.",
            "track": TRACKS[i % len(TRACKS)],
            "for_officials": True,
            "for_citizens": i % 4 == 0,
        },
    )

    units = build_units(rng, args.units)
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        unit_rows = copy_units(raw, units)
        # Most officials work in offices and departments; the province office itself is small.
        unit_ids = [pk for pk, _depth in unit_rows]
        unit_weights = [1 if depth == 1 else 3 if depth == 2 else 4 for _pk, depth in unit_rows]

        raw.execute("SELECT COALESCE(MAX(id), 0) FROM accounts_user")
        first_user = raw.fetchone()[0] + 1
        learner_units = rng.choices(unit_ids, weights=unit_weights, k=args.learners)

        def users():
            for i in range(args.learners):
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                joined = now - dt.timedelta(days=rng.randint(30, 900))
                yield (
                    first_user + i,
                    "!",
                    False,
                    False,
                    True,
                    joined,
                    f"hv{i:06d}@bench.test",
                    name,
                    name_sort_key(name),
                    uuid.UUID(int=rng.getrandbits(128), version=4),
                )

        copy_rows(
            raw,
            User,
            [
                "id",
                "password",
                "is_superuser",
                "is_staff",
                "is_active",
                "date_joined",
                "email",
                "full_name",
                "name_sort_key",
                "public_id",
            ],
            users(),
        )
        copy_rows(
            raw,
            Profile,
            [
                "user_id",
                "audience",
                "phone",
                "organisation_unit_id",
                "position",
                "staff_code",
                "enterprise_name",
                "tax_code",
                "created_at",
                "updated_at",
            ],
            (
                (
                    first_user + i,
                    "official",
                    "",
                    learner_units[i],
                    rng.choice(POSITIONS),
                    f"CB{i:06d}",
                    "",
                    "",
                    now,
                    now,
                )
                for i in range(args.learners)
            ),
        )

        def enrollments():
            for i in range(args.learners):
                for course_id in rng.sample(course_ids, PER_LEARNER):
                    status = weighted(rng, STATUSES)
                    source = weighted(rng, SOURCES)
                    requested = now - dt.timedelta(days=rng.randint(1, 730), minutes=rng.randint(0, 1440))
                    enrolled = (
                        None
                        if status in ("pending", "rejected")
                        else requested + dt.timedelta(hours=rng.randint(0, 72))
                    )
                    completed = (
                        enrolled + dt.timedelta(days=rng.randint(1, 120)) if status == "completed" else None
                    )
                    if completed and completed > now:
                        completed = now
                    withdrawn = (
                        enrolled + dt.timedelta(days=rng.randint(1, 30)) if status == "withdrawn" else None
                    )
                    due = (
                        requested + dt.timedelta(days=rng.choice((30, 60, 90)))
                        if source == "assigned"
                        else None
                    )
                    score = Decimal(rng.randint(5000, 10000)) / 100 if status == "completed" else None
                    yield (
                        first_user + i,
                        course_id,
                        status,
                        source,
                        requested,
                        enrolled,
                        completed,
                        withdrawn,
                        due,
                        "",
                        score,
                        learner_units[i],
                    )

        copy_rows(
            raw,
            Enrollment,
            [
                "user_id",
                "course_id",
                "status",
                "source",
                "requested_at",
                "enrolled_at",
                "completed_at",
                "withdrawn_at",
                "due_at",
                "decision_note",
                "final_score",
                "unit_id",
            ],
            enrollments(),
        )
        reset_sequences(
            raw, ("accounts_organisationunit", "accounts_user", "accounts_profile", "courses_enrollment")
        )

    hr = User.objects.create_user("hr@bench.test", None, full_name="Cán bộ phụ trách đào tạo (bench)")
    HRScope.objects.create(user=hr, unit=OrganisationUnit.objects.get(code="TN"))
    TOTP.activate(hr, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"seeded {DATABASE} (seed {args.seed}): {len(units)} units, {args.learners:,} learners, "
        f"{Enrollment.objects.count():,} enrollments, {COURSES} courses in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    sys.exit(main())
