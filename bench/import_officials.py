"""Import of 10,000 officials from one CSV file on PostgreSQL (own database ``lms_bench_import``).

Seeds 20 units and 2,200 officials already on the platform, then imports a file of 10,000 lines: 8,000 new
people, 2,000 found by identification number whose position changes, with "mark those missing as having
left" on, so the 200 officials the file no longer lists leave. It times the dry run and the application
(which checks the file again inside its transaction) through ``officials.services.officials_import``, the
function the screens, the job and the command call, and prints lines per second and total seconds.
Invitations are queued (a dummy task backend here; a worker sends them in production).
Goal: the application of 10,000 lines under 60 s.
Run: .venv/bin/python bench/import_officials.py [--rows 10000]
"""

import argparse
import csv
import io
import sys
import time

from _setup import django_on_postgres

GOAL_SECONDS = 60
DOMAIN = "bench-import.test"


def seed(*, existing: int, leaving: int):
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from accounts.models import Audience, OrganisationUnit, Profile, User
    from accounts.text import name_sort_key

    User.objects.filter(email__endswith=f"@{DOMAIN}").delete()
    OrganisationUnit.objects.filter(code__startswith="BI-").delete()
    root = OrganisationUnit.add_root(code="BI-TN", name="Ủy ban nhân dân tỉnh (đo tải nhập)", kind="province")
    units = [root.add_child(code=f"BI-{n:03d}", name=f"Phòng đo tải {n:03d}") for n in range(1, 21)]
    units = list(OrganisationUnit.objects.filter(code__in=[u.code for u in units]).order_by("code"))
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"cb{i}@{DOMAIN}", full_name=(name := f"Nguyễn Văn Cũ {i}"), name_sort_key=name_sort_key(name),
             password=password)
        for i in range(existing + leaving)
    )  # fmt: skip
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    Profile.objects.bulk_create(
        Profile(
            user=u, audience=Audience.OFFICIAL, organisation_unit=units[i % len(units)], position="Chuyên viên",
            personal_id=personal_id(i),
        )
        for i, u in enumerate(users)
    )  # fmt: skip
    return units


def personal_id(i: int) -> str:
    return f"0720{80 + i % 20:02d}{i:06d}"


def build_file(*, rows: int, existing: int, units) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Họ và tên", "Email", "Số định danh cá nhân", "Mã đơn vị", "Mã cán bộ", "Chức vụ", "Ngạch"]
    )
    for i in range(rows):
        if i < existing:  # found by identification number: the position changes
            name, email, position = f"Nguyễn Văn Cũ {i}", f"cb{i}@{DOMAIN}", "Phó Trưởng phòng"
        else:
            name, email, position = f"Trần Thị Mới {i}", f"moi{i}@{DOMAIN}", "Chuyên viên"
        j = i if i < existing else i + 100_000
        writer.writerow(
            [name, email, personal_id(j), units[i % len(units)].code, f"BI-{j}", position, "Chuyên viên"]
        )
    return ("\ufeff" + out.getvalue()).encode()


def _drop_database(name: str) -> None:
    import psycopg
    from _setup import PG_SERVER

    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except psycopg.OperationalError as exc:
        sys.exit(f"PostgreSQL is not reachable at {PG_SERVER}: {exc}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    _drop_database("lms_bench_import")  # a fresh database: deleting last run's 10,000 people takes longer
    django_on_postgres("lms_bench_import")
    from django.test import override_settings

    from accounts.models import User
    from officials.services import officials_import

    existing, leaving = min(2000, args.rows // 5), 200
    started = time.perf_counter()
    units = seed(existing=existing, leaving=leaving)
    data = build_file(rows=args.rows, existing=existing, units=units)
    print(f"seeded {existing + leaving} officials in 20 units and wrote a {len(data) / 1e6:.1f} MB file "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        email="quantri.bench@example.test", password=None, full_name="Quản trị đo tải"
    )
    dummy = {
        "BACKEND": "django.tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "emails", "imports"],
    }
    with override_settings(TASKS={"default": dummy, "background": dummy}):
        started = time.perf_counter()
        dry = officials_import(data=data, filename="can-bo.csv", actor=admin, deactivate_missing=True)
        dry_seconds = time.perf_counter() - started
        started = time.perf_counter()
        plan = officials_import(
            data=data, filename="can-bo.csv", actor=admin, deactivate_missing=True, apply=True
        )
        apply_seconds = time.perf_counter() - started
    counts = plan.counts()
    print(f"dry run: {dry.rows} lines in {dry_seconds:.2f} s ({dry.rows / dry_seconds:,.0f} lines/s)")
    print(
        f"apply:   {plan.rows} lines in {apply_seconds:.2f} s ({plan.rows / apply_seconds:,.0f} lines/s): "
        f"{counts['create']} created, {counts['update']} updated, {counts['deactivate']} left, "
        f"{counts['errors']} errors"
    )
    ok = (
        plan.applied
        and counts["create"] == args.rows - existing
        and counts["update"] == existing
        and counts["deactivate"] == leaving
        and User.objects.filter(email__endswith=f"@{DOMAIN}", is_active=True).count() == args.rows
    )
    ok = ok and apply_seconds < GOAL_SECONDS
    print(f"total seconds: {apply_seconds:.2f} (goal < {GOAL_SECONDS} s) {'OK' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
