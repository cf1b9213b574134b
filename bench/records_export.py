"""The training-record export (e-dossier shape: CSV, XLSX, JSON) of 100,000 officials on PostgreSQL.

Seeds its own database ``lms_bench_records`` with COPY (helpers of bench/seed_scale.py): 300 units,
``--officials`` officials with identification numbers, 12 courses with periods and content categories, two
completed enrollments per official in the year, an approved external entry for one official in three (and a
pending one, not counted, for one in ten), a target per department and one per position; then, as the HR
manager of the whole province, through ``reports.exports`` (the writers the download and the job use):
* each format's time, rows per second (CSV and XLSX rows are training entries, JSON objects are people),
  megabytes and query count; then the peak Python memory of a second run under tracemalloc;
* the query count of the same exports narrowed to one office, which must equal the whole province's;
* before the exports, the below-target report and one official's record page (function ``pages``), each
  at two sizes: rows shown, query count (must be equal), median wall and server CPU milliseconds;
* the floor: PostgreSQL ``COPY (<the export's own three SELECTs>) TO STDOUT`` (people, platform
  completions, external entries, see ``records.selectors.record_streams``), on the same data in the same run.
The last line is ``ratio: <CSV export seconds / floor seconds>``; the machine may be loaded, the ratio less so.
``--force`` reseeds; otherwise a seeded database is reused.
Run: .venv/bin/python bench/records_export.py [--officials 100000] [--force] [--pages-only] [--rounds 5]
"""

import argparse
import datetime as dt
import logging
import random
import sys
import tempfile
import time
import tracemalloc
import uuid

from _setup import PG_SERVER, django_on_postgres, timed_get

DATABASE = "lms_bench_records"
COURSES = 12
# Peak Python memory an export may reach whatever the number of officials (a cursor chunk and one
# XlsxWriter row buffer); far below what holding 100,000 people and their entries takes.
MEMORY_GOAL_MB = 60


