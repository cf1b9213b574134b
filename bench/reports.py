"""HR reports at provincial scale (run bench/seed_scale.py first): pages, CSV and XLSX exports against floors.

Prints, for the HR manager of the whole province (300 units, 100,000 learners, 1,000,000 enrollments):
* the time of one summary rebuild (reports.services.report_summary_refresh, what the task worker runs);
* the server time, server CPU time (``time.process_time``: the test client runs the view in this process)
  and query count of each report page (median of ``--rounds``), counting the enrollments
  directly and reading the summary (a page with a period filter always counts directly);
* the full enrollment export as CSV through the real view (StreamingHttpResponse; on PostgreSQL its rows come
  from COPY of the SELECT that computes every cell, see reports.exports.copy_chunks): time to first byte
  (the header, sent at once), to the first data rows (after PostgreSQL has sorted), total time, rows and
  megabytes; then the peak Python memory of the same export under tracemalloc, and the growth of the
  process's resident memory (ru_maxrss);
* PostgreSQL ``COPY (<the export's own SELECT>) TO STDOUT`` of the same rows, as the floor (the SELECT that
  computes the cells), and COPY of the plain report SELECT the cells come from (a stricter floor);
* the XLSX export (XlsxWriter constant-memory, through reports.exports; its rows read in libpq's chunks as
  it writes them, reports.exports.streamed_rows) with time, CPU time of this process and peak memory (a
  second, tracemalloc run), next to the floor: bare XlsxWriter constant-memory, with the same workbook options and
  the same column formats, writing the same number of rows from a list of 50,000 of the very cell values
  the export writes (same strings, dates and numbers; its peak excludes that list). The floor writes with
  ``write_row``; the export calls XlsxWriter's per-type writers directly (``reports.exports._row_writer``), so a
  second bare run with those same writers ("bare typed") shows what the export's own reading and converting
  of rows cost.
Sizes: ``--xlsx-rows N`` limits the XLSX runs to the first N rows (a LIMIT on the export's query, which
still sorts every row); for an export of exactly 100,000 rows seed a database of that size instead:
``BENCH_REPORTS_DB=lms_bench_reports_100k bench/seed_scale.py --learners 10000`` and run this with the same
variable. ``--skip-pages`` runs the exports only; ``--pages-only`` stops after the report pages;
``--xlsx-only`` runs the XLSX export and its floor only, ``--xlsx-rounds N`` times each, alternating (the
ratios are of the medians; each round's ratio is printed too, to show the noise of a loaded machine).
The last lines are ``ratio xlsx: <XLSX export / bare XlsxWriter>`` (wall time; then the same for CPU time,
which a loaded machine disturbs less, and both against the bare typed run), ``ratio vs plain SELECT`` and
``ratio: <CSV export / COPY of its own SELECT>``, all measured in the same run (the machine may be loaded:
compare ratios, not seconds; the load average is printed at the start and the end).
Run: .venv/bin/python bench/reports.py [--rounds 3] [--skip-pages] [--skip-xlsx] [--xlsx-rows N (0: all)]
     [--pages-only] [--xlsx-only] [--xlsx-rounds N]"""

import argparse
import functools
import gc
import itertools
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc

from _setup import django_on_postgres, timed_get

