"""Exports: CSV and XLSX as Excel users read them, formula injection, background jobs and the audit log."""

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.utils.translation import gettext as _

from jobs.models import Job
from reports.models import ExportLog

from ..factories import ProfileFactory, make_official
from .conftest import at, enroll

EXPORT = "/quan-ly-dao-tao/xuat-du-lieu/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def data(tree, courses):
    inside = make_official(tree["ptdt"], user__full_name="Trần Thị Ánh Tuyết")
    outside = make_official(tree["cds"], user__full_name="Lê Văn Ngoài Phạm Vi")
    enroll(
        inside,
        courses["planning"],
        "completed",
        enrolled_at=at(2026, 2, 3),
        completed_at=at(2026, 3, 4),
        score=88.5,
    )
    enroll(
        inside,
        courses["economy"],
        "active",
        source="assigned",
        enrolled_at=at(2026, 2, 5),
        due_at=at(2026, 3, 1),
    )
    enroll(outside, courses["economy"], "active", enrolled_at=at(2026, 2, 5))
    return {"inside": inside, "outside": outside}


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(response):
    body = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(body))


@pytest.mark.django_db
def test_csv_has_bom_and_vietnamese_round_trips(client, data, tree, hr_login):
    hr_login(tree["sxd"])
    response = client.get(f"{EXPORT}enrollments.csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="bao-cao-enrollments-' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == [_("Full name"), _("Email"), _("Staff code")]
    assert rows[0][0] == "Họ và tên"  # an established translation: the header really is Vietnamese
    names = {row[0] for row in rows[1:]}
    assert names == {"Trần Thị Ánh Tuyết"}
    completed = next(row for row in rows if row[8] == "Đã hoàn thành")
    assert completed[6] == "Quy hoạch đô thị thông minh"
    assert completed[10] == "2026-02-03" and completed[12] == "2026-03-04" and completed[14] == "88.50"
    overdue = next(row for row in rows if row[8] == "Đang học")
    assert overdue[13] == _("Yes") and overdue[9] == "Được giao"


@pytest.mark.django_db
def test_xlsx_has_vietnamese_headers_real_dates_and_widths(client, data, tree, hr_login):
    hr_login(tree["sxd"])
    response = client.get(f"{EXPORT}enrollments.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = read_xlsx(response)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:2] == ["Họ và tên", "Email"] and "Hạn hoàn thành" in headers
    column = headers.index(_("Enrolled on")) + 1
    enrolled_on = [sheet.cell(row=row, column=column) for row in (2, 3)]
    assert all(isinstance(cell.value, dt.datetime) for cell in enrolled_on)
    assert {cell.value.date() for cell in enrolled_on} == {dt.date(2026, 2, 3), dt.date(2026, 2, 5)}
    assert enrolled_on[0].number_format == "dd/mm/yyyy"
    assert sheet.column_dimensions["A"].width >= 30
    assert sheet.max_row == 3  # header + the two in-scope rows
    info = workbook.worksheets[-1]
    facts = {row[0].value: row[1].value for row in info.iter_rows()}
    assert facts[_("Rows")] == "2"


@pytest.mark.django_db
def test_formula_injection_is_neutralised_in_csv_and_xlsx(client, tree, courses, hr_login):
    from courses.models import Enrollment

    evil = ProfileFactory(
        audience="official",
        organisation_unit=tree["ptdt"],
        user__full_name='=HYPERLINK("http://x","bấm")',
        position="+cmd|' /C calc'!A0",
    )
    enroll(evil, courses["planning"], "active")
    for name in ("@SUM(1)", "-2+3", "\tTab", "\rCR"):
        other = make_official(tree["ptdt"], user__full_name=name)
        Enrollment.objects.create(user=other.user, course=courses["planning"], status="active")
    hr_login(tree["sxd"])
    rows = read_csv(client.get(f"{EXPORT}learners.csv"))
    cells = {cell for row in rows[1:] for cell in row[:4]}
    assert '\'=HYPERLINK("http://x","bấm")' in cells and "'+cmd|' /C calc'!A0" in cells
    assert {"'@SUM(1)", "'-2+3", "'\tTab", "'\rCR"} <= cells
    assert not any(cell[:1] in "=+-@\t\r" for cell in cells if cell)
    sheet = read_xlsx(client.get(f"{EXPORT}learners.xlsx")).worksheets[0]
    values = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row[:4]]
    assert '\'=HYPERLINK("http://x","bấm")' in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.django_db
def test_every_streamed_export_is_audit_logged(client, data, tree, hr_login):
    user = hr_login(tree["sxd"])
    read_csv(client.get(f"{EXPORT}enrollments.csv", {"track": "planning"}))
    read_xlsx(client.get(f"{EXPORT}units.xlsx"))
    logs = list(ExportLog.objects.filter(user=user).order_by("pk"))
    assert [(log.report, log.format, log.rows, log.completed) for log in logs] == [
        ("enrollments", "csv", 1, True),
        ("units", "xlsx", 3, True),  # SXD, PTDT and the total row
    ]
    assert logs[0].scope == ["SXD"] and logs[0].filters == {"track": "planning"}
    page = client.get(EXPORT).content.decode()
    assert _("Enrollment details") in page


@pytest.mark.django_db
def test_large_export_runs_as_a_background_job(client, data, tree, hr_login, settings):
    settings.LMS_REPORTS_STREAM_LIMITS = {"csv": 1, "xlsx": 1}
    for i in range(7):
        enroll(
            make_official(tree["ptdt"]),
            data["inside"].user.enrollments.first().course,
            "active",
            enrolled_at=at(2026, 4, 1 + i),
        )
    user = hr_login(tree["sxd"])
    offer = client.get(f"{EXPORT}enrollments.xlsx", {"track": "planning"})
    assert offer.status_code == 200 and b'name="track" value="planning"' in offer.content
    response = client.post(f"{EXPORT}viec/", {"report": "enrollments", "format": "xlsx", "track": "planning"})
    job = Job.objects.get(owner=user, kind="reports.export")
    assert response.status_code == 302 and response["Location"].endswith(f"/viec/{job.public_id}/")
    assert (job.status, job.progress_done, job.progress_total, job.percent) == ("done", 8, 8, 100)
    page = client.get(response["Location"]).content.decode()
    assert "http-equiv" not in page and "tai-ve" in page and "8" in page
    download = client.get(f"{EXPORT}viec/{job.public_id}/tai-ve/")
    sheet = read_xlsx(download).worksheets[0]
    assert sheet.max_row == 9
    log = ExportLog.objects.get(job=job)
    assert (log.rows, log.completed, log.scope, log.filters) == (8, True, ["SXD"], {"track": "planning"})


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("report", "rows"), [("enrollments", 6), ("learners", 5), ("units", 3)])
def test_stream_or_job_is_decided_at_the_limit_exactly(
    client, data, tree, hr_login, settings, fmt, report, rows
):
    """At the limit the file streams; one row above it the page offers a job and shows the exact total.

    SXD sees six enrollments of five learners (two of them in ``data``), and three unit rows.
    """
    course = data["inside"].user.enrollments.first().course
    for _i in range(4):
        enroll(make_official(tree["ptdt"]), course, "active")
    hr_login(tree["sxd"])
    settings.LMS_REPORTS_STREAM_LIMITS = {"csv": rows, "xlsx": rows}
    response = client.get(f"{EXPORT}{report}.{fmt}")
    assert response.status_code == 200 and response.streaming
    sheet = read_xlsx(response).worksheets[0] if fmt == "xlsx" else None
    body = list(sheet.iter_rows(min_row=2)) if sheet else read_csv(response)[1:]
    assert len(body) == rows
    settings.LMS_REPORTS_STREAM_LIMITS = {"csv": rows - 1, "xlsx": rows - 1}
    offer = client.get(f"{EXPORT}{report}.{fmt}")
    assert offer.status_code == 200 and not offer.streaming
    text = offer.content.decode()
    assert f'name="report" value="{report}"' in text and f'name="format" value="{fmt}"' in text
    assert f"có {rows} dòng" in text  # the exact total