def seed(*, officials: int, year: int, rng: random.Random) -> None:
    from django.db import connection, transaction
    from django.utils import timezone
    from seed_scale import (
        FAMILY,
        GIVEN,
        MIDDLE,
        POSITIONS,
        TRACKS,
        build_units,
        copy_rows,
        copy_units,
        reset_sequences,
        seed_courses,
    )

    from accounts.models import HRScope, OrganisationUnit, Profile, User
    from accounts.text import name_sort_key
    from cms.models import ContentCategory
    from courses.models import Enrollment
    from records.models import ExternalTraining, TrainingTarget

    started = time.perf_counter()
    now = timezone.now().replace(microsecond=0)
    categories = list(ContentCategory.objects.values_list("pk", flat=True))
    courses = seed_courses(
        COURSES,
        lambda i: {
            "title": f"Bồi dưỡng chuyên đề {i + 1:02d}: đô thị thông minh",
            "slug": f"bench-boi-duong-{i + 1:02d}",
            "summary": "Khóa học phục vụ đo hiệu năng xuất quá trình bồi dưỡng.",
            "track": TRACKS[i % len(TRACKS)],
            "for_officials": True,
            "periods": 4 + 4 * (i % 5),
            "content_category_id": categories[i % len(categories)],
        },
    )

    units = build_units(rng, 300)
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        unit_ids = [pk for pk, depth in copy_units(raw, units) if depth > 1]
        raw.execute("SELECT COALESCE(MAX(id), 0) FROM accounts_user")
        first = raw.fetchone()[0] + 1
        names = [f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(officials)]
        user_units = [rng.choice(unit_ids) for _ in range(officials)]
        copy_rows(
            raw,
            User,
            ["id", "password", "is_superuser", "is_staff", "is_active", "date_joined", "email", "full_name",
             "name_sort_key", "public_id"],
            ((first + i, "!", False, False, True, now, f"cb{i:06d}@bench-records.test", name,
              name_sort_key(name), uuid.UUID(int=rng.getrandbits(128), version=4))
             for i, name in enumerate(names)),
        )  # fmt: skip
        copy_rows(
            raw,
            Profile,
            ["user_id", "audience", "organisation_unit_id", "position", "staff_code", "personal_id",
             "phone", "enterprise_name", "tax_code", "rank", "job_position", "commune_code", "created_at",
             "updated_at"],
            ((first + i, "official", user_units[i], POSITIONS[i % len(POSITIONS)], f"CB{i:06d}",
              f"072{i % 2}{80 + i % 20:02d}{i:06d}", "", "", "", "Chuyên viên", "", "", now, now)
             for i in range(officials)),
        )  # fmt: skip

        def enrollments():
            for i in range(officials):
                for course in rng.sample(courses, 2):
                    completed = timezone.make_aware(
                        dt.datetime(year, rng.randint(1, 11), rng.randint(1, 28), rng.randint(7, 17))
                    )
                    yield (first + i, course, "completed", "self", completed - dt.timedelta(days=20),
                           completed - dt.timedelta(days=19), completed, "", user_units[i])  # fmt: skip

        copy_rows(
            raw,
            Enrollment,
            ["user_id", "course_id", "status", "source", "requested_at", "enrolled_at", "completed_at",
             "decision_note", "unit_id"],
            enrollments(),
        )  # fmt: skip

        def external():
            for i in range(officials):
                status = "approved" if i % 3 == 0 else "pending" if i % 10 == 1 else None
                if status:
                    ends = dt.date(year, rng.randint(1, 11), rng.randint(2, 28))
                    yield (uuid.UUID(int=rng.getrandbits(128), version=4), first + i,
                           f"Bồi dưỡng kiến thức quốc phòng và an ninh đợt {i % 7 + 1}", "Trường Quân sự tỉnh",
                           categories[i % len(categories)], 8 + i % 17, ends - dt.timedelta(days=1), ends,
                           f"QPAN-{i:06d}", "Bộ Chỉ huy Quân sự tỉnh", status, "self", now, "", "", "", "")  # fmt: skip

        copy_rows(
            raw,
            ExternalTraining,
            ["public_id", "user_id", "title", "provider", "content_category_id", "periods", "starts_on",
             "ends_on", "certificate_number", "certificate_issuer", "status", "source", "created_at", "evidence",
             "evidence_name", "evidence_type", "rejection_reason"],
            external(),
        )  # fmt: skip
        reset_sequences(raw, ("accounts_organisationunit", "accounts_user", "accounts_profile",
                              "courses_enrollment", "records_externaltraining"))  # fmt: skip
    for unit in OrganisationUnit.objects.filter(depth=2):
        TrainingTarget.objects.create(year=year, periods=40, unit=unit)
    TrainingTarget.objects.create(year=year, periods=60, position=POSITIONS[3])
    hr = User.objects.create_user("hr@bench-records.test", None, full_name="Cán bộ phụ trách đào tạo (bench)")
    HRScope.objects.create(user=hr, unit=OrganisationUnit.objects.get(depth=1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seeded {DATABASE}: {len(units)} units, {officials:,} officials, {Enrollment.objects.count():,} "
          f"completions, {ExternalTraining.objects.count():,} external entries in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--force", action="store_true", help="drop the database and seed it again")
    parser.add_argument(
        "--pages-only", action="store_true", help="only the two pages' query counts and times"
    )
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each page (median)")
    args = parser.parse_args()
    if args.force:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    django_on_postgres(DATABASE)
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import OrganisationUnit, Profile, User
    from records import dossier, selectors
    from reports import exports
    from reports.selectors import ReportFilters

    year = timezone.localdate().year
    if not Profile.objects.filter(user__email__endswith="@bench-records.test").exists():
        seed(officials=args.officials, year=year, rng=random.Random(args.seed))
    hr = User.objects.get(email="hr@bench-records.test")
    officials = Profile.objects.filter(audience="official").count()
    office = OrganisationUnit.objects.filter(depth=3).order_by("path").first()

    def run(fmt: str, unit_id: int | None = None) -> tuple[int, int, int]:
        """(rows, bytes, queries) of one export as the download would write it."""
        spec = exports.export_spec(
            user=hr, report="training_record", filters=ReportFilters(year=year, unit_id=unit_id)
        )
        with CaptureQueriesContext(connection) as captured:
            if fmt == "xlsx":
                with tempfile.TemporaryFile() as handle:
                    rows = exports.write_xlsx(spec, handle)
                    size = handle.tell()
            else:
                counter = exports.RowCounter()
                chunks = exports.csv_chunks if fmt == "csv" else exports.json_chunks
                size = sum(len(chunk) for chunk in chunks(spec, counter=counter))
                rows = counter.rows
        return rows, size, len(captured.captured_queries)

    print(f"data: {officials:,} officials, year {year}, scope: whole province ({hr.email})")
    pages_ok = pages(hr=hr, year=year, office=office, rounds=args.rounds)
    if args.pages_only:
        return 0 if pages_ok else 1
    ok, seconds = pages_ok, {}
    for fmt in ("csv", "xlsx", "json"):
        started = time.perf_counter()
        rows, size, queries = run(fmt)
        seconds[fmt] = time.perf_counter() - started
        tracemalloc.start()
        run(fmt)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        _, _, office_queries = run(fmt, unit_id=office.pk)
        unit = "people" if fmt == "json" else "rows"
        print(
            f"{fmt.upper():<4} export  {seconds[fmt]:6.2f} s  {rows:,} {unit}  ({rows / seconds[fmt]:,.0f} "
            f"{unit}/s)  {size / 1e6:.1f} MB  peak Python memory {peak / 1e6:.1f} MB  "
            f"queries {queries} (one office: {office_queries})"
        )
        ok = ok and queries == office_queries and peak / 1e6 < MEMORY_GOAL_MB
        ok = ok and rows > 0 and (fmt != "json" or rows == officials)

    profiles = dossier.dossier_people(reader=hr)
    floor, copied = 0.0, 0
    started = time.perf_counter()
    for queryset in selectors.record_streams(profiles=profiles, fields=dossier.PERSON_FIELDS, year=year):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY ({sql}) TO STDOUT", params) as copy:
            for data in copy:
                copied += len(data)
    floor = time.perf_counter() - started
    print(f"floor: COPY of the export's three SELECTs  {floor:6.2f} s  {copied / 1e6:.1f} MB")
    print(
        f"goal: query count equal at every scale, peak memory < {MEMORY_GOAL_MB} MB: {'OK' if ok else 'FAILED'}"
    )
    for fmt in ("xlsx", "json"):
        print(f"ratio {fmt}: {seconds[fmt] / floor:.2f}")
    print(f"ratio: {seconds['csv'] / floor:.2f}")
    return 0 if ok else 1


def pages(*, hr, year: int, office, rounds: int) -> bool:
    """The below-target report and one official's record page, each at two sizes: query count, rows shown,
    median wall and server CPU milliseconds (``time.process_time`` around the request: the test client runs
    the view in this process, so it is the view's CPU, less noisy than the wall clock on a shared machine).
    Returns whether each page's query count is the same at both sizes."""
    import os
    import re

    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from accounts.models import Profile
    from tests.auth import sign_in

    client = sign_in(Client(), hr)

    def measure(url: str) -> tuple[int, int, float, float]:
        """(queries, rows shown, median wall ms, median CPU ms) of ``rounds`` GETs after one warm-up."""
        timed = timed_get(client, url, rounds=rounds)
        body = timed.response.content.decode()
        shown = sum(part.count("<tr") for part in re.findall(r"<tbody>(.*?)</tbody>", body, re.S))
        return timed.queries, shown, timed.wall_ms, timed.cpu_ms

    office_people = Profile.objects.filter(organisation_unit=office, audience="official").count()
    last_page = max(1, -(-office_people // 50))  # the office's last page shows fewer rows than a full one
    # The officials with the fewest and the most entries, among the first thousand (counting all is slow).
    candidates = Profile.objects.filter(audience="official").order_by("pk")[:1000].values("pk")
    people = Profile.objects.filter(pk__in=candidates).annotate(
        entries=Count("user__enrollments", distinct=True) + Count("user__external_trainings", distinct=True)
    )
    fewest = people.order_by("entries", "pk").select_related("user").first()
    most = people.order_by("-entries", "pk").select_related("user").first()
    report = reverse("records_staff:report")

    def record(profile) -> str:
        return reverse("records_staff:person", args=[profile.user.public_id]) + f"?nam={year}"

    cases = {
        "below-target report": [
            ("whole province", f"{report}?nam={year}&duoi-chi-tieu=1"),
            ("one office, last page", f"{report}?nam={year}&don-vi={office.pk}&page={last_page}"),
        ],
        "official's record": [
            (f"{fewest.entries} entries", record(fewest)),
            (f"{most.entries} entries", record(most)),
        ],
    }
    ok = True
    for page, sizes in cases.items():
        counts = set()
        for size, url in sizes:
            queries, shown, wall, cpu = measure(url)
            counts.add(queries)
            print(
                f"page {page:<20} {size:<22} rows shown {shown:>3}  queries {queries:>3}  "
                f"wall {wall:6.0f} ms  server CPU {cpu:6.0f} ms  (load {os.getloadavg()[0]:.1f})"
            )
        print(
            f"page {page:<20} queries constant: {'yes' if len(counts) == 1 else 'no ' + str(sorted(counts))}"
        )
        ok = ok and len(counts) == 1
    return ok


if __name__ == "__main__":
    sys.exit(main())