# BENCH_REPORTS_DB: another database (two sizes side by side, or a helper of its own).
DATABASE = os.environ.get("BENCH_REPORTS_DB", "lms_bench_reports")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-pages", action="store_true", help="the exports only")
    parser.add_argument("--skip-xlsx", action="store_true")
    parser.add_argument("--pages-only", action="store_true", help="stop after the report pages")
    parser.add_argument("--xlsx-only", action="store_true", help="the XLSX export and its floor only")
    parser.add_argument(
        "--xlsx-rounds",
        type=int,
        default=1,
        help="timed runs of the XLSX export and of its floor, alternating",
    )
    parser.add_argument(
        "--xlsx-rows",
        type=int,
        default=0,
        help="rows of the XLSX runs (the first N of the export; 0: all)",
    )
    args = parser.parse_args()

    django_on_postgres(DATABASE)
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from accounts.models import OrganisationUnit, User
    from courses.models import Enrollment
    from reports import exports, selectors
    from reports.selectors import ReportFilters

    total_rows = Enrollment.objects.count()
    hr = User.objects.filter(email="hr@bench.test").first()
    if hr is None or total_rows == 0:
        sys.exit(f"{DATABASE} is not seeded: run .venv/bin/python bench/seed_scale.py first")
    units = OrganisationUnit.objects.count()
    learners = User.objects.filter(profile__audience="official").count()
    print(f"data: {units} units, {learners:,} learners, {total_rows:,} enrollments (scope: whole province)")
    print("load average at the start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))

    from tests.auth import sign_in

    client = sign_in(Client(), hr)  # with the second factor passed, as HR pages demand
    department = OrganisationUnit.objects.filter(depth=2).order_by("path").first()
    pages = {
        "dashboard": "/quan-ly-dao-tao/",
        "units tree": "/quan-ly-dao-tao/don-vi/",
        "by course": "/quan-ly-dao-tao/khoa-hoc/",
        "unit drill-down": f"/quan-ly-dao-tao/don-vi/{department.pk}/",
        "units, filtered": "/quan-ly-dao-tao/don-vi/?track=planning&date_from=2025-06-01",
    }
    from reports import services

    if args.skip_pages or args.xlsx_only:
        pages = {}
    else:
        state = services.report_summary_refresh()
        print(f"summary rebuild  {state.seconds:6.2f} s (the task worker's refresh, at most once a minute)")
    summary_on = override_settings(LMS_REPORTS_SUMMARY_MAX_AGE=3600, LMS_REPORTS_SUMMARY_REFRESH=3600)
    direct = override_settings(LMS_REPORTS_SUMMARY_MAX_AGE=0)
    print(
        f"load average {os.getloadavg()[0]:.1f}: wall times are noisy; the server CPU (process_time) is not"
    )
    for name, url in pages.items():
        medians = {}
        for mode, settings_override in (("direct", direct), ("summary", summary_on)):
            with settings_override:
                timed = timed_get(client, url, rounds=args.rounds)
            medians[mode] = timed.wall_ms
            print(
                f"page {name:<16} {mode:<8} median {timed.wall_ms:8.0f} ms  "
                f"server CPU {timed.cpu_ms:6.0f} ms  queries {timed.queries}  "
                f"(load {os.getloadavg()[0]:.1f})"
            )
        print(f"page {name:<16} summary/direct {medians['summary'] / medians['direct']:.2f}")
    if args.pages_only:
        return

    csv_seconds = None
    if not args.xlsx_only:
        no_limit = {"csv": 10**9, "xlsx": 10**9}

        def stream_csv() -> tuple[float, float, float, int, int]:
            with override_settings(LMS_REPORTS_STREAM_LIMITS=no_limit):
                started = time.perf_counter()
                response = client.get("/quan-ly-dao-tao/xuat-du-lieu/enrollments.csv")
                chunks = iter(response.streaming_content)
                size = len(next(chunks))  # BOM and header, sent before the query runs
                first_byte = time.perf_counter() - started
                first = next(chunks)
                first_rows = time.perf_counter() - started
                size, lines = size + len(first), first.count(b"\n")
                for chunk in chunks:
                    size += len(chunk)
                    lines += chunk.count(b"\n")
                response.close()
                return first_byte, first_rows, time.perf_counter() - started, lines, size

        # Warm-up, as each report page gets one: the first request of a process imports the URLconf and every
        # view (about a second here, all of it before the header), a cost a server worker pays once, not per
        # export. Without it (--skip-pages) the CSV's time to first byte was that import, not the export.
        assert client.get("/quan-ly-dao-tao/xuat-du-lieu/").status_code == 200
        gc.collect()
        rss_before = rss_mb()
        first_byte, first_rows, csv_seconds, csv_rows, csv_bytes = stream_csv()
        rss_growth = rss_mb() - rss_before
        assert csv_rows == total_rows, (csv_rows, total_rows)
        print(
            f"CSV export       first byte {first_byte:6.2f} s  first rows {first_rows:6.2f} s"
            f"  total {csv_seconds:6.2f} s"
            f"  rows {csv_rows:,}  {csv_bytes / 1e6:.0f} MB  ({csv_rows / csv_seconds:,.0f} rows/s)"
            f"  RSS growth {rss_growth:.0f} MB"
        )
        tracemalloc.start()
        _, _, traced_seconds, _, _ = stream_csv()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"CSV export       peak Python memory {peak / 1e6:6.1f} MB (tracemalloc run, {traced_seconds:.1f} s)"
        )

        # Two floors: COPY of the export's own SELECT (the cells computed in SQL: the "same SELECT"), and
        # COPY of the plain report SELECT the cells are computed from (what the export would cost were the cells free).
        scope = selectors.report_scope(user=hr)
        floors = {
            "own SELECT": exports.export_spec(
                user=hr, report="enrollments", filters=ReportFilters()
            ).sql_rows("csv"),
            "plain SELECT": selectors.enrollment_rows(scope=scope, filters=ReportFilters()),
        }
        copy_seconds = {}
        for floor, queryset in floors.items():
            sql, params = queryset.query.sql_with_params()
            copy_bytes = 0
            started = time.perf_counter()
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)", params) as copy,
            ):
                for data in copy:
                    copy_bytes += len(data)
            copy_seconds[floor] = time.perf_counter() - started
            print(
                f"COPY TO STDOUT   total {copy_seconds[floor]:6.2f} s  {copy_bytes / 1e6:.0f} MB "
                f"({floor}, same rows, same order)"
            )

    xlsx_ratio = None
    if not args.skip_xlsx:
        import xlsxwriter

        spec = exports.export_spec(user=hr, report="enrollments", filters=ReportFilters())
        limit = min(args.xlsx_rows or total_rows, total_rows)
        if limit < total_rows:
            full_rows, full_sql_rows = spec.rows, spec.sql_rows
            spec.rows = lambda: itertools.islice(full_rows(), limit)
            spec.sql_rows = lambda fmt: full_sql_rows(fmt)[:limit]
        # The floor writes the export's own cells: 50,000 of them in memory, over and over up to the count.
        cells = exports.xlsx_rows(spec)
        sample = list(itertools.islice(cells, 50_000))
        cells.close()
        headers = [str(column.header) for column in spec.columns]

        def project_xlsx() -> int:
            with tempfile.TemporaryFile() as handle:
                return exports.write_xlsx(spec, handle)

        def bare_xlsx(*, typed: bool = False) -> int:
            """Bare XlsxWriter writing the sample's cells: with ``write_row`` (the floor), or, ``typed``, with
            the same per-type writers the export's row writer calls (what is left is then the export's own
            reading and converting of rows)."""
            with tempfile.TemporaryFile() as handle:
                workbook = xlsxwriter.Workbook(handle, exports.XLSX_OPTIONS)
                # The same cells means the same styles too: the export's number and date formats per column
                # (XlsxWriter looks a column's format up for every cell that has none of its own).
                formats = {
                    "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
                    "decimal": workbook.add_format({"num_format": "0.0"}),
                    "int": workbook.add_format({"num_format": "#,##0"}),
                }
                written, row_number, sheet = 0, 0, None
                while written < limit:
                    if sheet is None or row_number == exports.XLSX_MAX_DATA_ROWS:
                        sheet = workbook.add_worksheet()
                        for col, column in enumerate(spec.columns):
                            sheet.set_column(col, col, column.width, formats.get(column.kind))
                        sheet.write_row(0, 0, headers)
                        write = exports._row_writer(sheet, spec.columns) if typed else None
                        row_number = 0
                    row_number += 1
                    if typed:
                        write(row_number, sample[written % len(sample)])
                    else:
                        sheet.write_row(row_number, 0, sample[written % len(sample)])
                    written += 1
                workbook.close()
                return written

        builds = {
            "XLSX export": project_xlsx,
            "XLSX bare list": bare_xlsx,
            "XLSX bare typed": functools.partial(bare_xlsx, typed=True),
        }
        seconds = {name: [] for name in builds}
        cpu_seconds = {name: [] for name in builds}
        # Alternating, so that a change of load between the two hits both alike across rounds.
        for round_number in range(args.xlsx_rounds):
            names = list(builds) if round_number % 2 == 0 else list(reversed(builds))
            for name in names:
                gc.collect()
                started, cpu = time.perf_counter(), time.process_time()
                rows = builds[name]()
                seconds[name].append(time.perf_counter() - started)
                cpu_seconds[name].append(time.process_time() - cpu)
                print(
                    f"{name:<16} total {seconds[name][-1]:6.2f} s  CPU {cpu_seconds[name][-1]:6.2f} s  "
                    f"rows {rows:,}  ({rows / seconds[name][-1]:,.0f} rows/s)  (load {os.getloadavg()[0]:.1f})"
                )
            if args.xlsx_rounds > 1:
                print(
                    f"round {round_number + 1}: ratio xlsx "
                    f"{seconds['XLSX export'][-1] / seconds['XLSX bare list'][-1]:.2f}, CPU "
                    f"{cpu_seconds['XLSX export'][-1] / cpu_seconds['XLSX bare list'][-1]:.2f}"
                )
        for name, build in builds.items():
            tracemalloc.start()
            build()
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"{name:<16} peak Python memory {peak / 1e6:.1f} MB (tracemalloc run)")
        median = {name: statistics.median(values) for name, values in seconds.items()}
        cpu_median = {name: statistics.median(values) for name, values in cpu_seconds.items()}
        xlsx_ratio = median["XLSX export"] / median["XLSX bare list"]
        xlsx_cpu_ratio = cpu_median["XLSX export"] / cpu_median["XLSX bare list"]
        typed_ratio = median["XLSX export"] / median["XLSX bare typed"]
        typed_cpu_ratio = cpu_median["XLSX export"] / cpu_median["XLSX bare typed"]
    print("load average at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    if xlsx_ratio is not None:
        print(f"ratio xlsx: {xlsx_ratio:.2f}")
        print(f"ratio xlsx CPU: {xlsx_cpu_ratio:.2f} (this process's CPU)")
        print(
            f"ratio xlsx vs the same typed writers: {typed_ratio:.2f}, CPU {typed_cpu_ratio:.2f} "
            "(the export's reading and converting alone)"
        )
    if csv_seconds is not None:
        print(f"ratio vs plain SELECT: {csv_seconds / copy_seconds['plain SELECT']:.2f}")
        print(f"ratio: {csv_seconds / copy_seconds['own SELECT']:.2f}")


if __name__ == "__main__":
    main()