@pytest.mark.django_db
def test_background_csv_job_writes_in_chunks(data, tree):
    from jobs import services as job_services
    from reports import services
    from reports.selectors import ReportFilters

    from ..factories import make_hr_manager

    for _i in range(5):
        enroll(make_official(tree["ptdt"]), data["inside"].user.enrollments.first().course, "active")
    user = make_hr_manager(tree["sxd"])
    job = Job.objects.create(
        owner=user,
        kind="reports.export",
        parameters={"report": "enrollments", "format": "csv", "filters": {}},
    )
    seen = []
    original = services.exports.csv_chunks

    def spy(spec, **kwargs):
        on_chunk = kwargs.pop("on_chunk")
        return original(spec, on_chunk=lambda rows: (seen.append(rows), on_chunk(rows)), **kwargs)

    services.exports.csv_chunks = spy
    services.exports.CHUNK_ROWS, chunk_rows = 2, services.exports.CHUNK_ROWS
    try:
        job = job_services.job_run(job_id=job.pk)
    finally:
        services.exports.csv_chunks = original
        services.exports.CHUNK_ROWS = chunk_rows
    assert seen == [2, 4, 6, 7] and job.result["rows"] == 7 and job.status == "done"
    with job.file.open("rb") as handle:
        rows = list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))
    assert len(rows) == 8 and ReportFilters.from_json(job.parameters["filters"]) == ReportFilters()


