"""Paging through 1,000,000 enrollments with the API's keyset pagination on PostgreSQL.

Seeds (once, with SQL: generate_series) 100,000 officials in 10 units and 10 courses, one enrollment of each
official in each course, in a database of its own (lms_bench_api); then an API client of the whole province
pages through every enrollment (``GET /api/v1/enrollments?limit=1000``, following ``next_cursor``) through
the real Django stack in-process (middleware, token check, rate limit, call log, JSON). Prints rows per second
(goal: at least 20,000), the API's CPU milliseconds per 1,000 rows (steadier than wall time on a shared
machine), the slowest page, the queries per page, and the bare query over the same pages in the same run with
the ratios of the API to it (the machine may be shared: compare ratios, not figures across runs); then each
list endpoint's query count at two page sizes (``list_query_counts``).
With --redis URL the cache (token lookups, rate limits) is that Redis database, as in production; otherwise
the in-process cache of the test settings.
Run: .venv/bin/python bench/api.py [--limit 1000] [--learners 100000] [--courses 10] [--database lms_bench_api]
     [--redis redis://127.0.0.1:6379/6]"""

import argparse
import json
import time
from datetime import timedelta

from _setup import django_on_postgres, timed_get

DATABASE = "lms_bench_api"


def seed(*, learners: int, courses: int) -> None:
    from django.db import connection

    from accounts.models import OrganisationUnit
    from cms.models import CatalogPage
    from tests.factories import make_course

    province = OrganisationUnit.add_root(code="BENCH-TN", name="Tỉnh (bench)", kind="province")
    units = [province.add_child(code=f"BENCH-{i:02}", name=f"Sở {i:02} (bench)") for i in range(10)]
    catalog = CatalogPage.objects.first()
    course_ids = [
        make_course(catalog, title=f"Khóa học bench {i}", for_officials=True).pk for i in range(courses)
    ]
    unit_ids = [u.pk for u in units]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, is_staff, is_active,
                                       date_joined, email, full_name, name_sort_key, public_id)
            SELECT '!', false, false, true, now(), 'bench' || g || '@bench.test',
                   'Cán bộ ' || g, 'can bo ' || g, gen_random_uuid()
            FROM generate_series(1, %s) AS g
            """,
            [learners],
        )
        cursor.execute(
            """
            INSERT INTO accounts_profile (user_id, audience, phone, organisation_unit_id, position, staff_code,
                                          commune_code, enterprise_name, tax_code, email_opt_out, created_at,
                                          updated_at, job_position, personal_id, rank)
            SELECT u.id, 'official', '', (%s::bigint[])[1 + u.id %% 10], '', 'CB' || u.id, '', '', '', false,
                   now(), now(), '', '', ''
            FROM accounts_user u WHERE u.email LIKE 'bench%%@bench.test'
            """,
            [unit_ids],
        )
        cursor.execute(
            """
            INSERT INTO courses_enrollment (user_id, course_id, status, source, requested_at, enrolled_at,
                                            completed_at, decision_note, unit_id)
            SELECT p.user_id, c, CASE WHEN p.user_id %% 3 = 0 THEN 'completed' ELSE 'active' END, 'assigned',
                   now(), now(), CASE WHEN p.user_id %% 3 = 0 THEN now() END, '', p.organisation_unit_id
            FROM accounts_profile p CROSS JOIN unnest(%s::bigint[]) AS c
            WHERE p.staff_code LIKE 'CB%%'
            """,
            [course_ids],
        )
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--courses", type=int, default=10)
    parser.add_argument("--database", default=DATABASE, help="PostgreSQL database of the bench (seeded once)")
    parser.add_argument("--redis", default="", help="Redis URL of the cache (default: in-process cache)")
    args = parser.parse_args()

    django_on_postgres(args.database)
    if args.redis:
        from django.test.utils import override_settings as redis_cache

        redis_cache(
            CACHES={
                "default": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": args.redis,
                    "KEY_PREFIX": "lms-bench-api",
                }
            }
        ).enable()  # for the rest of the run (the setting_changed signal rebuilds the cache handler)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from accounts.models import OrganisationUnit
    from api.models import SCOPE_VALUES
    from api.services import api_client_create
    from courses.models import Enrollment

    if not OrganisationUnit.objects.filter(code="BENCH-TN").exists():
        from django.db import transaction

        started = time.perf_counter()
        with transaction.atomic():  # all or nothing: a failed seed is seeded again on the next run
            seed(learners=args.learners, courses=args.courses)
        print(f"seeded in {time.perf_counter() - started:.1f} s")
    province = OrganisationUnit.objects.get(code="BENCH-TN")
    total = Enrollment.objects.filter(unit__path__startswith=province.path).count()
    _client, token = api_client_create(
        name="Bench",
        unit=province,
        scopes=SCOPE_VALUES,
        expires_at=timezone.now() + timedelta(hours=1),
        by=None,
        rate_limit=1_000_000,
    )
    # The bare database query of the same pages (keyset_page over the same selector, no HTTP, no JSON), timed
    # in the same run: the machine is shared, so the ratio to it says more than either figure alone.
    from api import selectors
    from api.jsonrows import database_columns
    from api.pagination import keyset_page
    from api.v1 import Enrollment as EnrollmentItem

    # The same columns as the API selects (on PostgreSQL: dates, timestamps and UUIDs as text).
    columns = database_columns(EnrollmentItem, selectors.ENROLLMENT_FIELDS, vendor=connection.vendor)
    bare_rows, bare_cursor = 0, None
    bare_started, bare_cpu = time.perf_counter(), time.process_time()
    while True:
        page, bare_cursor = keyset_page(
            selectors.enrollments_for(client=_client),
            cursor=bare_cursor,
            limit=args.limit,
            fields=columns,
        )
        bare_rows += len(page)
        if bare_cursor is None:
            break
    bare_elapsed, bare_cpu = time.perf_counter() - bare_started, time.process_time() - bare_cpu
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    rows = pages = 0
    slowest = 0.0
    queries = set()
    cursor = None
    reading = 0.0  # CPU time the bench spends decoding the pages: the client's work, not the API's
    with override_settings(DEBUG=False):
        started, cpu = time.perf_counter(), time.process_time()
        while True:
            url = f"/api/v1/enrollments?limit={args.limit}" + (f"&cursor={cursor}" if cursor else "")
            page_started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            slowest = max(slowest, time.perf_counter() - page_started)
            read_started = time.process_time()
            body = json.loads(response.content)
            reading += time.process_time() - read_started
            queries.add(len(captured))
            rows += len(body["items"])
            pages += 1
            cursor = body["next_cursor"]
            if cursor is None:
                break
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu - reading
    with open("/proc/loadavg") as loadavg:
        load = loadavg.read().split()[0]
    per_thousand, bare_per_thousand = cpu * 1e6 / rows, bare_cpu * 1e6 / bare_rows
    print(f"enrollments in the client's subtree: {total:,}; cache: {args.redis or 'in-process'}")
    print(f"paged: {rows:,} rows in {pages:,} pages of {args.limit} in {elapsed:.1f} s (load average {load})")
    print(f"slowest page: {slowest * 1000:.0f} ms; queries per page: {sorted(queries)}")
    print(f"API: {rows / elapsed:,.0f} rows/s (goal >= 20,000); {per_thousand:.1f} CPU-ms per 1,000 rows")
    print(
        f"bare query, same pages: {bare_rows / bare_elapsed:,.0f} rows/s; "
        f"{bare_per_thousand:.1f} CPU-ms per 1,000 rows"
    )
    print(
        f"API / bare query, same run: {bare_elapsed / elapsed:.0%} of its rows/s; "
        f"{per_thousand / bare_per_thousand:.1f}x its CPU per row (CPU of this process, without the bench's own "
        f"JSON decoding, {reading * 1e6 / rows:.1f} CPU-ms per 1,000 rows; the rest of the wall time is waiting "
        "for the database or, on a loaded machine, a CPU)"
    )
    if rows != total:
        raise SystemExit(f"paged {rows} rows but the subtree holds {total}")
    list_query_counts(token=token)


# The query count of every list endpoint at two page sizes (kept apart from the paging figures above).
LISTS = [
    "units",
    "officials",
    "courses",
    "classes",
    "enrollments",
    "completions",
    "certificates",
    "attendance",
]
SIZES = (2, 200)  # rows asked for per page; the records list takes at most 200


def list_query_counts(*, token: str, rounds: int = 3) -> bool:
    """Each API list (and the training records list) at ``SIZES`` rows per page: rows answered, queries,
    median wall and server CPU milliseconds (``time.process_time``: the view runs in this process). Prints
    whether each list's query count is the same at both sizes, and returns whether all are."""
    import os

    from django.test import Client
    from django.test.utils import override_settings

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    constant = True
    print(f"{'list':<14} {'limit':>5} {'rows':>5} {'queries':>7} {'wall ms':>8} {'CPU ms':>7}")
    with override_settings(DEBUG=False):
        for name in [*LISTS, "records"]:
            counts = set()
            for limit in SIZES:
                timed = timed_get(client, f"/api/v1/{name}?limit={limit}", rounds=rounds)
                rows = len(timed.response.json()["items"])
                counts.add(timed.queries)
                print(
                    f"{name:<14} {limit:>5} {rows:>5} {timed.queries:>7} {timed.wall_ms:>8.1f} "
                    f"{timed.cpu_ms:>7.1f}"
                )
            constant = constant and len(counts) == 1
            print(
                f"{name:<14} queries constant: {'yes' if len(counts) == 1 else 'no ' + str(sorted(counts))}"
            )
    print(
        f"API lists: queries constant at {SIZES[0]} and {SIZES[1]} rows: {'yes' if constant else 'no'} "
        f"(load {os.getloadavg()[0]:.1f})"
    )
    return constant


if __name__ == "__main__":
    main()