@pytest.mark.django_db
def test_only_the_owner_can_see_or_download_a_job(client, data, tree, hr_login, with_totp):
    owner = hr_login(tree["sxd"])
    client.post(f"{EXPORT}viec/", {"report": "enrollments", "format": "csv"})
    job = Job.objects.get(owner=owner, kind="reports.export")
    assert client.get(f"{EXPORT}viec/{job.public_id}/tai-ve/").status_code == 200
    hr_login(tree["sxd"])  # another HR manager of the very same unit
    assert client.get(f"{EXPORT}viec/{job.public_id}/").status_code == 404
    assert client.get(f"{EXPORT}viec/{job.public_id}/tai-ve/").status_code == 404
    assert str(job.public_id) not in client.get(EXPORT).content.decode()


@pytest.mark.django_db
def test_job_failure_is_recorded_and_shown(client, data, tree, hr_login):
    from reports import services
    from reports.selectors import ReportFilters

    user = hr_login(tree["sxd"])
    original = services.exports.csv_chunks
    services.exports.csv_chunks = lambda *args, **kwargs: 1 / 0
    try:
        job = services.export_job_create(
            user=user, report="enrollments", filters=ReportFilters(), format="csv"
        )
    finally:
        services.exports.csv_chunks = original
    assert job.status == "failed" and "division" in job.error
    page = client.get(f"{EXPORT}viec/{job.public_id}/").content.decode()
    assert "tai-ve" not in page and client.get(f"{EXPORT}viec/{job.public_id}/tai-ve/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_job_on_the_database_queue_shows_progress_until_the_worker_runs_it(
    client, tree, courses, hr_login, settings
):
    from django.core.management import call_command
    from django.test import override_settings

    inside = make_official(tree["ptdt"], user__full_name="Võ Thị Hồng Nhung")
    enroll(inside, courses["planning"], "completed", enrolled_at=at(2026, 2, 3), score=91)
    user = hr_login(tree["sxd"])
    tasks = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES},
    }
    with override_settings(TASKS=tasks):
        response = client.post(f"{EXPORT}viec/", {"report": "enrollments", "format": "csv"})
        job = Job.objects.get(owner=user, kind="reports.export")
        assert job.status == "queued"
        waiting = client.get(response["Location"]).content.decode()
        assert '<meta http-equiv="refresh"' in waiting and "<progress" in waiting
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--backend", "background", "--queue-name", "*"
        )
    job.refresh_from_db()
    assert (job.status, job.progress_done, job.percent) == ("done", 1, 100)
    done = client.get(response["Location"]).content.decode()
    assert "http-equiv" not in done
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(client.get(f"{EXPORT}viec/{job.public_id}/tai-ve/").streaming_content).decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[1][0] == "Võ Thị Hồng Nhung"


AWKWARD_NAMES = ["=cmd()", "+1", "-1", "@SUM(A1)", "\tTab", "\rCR", 'Đỗ Thị Hồng, "Hà"', "Ngô\nXuống dòng"]


def _awkward_enrollments(tree, courses) -> None:
    """One enrollment per name of AWKWARD_NAMES, across statuses, sources, dates and scores."""
    for index, name in enumerate(AWKWARD_NAMES):
        profile = make_official(tree["sxd"] if index % 2 else tree["ptdt"], user__full_name=name)
        profile.position = "=position" if index == 0 else ""
        profile.save()
        status = ["active", "completed", "withdrawn", "pending", "rejected"][index % 5]
        enroll(
            profile,
            courses["planning"],
            status,
            source="assigned" if index % 2 else "self",
            enrolled_at=at(2026, 1 + index, 28),
            due_at=at(2026, 2, 1) if index % 3 == 0 else None,
            score=70.25 if status == "completed" else None,
        )
    ProfileFactory(audience="citizen")  # outside every unit report


def _both_writers(hr, write) -> tuple[io.BytesIO, io.BytesIO, int]:
    """The enrollment export written by COPY and by the portable writer: (copied, portable, rows)."""
    import dataclasses

    from django.utils import translation

    from reports import exports
    from reports.selectors import ReportFilters

    with translation.override("vi"):
        spec = exports.export_spec(user=hr, report="enrollments", filters=ReportFilters())
        assert exports.can_copy(spec)
        copied, portable = io.BytesIO(), io.BytesIO()
        copied_rows = write(spec, copied)
        portable_rows = write(dataclasses.replace(spec, sql_rows=None), portable)
    assert copied_rows == portable_rows
    return copied, portable, copied_rows


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_copy_export_writes_the_same_file_as_the_python_writer(tree, courses, hr_login):
    """On PostgreSQL the enrollment CSV is written by COPY; every cell must match the portable writer."""
    from reports import exports

    _awkward_enrollments(tree, courses)
    copied, portable, rows_written = _both_writers(hr_login(tree["sxd"]), exports.write_csv)

    def parse(buffer):
        return list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig"), newline="")))

    assert rows_written == len(AWKWARD_NAMES)
    assert parse(copied) == parse(portable)
    rows = parse(copied)
    assert rows[0][0] == "Họ và tên"
    assert {row[0] for row in rows[1:]} >= {"'=cmd()", "'\tTab", "Ngô\nXuống dòng"}
    assert any(row[3] == "'=position" for row in rows)
    # One row pinned cell by cell: Vietnamese text and labels, ISO dates, the score's two decimals.
    row = next(row for row in rows if row[0] == 'Đỗ Thị Hồng, "Hà"')
    assert row[6:] == [
        "Quy hoạch đô thị thông minh",
        "Quy hoạch và phát triển đô thị thông minh",
        "Đã hoàn thành",
        "Tự đăng ký học",
        "2026-07-28",
        "2026-02-01",
        "2026-08-17",
        "",
        "70.25",
        "Đã hoàn thành",
        "100",
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_copy_xlsx_writes_the_same_cells_as_the_python_writer(tree, courses, hr_login):
    """On PostgreSQL the XLSX rows come from COPY, typed by the database; every cell (value, type, number
    format) must match the portable writer's."""
    from reports import exports

    _awkward_enrollments(tree, courses)
    copied, portable, rows_written = _both_writers(hr_login(tree["sxd"]), exports.write_xlsx)

    def cells(buffer):
        sheet = openpyxl.load_workbook(buffer).worksheets[0]
        return [
            [(cell.value, cell.data_type, cell.number_format) for cell in row] for row in sheet.iter_rows()
        ]

    assert rows_written == len(AWKWARD_NAMES)
    assert cells(copied) == cells(portable)
    rows = cells(copied)
    assert [value for value, _, _ in rows[0][:3]] == ["Họ và tên", "Email", "Mã cán bộ"]
    assert all(data_type != "f" for row in rows for _, data_type, _ in row)
    row = next(row for row in rows if row[0][0] == 'Đỗ Thị Hồng, "Hà"')
    assert [value for value, _, _ in row[6:10]] == [
        "Quy hoạch đô thị thông minh",
        "Quy hoạch và phát triển đô thị thông minh",
        "Đã hoàn thành",
        "Tự đăng ký học",
    ]
    # Real dates shown dd/mm/yyyy, numbers as numbers; an empty cell for "not overdue".
    dates = [dt.datetime(2026, 7, 28), dt.datetime(2026, 2, 1), dt.datetime(2026, 8, 17)]
    assert row[10:13] == [(date, "d", "dd/mm/yyyy") for date in dates]
    assert row[13][0] is None
    assert row[14][:2] == (70.25, "n") and row[16][:2] == (100, "n")
    assert row[15][0] == "Đã hoàn thành"
    formula = next(row for row in rows if row[0][0] == "'=cmd()")
    assert formula[3][0] == "'=position" and formula[0][1] == "s"


def test_row_writer_writes_the_same_sheet_as_write_row():
    """The XLSX writer's own row writer (typed calls per column, no per-cell dispatch) gives the very sheet
    XlsxWriter's write_row gives, for the cells exports produce and for any other value a column may hold."""
    import zipfile
    from decimal import Decimal

    import xlsxwriter

    from reports import exports

    columns = [
        exports.Column("text", 10),
        exports.Column("int", 10, "int"),
        exports.Column("decimal", 10, "decimal"),
        exports.Column("date", 10, "date"),
        exports.Column("text 2", 10),
    ]
    rows = [
        ("Nguyễn Văn An", 3, 70.25, dt.date(2026, 2, 1), "Có"),
        ("", 0, 0.0, None, ""),
        (None, None, None, dt.datetime(2026, 3, 4, 8, 30), " khoảng trắng "),
        ("'=cmd()", 100, 12, None, "Ngô\nXuống dòng\x07"),
        (7, True, Decimal("1.5"), "không phải ngày", None),
        ("x" * 40_000, -1, 1e-9, dt.date(1900, 3, 1), "<&>"),
    ]

    def sheet_xml(write) -> bytes:
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, exports.XLSX_OPTIONS)
        number = workbook.add_format({"num_format": "#,##0"})
        sheet = workbook.add_worksheet()
        for col, column in enumerate(columns):
            sheet.set_column(col, col, column.width, number if column.kind != "text" else None)
        write(sheet, rows)
        workbook.close()
        return zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml")

    def by_write_row(sheet, rows):
        for number, cells in enumerate(rows, start=1):
            sheet.write_row(number, 0, cells)

    def by_row_writer(sheet, rows):
        write = exports._row_writer(sheet, columns)
        for number, cells in enumerate(rows, start=1):
            write(number, cells)

    rows_without_long_text = rows[:-1]  # write_row stops a row at a truncated string (over 32,767 characters)
    expected = sheet_xml(lambda sheet, _: by_write_row(sheet, rows_without_long_text))
    assert sheet_xml(lambda sheet, _: by_row_writer(sheet, rows_without_long_text)) == expected
    assert b'r="A2"' in expected and b'<c r="A3"' not in expected  # "" and None: no cell at all
    # A string over Excel's limit is truncated, and the rest of its row is still written.
    long_row = sheet_xml(lambda sheet, _: by_row_writer(sheet, rows))
    assert b'<c r="E7"' in long_row and b"x" * 32_767 + b"<" in long_row


@pytest.mark.django_db
def test_export_files_are_kept_outside_media_and_purged_after_the_retention(
    client, data, tree, hr_login, settings
):
    from django.core.management import call_command
    from django.utils import timezone

    user = hr_login(tree["sxd"])
    client.post(f"{EXPORT}viec/", {"report": "enrollments", "format": "csv"})
    job = Job.objects.get(owner=user, kind="reports.export")
    path = Path(job.file.path)
    assert path.is_file() and Path(settings.PRIVATE_ROOT) in path.parents
    assert Path(settings.MEDIA_ROOT) not in path.parents or Path(settings.PRIVATE_ROOT) != Path(
        settings.MEDIA_ROOT
    )
    assert job.expires_at == job.finished_at + dt.timedelta(days=settings.LMS_EXPORT_RETENTION_DAYS)
    call_command("purge_job_files", stdout=io.StringIO())  # finished just now: kept
    assert path.is_file()
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    out = io.StringIO()
    call_command("purge_job_files", stdout=out)
    assert "Deleted 1 job file" in out.getvalue() and not path.exists()
    call_command("purge_job_files", stdout=out)
    assert "Deleted 0 job file" in out.getvalue()
    job.refresh_from_db()
    assert job.file.name == "" and ExportLog.objects.filter(job=job, completed=True).exists()
    page = client.get(f"{EXPORT}viec/{job.public_id}/").content.decode()
    assert "7 ngày" in page and "tai-ve" not in page
    assert client.get(f"{EXPORT}viec/{job.public_id}/tai-ve/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("report", ["enrollments", "learners", "units", "months"])
def test_xlsx_has_an_autofilter_on_the_header_and_names_the_unit(client, data, tree, hr_login, report):
    hr_login(tree["sxd"])
    workbook = read_xlsx(client.get(f"{EXPORT}{report}.xlsx"))
    sheet = workbook.worksheets[0]
    last_column = openpyxl.utils.get_column_letter(sheet.max_column)
    assert sheet.auto_filter.ref == f"A1:{last_column}{sheet.max_row}"
    info = workbook.worksheets[-1]
    assert info.title == "Thông tin"
    facts = {row[0].value: row[1].value for row in info.iter_rows()}
    assert facts[_("Organisation units")] == f"{tree['sxd'].name} ({tree['sxd'].code})"


@pytest.mark.django_db
def test_transcript_xlsx_names_the_learners_unit(client, data, tree, hr_login):
    hr_login(tree["sxd"])
    learner = data["inside"].user.public_id
    workbook = read_xlsx(client.get(f"{EXPORT}transcript.xlsx?learner={learner}"))
    facts = {row[0].value: row[1].value for row in workbook.worksheets[-1].iter_rows()}
    assert facts[_("Organisation units")] == f"{tree['ptdt'].name} ({tree['ptdt'].code})"
    assert workbook.worksheets[0].auto_filter.ref.startswith("A1:")


@pytest.mark.django_db
def test_export_page_says_which_file_to_open_in_excel(client, tree, hr_login):
    hr_login(tree["sxd"])
    html = client.get(EXPORT).content.decode()
    assert "Excel (XLSX): tệp để mở bằng Excel" in html
    assert "UTF-8 có BOM" in html and "YYYY-MM-DD" in html


def _own_connections(monkeypatch) -> list:
    """Every connection the exports open for themselves (``exports._own_connection``), kept to look at later."""
    from contextlib import contextmanager

    from reports import exports

    opened = []
    original = exports._own_connection

    @contextmanager
    def recorded():
        with original() as raw:
            opened.append(raw)
            yield raw

    monkeypatch.setattr(exports, "_own_connection", recorded)
    return opened


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_streamed_rows_are_the_querys_rows_in_its_order(tree, courses, hr_login, monkeypatch):
    """Every row once, in the query's order, whatever the chunk size; stopping early cancels the query and
    closes its connection, and Django's connection stays usable."""
    import psycopg

    from reports import exports
    from reports.selectors import ReportFilters

    _awkward_enrollments(tree, courses)
    spec = exports.export_spec(user=hr_login(tree["sxd"]), report="enrollments", filters=ReportFilters())
    queryset = spec.sql_rows("xlsx")
    expected = list(queryset)  # Django's own cursor
    assert len(expected) == len(AWKWARD_NAMES)
    opened = _own_connections(monkeypatch)
    for chunk_rows in (1, 3, 500):
        assert list(exports.streamed_rows(queryset, chunk_rows=chunk_rows)) == expected
    assert isinstance(expected[0][10], dt.date) and isinstance(expected[0][16], int)
    assert len(opened) == 3 and all(raw.closed for raw in opened)

    rows = exports.streamed_rows(queryset, chunk_rows=1)
    assert next(rows) == expected[0]
    raw = opened[-1]
    assert not raw.closed and raw.info.transaction_status == psycopg.pq.TransactionStatus.ACTIVE
    rows.close()
    assert raw.closed
    assert list(exports.streamed_rows(queryset)) == expected


def _failing_sql_rows(monkeypatch, *, user, at_row: int):
    """Make the enrollment export's SQL fail in PostgreSQL (division by zero) at the row ``at_row`` of its
    order, after the rows before it have been sent: the failing cell is volatile (``random()``), so
    PostgreSQL computes it after the sort, one row at a time in the output's order."""
    from django.db.models.expressions import RawSQL

    from reports import exports, selectors
    from reports.selectors import ReportFilters

    ordered = selectors.enrollments_in_order(scope=selectors.report_scope(user=user), filters=ReportFilters())
    victim = list(ordered.values_list("pk", flat=True))[at_row]
    original = exports._enrollment_sql_cells
    failing = RawSQL("CASE WHEN random() >= 0 THEN 100 / (courses_enrollment.id - %s) END", (victim,))

    def failing_cells(queryset, labels, *, fmt):
        return original(queryset.annotate(percent_done=failing), labels, fmt=fmt)

    monkeypatch.setattr(exports, "_enrollment_sql_cells", failing_cells)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_error_in_the_middle_of_the_rows_fails_the_download_and_the_job(
    client, tree, courses, hr_login, monkeypatch
):
    """An error that PostgreSQL raises after sending some rows is raised where the file is written: the
    rows before it arrive, then the streamed download fails (its audit log stays incomplete) and the job is
    marked failed; the export's connection is closed every time."""
    import psycopg

    from reports import exports, services
    from reports.selectors import ReportFilters

    _awkward_enrollments(tree, courses)
    user = hr_login(tree["sxd"])
    spec = exports.export_spec(user=user, report="enrollments", filters=ReportFilters())
    expected = list(spec.sql_rows("xlsx"))
    _failing_sql_rows(monkeypatch, user=user, at_row=3)
    opened = _own_connections(monkeypatch)
    rows = exports.streamed_rows(spec.sql_rows("xlsx"), chunk_rows=1)
    received = [next(rows) for _ in range(3)]
    assert [row[:16] for row in received] == [row[:16] for row in expected[:3]]
    with pytest.raises(psycopg.errors.DivisionByZero):
        next(rows)
    assert opened[-1].closed

    monkeypatch.setattr(exports, "STREAM_CHUNK_ROWS", 1)  # the first three rows are written before the error
    response = client.get(f"{EXPORT}enrollments.xlsx")
    with pytest.raises(psycopg.errors.DivisionByZero):
        b"".join(response.streaming_content)
    log = ExportLog.objects.get(user=user, format="xlsx")
    assert log.completed is False and log.rows == 0
    assert len(opened) == 2 and all(raw.closed for raw in opened)

    job = services.export_job_create(user=user, report="enrollments", filters=ReportFilters(), format="xlsx")
    assert job.status == "failed" and "division by zero" in job.error
    assert len(opened) == 3 and all(raw.closed for raw in opened)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_writer_that_stops_early_releases_the_query(tree, courses, hr_login, monkeypatch):
    """When writing the file fails part-way (here the progress callback of a job), the query is cancelled
    and its connection closed before the error reaches the caller."""
    from reports import exports
    from reports.selectors import ReportFilters

    _awkward_enrollments(tree, courses)
    spec = exports.export_spec(user=hr_login(tree["sxd"]), report="enrollments", filters=ReportFilters())
    opened = _own_connections(monkeypatch)
    monkeypatch.setattr(exports, "STREAM_CHUNK_ROWS", 1)

    def stop(written: int) -> None:
        assert not opened[-1].closed  # still reading
        raise RuntimeError(f"stopped after {written} rows")

    with pytest.raises(RuntimeError, match="stopped after 2 rows"):
        exports.write_xlsx(spec, io.BytesIO(), on_chunk=stop, chunk_rows=2)
    assert len(opened) == 1 and opened[0].closed
