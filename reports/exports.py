"""Export files (CSV and XLSX) for every report, written row by row so memory stays flat.

Invariants:
- Rows come from the same selectors as the pages, so an export never holds a row the page would not show.
- Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) are
  prefixed with a single quote.
- CSV is UTF-8 with a byte-order mark (Excel then reads Vietnamese correctly); dates are ISO, numbers use a
  decimal point. XLSX has real dates (dd/mm/yyyy), set column widths, and is written by XlsxWriter in
  constant-memory mode; past the sheet's row limit it continues on another sheet rather than truncating.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

import psycopg
import xlsxwriter
from django.db import connection
from django.db.models import Case, CharField, F, FloatField, Func, IntegerField, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, TruncDate
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from accounts.models import Audience, OrganisationUnit, User
from classes.models import TrainingClass
from cms.models import CoursePage, Track
from courses.models import Enrollment
from courses.records import LearningState
from records import dossier
from records.selectors import current_year

from . import class_reports, selectors
from .models import Report
from .selectors import ReportFilters

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TRIGGER_CHARACTERS = frozenset(FORMULA_TRIGGERS)
XLSX_MAX_DATA_ROWS = 1_048_575  # the sheet's 1,048,576 rows less the header
CHUNK_ROWS = 2000
COPY_BLOCK_BYTES = 128 * 1024
# streamed_rows receives rows from PostgreSQL in chunks of this many (libpq's chunked mode): few round
# trips, and memory stays flat whatever the export's size.
STREAM_CHUNK_ROWS = 500
NUMBER_KINDS = ("int", "decimal", "year")  # column kinds written as numbers
# Rows are flushed as they are written (constant memory); text is only ever text; dates show dd/mm/yyyy.
XLSX_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_date_format": "dd/mm/yyyy",
}


def neutralise(value: str) -> str:
    """Defuse spreadsheet formula injection: a leading quote makes the cell plain text."""
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value


@dataclass(frozen=True)
class Column:
    header: str | Promise
    width: int
    kind: str = "text"  # text | int | decimal | date | year (a number shown without a thousands separator)


@dataclass
class ExportSpec:
    """One export: its columns, a lazy iterator over its rows and how many rows to expect."""

    report: Report
    columns: list[Column]
    rows: Callable[[], Iterable[tuple]]
    count: Callable[[], int]
    scope_codes: list[str]
    title: str
    # The same scope by name ("Sở Xây dựng (SXD)"), for the information sheet; the codes go to the audit log.
    scope_names: list[str] = field(default_factory=list)
    # The same rows with every cell computed by the database, for PostgreSQL's COPY: ``sql_rows("csv")``
    # for the CSV (copy_chunks), ``sql_rows("xlsx")`` typed for XlsxWriter (streamed_rows). See can_copy.
    sql_rows: Callable[[str], QuerySet] | None = None
    # The JSON document as (header, iterator of objects), for exports that have one (the training record).
    json_document: Callable[[], tuple[dict, Iterable[dict]]] | None = None
    stem: str = ""

    @property
    def filename_stem(self) -> str:
        if self.stem:
            return self.stem
        return f"bao-cao-{self.report.replace('_', '-')}-{timezone.localdate():%Y-%m-%d}"


# --- Columns ------------------------------------------------------------------------------------------

COUNT_COLUMNS = [
    Column(gettext_lazy("Assigned"), 10, "int"),
    Column(gettext_lazy("Enrolled"), 10, "int"),
    Column(gettext_lazy("In progress"), 10, "int"),
    Column(gettext_lazy("Completed"), 12, "int"),
    Column(gettext_lazy("Overdue"), 10, "int"),
    Column(gettext_lazy("Completion rate (%)"), 14, "decimal"),
    Column(gettext_lazy("Average final score (%)"), 14, "decimal"),
]


def _count_cells(counts: selectors.Counts) -> tuple:
    return (
        counts.assigned,
        counts.enrolled,
        counts.in_progress,
        counts.completed,
        counts.overdue,
        counts.rate,
        counts.average_score,
    )


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else (value or "")


# --- Specs --------------------------------------------------------------------------------------------


def export_spec(*, user, report: str, filters: ReportFilters) -> ExportSpec:
    """The export of ``report`` for ``user`` with ``filters``; raises OutOfScope as the pages do."""
    selectors.check_filters(user=user, filters=filters)
    builders = {
        Report.UNITS: _units_spec,
        Report.COURSES: _courses_spec,
        Report.TRACKS: _tracks_spec,
        Report.MONTHS: _months_spec,
        Report.LEARNERS: _learners_spec,
        Report.ENROLLMENTS: _enrollments_spec,
        Report.TRANSCRIPT: _transcript_spec,
        Report.CLASS_ATTENDANCE: _class_attendance_spec,
        Report.TRAINING_RECORD: _training_record_spec,
    }
    return builders[Report(report)](user, filters)


def _materialised(report: Report, columns, rows: list[tuple], scope: selectors.Scope) -> ExportSpec:
    return ExportSpec(
        report=report,
        columns=columns,
        rows=lambda: rows,
        count=lambda: len(rows),
        scope_codes=scope.codes,
        scope_names=scope.names,
        title=str(report.label),
    )


def _scope(user, filters: ReportFilters) -> selectors.Scope:
    return selectors.report_scope(user=user, unit_id=filters.unit_id)


def _units_spec(user, filters: ReportFilters) -> ExportSpec:
    result = selectors.completion_by_unit(user=user, filters=filters)
    columns = [
        Column(gettext_lazy("Unit code"), 14),
        Column(gettext_lazy("Organisation unit"), 45),
        Column(gettext_lazy("Level"), 8, "int"),
        Column(gettext_lazy("Learners"), 10, "int"),
        *COUNT_COLUMNS,
    ]
    rows = [
        (row.unit.code, row.unit.name, row.level + 1, row.total.learners, *_count_cells(row.total))
        for row in result.rows
    ]
    rows.append(("", _("Total"), None, result.total.learners, *_count_cells(result.total)))
    return _materialised(Report.UNITS, columns, rows, result.scope)


def _courses_spec(user, filters: ReportFilters) -> ExportSpec:
    rows, total = selectors.completion_by_course(user=user, filters=filters)
    columns = [Column(gettext_lazy("Course"), 50), Column(gettext_lazy("Track"), 36), *COUNT_COLUMNS]
    data = [(row.label, row.extra["track_label"], *_count_cells(row.counts)) for row in rows]
    data.append((_("Total"), "", *_count_cells(total)))
    return _materialised(Report.COURSES, columns, data, _scope(user, filters))


def _tracks_spec(user, filters: ReportFilters) -> ExportSpec:
    rows = selectors.completion_by_track(user=user, filters=filters)
    columns = [Column(gettext_lazy("Track"), 45), *COUNT_COLUMNS]
    data = [(str(row.label), *_count_cells(row.counts)) for row in rows]
    return _materialised(Report.TRACKS, columns, data, _scope(user, filters))


def _months_spec(user, filters: ReportFilters) -> ExportSpec:
    rows = selectors.completion_by_month(user=user, filters=filters)
    columns = [
        Column(gettext_lazy("Month"), 12, "date"),
        Column(gettext_lazy("Enrollments started"), 14, "int"),
        Column(gettext_lazy("Enrollments completed"), 14, "int"),
        Column(gettext_lazy("Enrolled to date"), 14, "int"),
        Column(gettext_lazy("Completed to date"), 14, "int"),
        Column(gettext_lazy("Cumulative completion rate (%)"), 14, "decimal"),
    ]
    data = [
        (row.month, row.enrolled, row.completed, row.enrolled_to_date, row.completed_to_date, row.rate)
        for row in rows
    ]
    return _materialised(Report.MONTHS, columns, data, _scope(user, filters))


LEARNER_COLUMNS = [
    Column(gettext_lazy("Full name"), 30),
    Column(gettext_lazy("Email"), 32),
    Column(gettext_lazy("Staff code"), 14),
    Column(gettext_lazy("Position"), 24),
    Column(gettext_lazy("Unit code"), 14),
    Column(gettext_lazy("Organisation unit"), 40),
    *COUNT_COLUMNS,
]


def _learners_spec(user, filters: ReportFilters) -> ExportSpec:
    scope = selectors.report_scope(user=user, unit_id=filters.unit_id)
    queryset = selectors.unit_learners(scope=scope, filters=filters)
    values = queryset.values_list(
        "user__full_name",
        "user__email",
        "staff_code",
        "position",
        "organisation_unit__code",
        "organisation_unit__name",
        "assigned",
        "enrolled",
        "in_progress",
        "completed",
        "overdue",
        "score_sum",
        "score_n",
    )

    def rows() -> Iterator[tuple]:
        for (
            *head,
            assigned,
            enrolled,
            in_progress,
            completed,
            overdue,
            score_sum,
            score_n,
        ) in selectors.iterate(values):
            counts = selectors.Counts(
                assigned=assigned,
                enrolled=enrolled,
                in_progress=in_progress,
                completed=completed,
                overdue=overdue,
                score_sum=Decimal(score_sum or 0),
                score_n=score_n,
            )
            yield (*head, *_count_cells(counts))

    return ExportSpec(
        report=Report.LEARNERS,
        columns=LEARNER_COLUMNS,
        rows=rows,
        count=lambda: selectors.scoped_profiles(scope=scope, filters=filters).count(),
        scope_codes=scope.codes,
        scope_names=scope.names,
        title=str(Report.LEARNERS.label),
    )


ENROLLMENT_COLUMNS = [
    Column(gettext_lazy("Full name"), 30),
    Column(gettext_lazy("Email"), 32),
    Column(gettext_lazy("Staff code"), 14),
    Column(gettext_lazy("Position"), 24),
    Column(gettext_lazy("Unit code"), 14),
    Column(gettext_lazy("Organisation unit"), 40),
    Column(gettext_lazy("Course"), 45),
    Column(gettext_lazy("Track"), 30),
    Column(gettext_lazy("Status"), 16),
    Column(gettext_lazy("Source"), 16),
    Column(gettext_lazy("Enrolled on"), 13, "date"),
    Column(gettext_lazy("Due date"), 13, "date"),
    Column(gettext_lazy("Completed on"), 13, "date"),
    Column(gettext_lazy("Overdue"), 10),
    Column(gettext_lazy("Final score (%)"), 12, "decimal"),
    Column(gettext_lazy("Learning state"), 18),
    Column(gettext_lazy("Progress (%)"), 12, "int"),
]


def _enrollment_cells(row: tuple, labels: dict) -> tuple:
    """One export row from a tuple of ``selectors.ENROLLMENT_FIELDS`` (the record already computed in SQL)."""
    (name, email, staff_code, position, unit_code, unit_name, course, track, status, source) = row[:10]
    enrolled_at, due_at, completed_at, final_score, state, percent, overdue = row[10:]
    tz = labels["tz"]
    return (
        name,
        email,
        staff_code,
        position,
        unit_code,
        unit_name,
        course,
        labels["track"].get(track, track),
        labels["status"].get(status, status),
        labels["source"].get(source, source),
        enrolled_at.astimezone(tz).date() if enrolled_at else None,
        due_at.astimezone(tz).date() if due_at else None,
        completed_at.astimezone(tz).date() if completed_at else None,
        labels["yes"] if overdue else "",
        final_score,
        labels["state"].get(state, state),
        percent,
    )


def _labels() -> dict:
    # Resolved once per export in the active language, not once per row.
    return {
        "track": {value: str(label) for value, label in Track.choices},
        "status": {value: str(label) for value, label in Enrollment.Status.choices},
        "source": {value: str(label) for value, label in Enrollment.Source.choices},
        "state": {value: str(label) for value, label in LearningState.choices},
        "yes": _("Yes"),
        "tz": timezone.get_current_timezone(),
    }


def _enrollments_spec(user, filters: ReportFilters) -> ExportSpec:
    scope = selectors.report_scope(user=user, unit_id=filters.unit_id)

    def rows() -> Iterator[tuple]:
        labels = _labels()
        queryset = selectors.enrollment_rows(scope=scope, filters=filters, now=timezone.now())
        for row in selectors.iterate(queryset):
            yield _enrollment_cells(row, labels)

    def sql_rows(fmt: str) -> QuerySet:
        ordered = selectors.enrollments_in_order(scope=scope, filters=filters, now=timezone.now())
        return _enrollment_sql_cells(ordered, _labels(), fmt=fmt)

    return ExportSpec(
        report=Report.ENROLLMENTS,
        columns=ENROLLMENT_COLUMNS,
        rows=rows,
        count=lambda: selectors.scoped_enrollments(scope=scope, filters=filters).count(),
        scope_codes=scope.codes,
        scope_names=scope.names,
        title=str(Report.ENROLLMENTS.label),
        sql_rows=sql_rows,
    )


class FirstCode(Func):
    """The code point of a text's first character (0 for empty text): one integer test per cell, cheaper
    than comparing its first character as text."""

    function = "ascii"
    output_field = IntegerField()


TRIGGER_CODES = sorted(ord(trigger) for trigger in FORMULA_TRIGGERS)


class LabelOf(Func):
    """``labels[expression]`` for PostgreSQL, the expression evaluated once (``jsonb ->>``); NULL if absent."""

    output_field = CharField()

    def __init__(self, expression, labels: dict):
        super().__init__(expression)
        self.labels = labels

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(%s::jsonb ->> ({sql}))", (json.dumps(self.labels, ensure_ascii=False), *params)


def _enrollment_sql_cells(queryset: QuerySet, labels: dict, *, fmt: str) -> QuerySet:
    """The cells of ``_enrollment_cells`` as SQL expressions, so PostgreSQL computes every cell.

    Same columns, same values: labels in the active language, dates as local dates, formula triggers
    defused with a leading quote. For ``fmt="csv"`` COPY writes the text itself (dates ISO, numbers with
    their decimals); for ``fmt="xlsx"`` the numbers are cast to the types XlsxWriter gets on the Python path
    (float, int), which ``streamed_rows`` reads from the columns' types. test_exports checks that both
    paths give the same file.
    """

    def safe(field: str):
        return Case(
            When(In(FirstCode(F(field)), TRIGGER_CODES), then=Concat(Value("'"), F(field))),
            default=F(field),
            output_field=CharField(),
        )

    def label(field: str, names: dict):
        whens = [When(**{field: value}, then=Value(neutralise(name))) for value, name in names.items()]
        return Case(*whens, default=safe(field), output_field=CharField())

    def day(field: str):
        return TruncDate(field, tzinfo=labels["tz"])

    cells = {
        "c_name": safe("user__full_name"),
        "c_email": safe("user__email"),
        "c_staff_code": safe("user__profile__staff_code"),
        "c_position": safe("user__profile__position"),
        "c_unit_code": safe("unit__code"),
        "c_unit_name": safe("unit__name"),
        "c_course": safe("course__title"),
        "c_track": label("course__track", labels["track"]),
        "c_status": label("status", labels["status"]),
        "c_source": label("source", labels["source"]),
        "c_enrolled": day("enrolled_at"),
        "c_due": day("due_at"),
        "c_completed": day("completed_at"),
        "c_overdue": Case(
            When(is_overdue=True, then=Value(labels["yes"])), default=Value(""), output_field=CharField()
        ),
    }
    if fmt == "xlsx":
        cells["c_score"] = Cast("final_score", FloatField())
    else:
        cells["c_score"] = F("final_score")
    # The learning state is a large CASE with EXISTS subqueries: look its label up with the state computed
    # once (a CASE over its values would compute it once per value).
    state_names = {value: neutralise(name) for value, name in labels["state"].items()}
    cells["c_state"] = Coalesce(LabelOf(F("learning_state"), state_names), safe("learning_state"))
    cells["c_percent"] = Cast("percent_done", IntegerField())
    return queryset.annotate(**cells).values_list(*cells)


@contextmanager
def _own_connection():
    """A connection of its own for one COPY or streamed query, in autocommit, with ISO dates (what COPY and
    text results carry).

    A connection is busy for the whole COPY, and the caller keeps using Django's (progress updates, the
    audit log). It sees committed rows only, so callers inside a transaction use the portable writer
    (``can_copy``).
    """
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        raw.execute("SET DateStyle TO ISO")
        yield raw
    finally:
        raw.close()


def copy_chunks(
    sql_rows: QuerySet, *, counter: RowCounter, block_bytes: int = COPY_BLOCK_BYTES
) -> Iterator[bytes]:
    """The CSV rows of ``sql_rows`` as PostgreSQL's ``COPY ... TO STDOUT (FORMAT csv)`` writes them.

    The database formats every cell, so the export runs at the speed of COPY itself. libpq hands COPY data
    over one row at a time; rows are gathered into blocks of about ``block_bytes`` so the layers above
    (the audit-logging wrapper, the streaming response, the job's file) see a few thousand chunks, not a
    million. ``counter.rows`` counts the rows sent so far (one COPY data message is one row, quoted line
    breaks included) and is COPY's own count at the end.
    """
    sql, params = sql_rows.query.sql_with_params()
    with _own_connection() as raw, raw.cursor() as cursor:
        with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
            blocks, size, rows = [], 0, 0
            for block in copy:
                blocks.append(block)
                size += len(block)
                if size >= block_bytes:
                    rows += len(blocks)
                    data = b"".join(blocks)
                    blocks, size = [], 0
                    counter.rows = rows
                    yield data
            if blocks:
                counter.rows = rows + len(blocks)
                yield b"".join(blocks)
        counter.rows = cursor.rowcount


def streamed_rows(sql_rows: QuerySet, *, chunk_rows: int | None = None) -> Generator[tuple]:
    """The rows of ``sql_rows`` as tuples of Python values, read as the caller asks for them.

    The query runs on a connection of its own and its rows arrive in chunks of ``chunk_rows`` (default
    ``STREAM_CHUNK_ROWS``; libpq's chunked mode, one row at a time where the libpq is older than 17): a
    plain query, so it may use a parallel plan as COPY may, and psycopg turns each row into Python values
    in C, for less than half the CPU per row of binary COPY (which goes through Python once per row). The
    columns' SQL types give the values' types: cast every cell to the type XlsxWriter should get.

    No thread of its own: PostgreSQL keeps computing and sending rows into the socket while the caller
    writes the ones it has, so a reader thread overlapped nothing more; it only added a queue (memory) and
    hand-overs of the GIL. An error from the database is raised here, after the rows sent before it. Closing
    the generator early (the caller stopped or failed) cancels the query and closes its connection.
    """
    sql, params = sql_rows.query.sql_with_params()
    size = (chunk_rows or STREAM_CHUNK_ROWS) if psycopg.capabilities.has_stream_chunked() else 1
    with _own_connection() as raw, raw.cursor() as cursor:
        # Closing the stream (GeneratorExit too) cancels a query still running, then the connection closes.
        yield from cursor.stream(sql, params, size=size)


def can_copy(spec: ExportSpec) -> bool:
    return spec.sql_rows is not None and connection.vendor == "postgresql" and not connection.in_atomic_block


def _transcript_spec(user, filters: ReportFilters) -> ExportSpec:
    if filters.learner is None:
        raise selectors.OutOfScope
    profile = selectors.visible_profile(user=user, public_id=filters.learner)
    labels = _labels()
    rows = selectors.learner_enrollment_rows(profile=profile, now=timezone.now())
    data = [_enrollment_cells(row, labels) for row in rows]
    unit = profile.organisation_unit
    return ExportSpec(
        report=Report.TRANSCRIPT,
        columns=ENROLLMENT_COLUMNS,
        rows=lambda: data,
        count=lambda: len(data),
        scope_codes=[unit.code] if unit else [],
        scope_names=[selectors.unit_label(unit)] if unit else [],
        title=str(Report.TRANSCRIPT.label),
    )


CLASS_ATTENDANCE_COLUMNS = [
    Column(gettext_lazy("Class code"), 18),
    Column(pgettext_lazy("attendance", "Class"), 40),
    Column(gettext_lazy("Course"), 40),
    Column(gettext_lazy("Full name"), 30),
    Column(gettext_lazy("Email"), 32),
    Column(gettext_lazy("Unit code"), 14),
    Column(gettext_lazy("Organisation unit"), 40),
    Column(gettext_lazy("Position"), 24),
    Column(pgettext_lazy("attendance", "Sessions"), 10, "int"),
    Column(gettext_lazy("Attended"), 10, "int"),
    Column(gettext_lazy("Of which late"), 10, "int"),
    Column(gettext_lazy("Excused absences"), 10, "int"),
    Column(gettext_lazy("Absences"), 10, "int"),
    Column(gettext_lazy("Attendance rate (%)"), 12, "int"),
    Column(pgettext_lazy("attendance", "Outcome"), 28),
]


def _class_attendance_spec(user, filters: ReportFilters) -> ExportSpec:
    """Per class member in the reader's scope: attendance counts, percentage and outcome
    (``reports.class_reports``, the rows of the page)."""
    rows = class_reports.class_attendance_rows(user=user, filters=filters)
    data = [class_reports.export_cells(row) for row in rows]
    return _materialised(Report.CLASS_ATTENDANCE, CLASS_ATTENDANCE_COLUMNS, data, _scope(user, filters))


TRAINING_RECORD_COLUMNS = [
    Column(gettext_lazy("Personal identification number"), 16),
    Column(gettext_lazy("Staff code"), 14),
    Column(gettext_lazy("Full name"), 30),
    Column(gettext_lazy("Unit code"), 14),
    Column(gettext_lazy("Organisation unit"), 40),
    Column(gettext_lazy("Position"), 24),
    Column(gettext_lazy("Year"), 8, "year"),
    Column(gettext_lazy("Source"), 12),
    Column(gettext_lazy("Training name"), 45),
    Column(gettext_lazy("Class code"), 18),
    Column(gettext_lazy("Organised by"), 30),
    Column(gettext_lazy("Content category code"), 10),
    Column(gettext_lazy("Content category"), 40),
    Column(gettext_lazy("Periods"), 8, "int"),
    Column(gettext_lazy("Starts on"), 12, "date"),
    Column(gettext_lazy("Ends on"), 12, "date"),
    Column(gettext_lazy("Certificate number"), 18),
    Column(gettext_lazy("Issued by"), 30),
]


def _training_record_spec(user, filters: ReportFilters) -> ExportSpec:
    """The training records of the officials in scope (or one official) for a year, in the versioned
    e-dossier shape of ``records.dossier`` (docs/training-record-export.md): flat rows for CSV/XLSX, one
    object per person for JSON."""
    scope = _scope(user, filters)
    year = filters.year or current_year()
    profiles = dossier.dossier_people(reader=user, unit=scope.unit, learner=filters.learner)

    def rows():
        return dossier.flat_rows(profiles=profiles, year=year)

    def document():
        return dossier.document_header(year=year, scope_codes=scope.codes), dossier.dossier_records(
            profiles=profiles, year=year
        )

    return ExportSpec(
        report=Report.TRAINING_RECORD,
        columns=TRAINING_RECORD_COLUMNS,
        rows=rows,
        count=profiles.count,
        scope_codes=scope.codes,
        scope_names=scope.names,
        title=f"{Report.TRAINING_RECORD.label} {year}",
        json_document=document,
        stem=f"qua-trinh-boi-duong-{year}-{timezone.localdate():%Y-%m-%d}",
    )


# --- Writers ------------------------------------------------------------------------------------------


class RowCounter:
    """How many data rows a writer has produced so far (read after the writer ends or stops)."""

    def __init__(self):
        self.rows = 0
        self.finished = False


def csv_chunks(
    spec: ExportSpec,
    *,
    counter: RowCounter | None = None,
    chunk_rows: int = CHUNK_ROWS,
    on_chunk: Callable[[int], None] | None = None,
) -> Iterator[bytes]:
    """The CSV file as byte chunks: BOM and header first, then ``chunk_rows`` rows per chunk.

    Cells are written as the csv module writes them (None empty, dates ISO, numbers with a decimal point);
    only text columns need work, to defuse formulas, and that is one character test per cell.
    """
    counter = counter or RowCounter()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(str(column.header)) for column in spec.columns])
    yield "\ufeff".encode() + buffer.getvalue().encode()
    if can_copy(spec):
        yield from _copied(copy_chunks(spec.sql_rows("csv"), counter=counter), chunk_rows, counter, on_chunk)
        return
    text_columns = [index for index, column in enumerate(spec.columns) if column.kind == "text"]
    batch = []
    for row in spec.rows():
        cells = list(row)
        for index in text_columns:
            value = cells[index]
            if isinstance(value, str) and value[:1] in TRIGGER_CHARACTERS:
                cells[index] = "'" + value
        batch.append(cells)
        if len(batch) == chunk_rows:
            counter.rows += len(batch)
            yield _csv_bytes(batch)
            batch = []
            if on_chunk:
                on_chunk(counter.rows)
    if batch:
        counter.rows += len(batch)
        yield _csv_bytes(batch)
    counter.finished = True
    if on_chunk:
        on_chunk(counter.rows)


def _copied(chunks: Iterator[bytes], chunk_rows: int, counter: RowCounter, on_chunk) -> Iterator[bytes]:
    reported = 0
    for chunk in chunks:
        yield chunk
        if on_chunk and counter.rows - reported >= chunk_rows:
            reported = counter.rows
            on_chunk(counter.rows)
    counter.finished = True
    if on_chunk:
        on_chunk(counter.rows)


def _csv_bytes(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def write_csv(spec: ExportSpec, target, **kwargs) -> int:
    counter = RowCounter()
    for chunk in csv_chunks(spec, counter=counter, **kwargs):
        target.write(chunk)
    return counter.rows


def json_chunks(
    spec: ExportSpec, *, counter: RowCounter | None = None, on_chunk: Callable[[int], None] | None = None
) -> Iterator[bytes]:
    """The JSON document of ``spec`` (UTF-8): its header's keys, then ``"records": [...]`` written one
    object at a time, so memory stays flat. ``counter.rows`` counts the objects."""
    if spec.json_document is None:
        raise ValueError(f"{spec.report} has no JSON form")
    counter = counter or RowCounter()
    header, records = spec.json_document()
    head = json.dumps(header, ensure_ascii=False)
    yield (head[:-1] + ', "records": [').encode()
    for index, record in enumerate(records):
        yield (("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)).encode()
        counter.rows += 1
        if on_chunk and counter.rows % CHUNK_ROWS == 0:
            on_chunk(counter.rows)
    yield b"\n]}\n"
    counter.finished = True
    if on_chunk:
        on_chunk(counter.rows)


def write_xlsx(
    spec: ExportSpec,
    target,
    *,
    filters: ReportFilters | None = None,
    on_chunk: Callable[[int], None] | None = None,
    chunk_rows: int = CHUNK_ROWS,
    max_rows_per_sheet: int = XLSX_MAX_DATA_ROWS,
) -> int:
    """Write ``spec`` as XLSX to ``target`` (a path or a binary file); returns the data rows written.

    A last sheet, "Information", states the report, the units by name (code in brackets), filters, time and
    the number of rows. Every data sheet has an autofilter on its header row.
    """
    workbook = xlsxwriter.Workbook(target, XLSX_OPTIONS)
    header_format = workbook.add_format(
        {"bold": True, "bg_color": "#F2F5F8", "text_wrap": True, "valign": "top"}
    )
    formats = {
        "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
        "decimal": workbook.add_format({"num_format": "0.0"}),
        "int": workbook.add_format({"num_format": "#,##0"}),
        # "#,##0" would show 2026 as "2.026" in a Vietnamese Excel.
        "year": workbook.add_format({"num_format": "0"}),
    }
    headers = [str(column.header) for column in spec.columns]
    column_formats = [formats.get(column.kind) for column in spec.columns]
    sheet_rows, sheets = 0, 0
    sheet = None
    write_cells = None
    rows = 0
    # Closed on every way out, so a stopped or failed export cancels its query and releases the connection
    # (streamed_rows) at once.
    with closing(xlsx_rows(spec)) as cells_of:
        for cells in cells_of:
            if sheet_rows == max_rows_per_sheet or sheet is None:
                if sheet is not None:
                    sheet.autofilter(0, 0, sheet_rows, len(headers) - 1)
                sheets += 1
                sheet = _new_sheet(workbook, headers, spec.columns, header_format, sheets, column_formats)
                write_cells = _row_writer(sheet, spec.columns)
                sheet_rows = 0
            sheet_rows += 1
            write_cells(sheet_rows, cells)
            rows += 1
            if on_chunk and rows % chunk_rows == 0:
                on_chunk(rows)
    if sheet is None:
        sheet = _new_sheet(workbook, headers, spec.columns, header_format, 1, column_formats)
    # A filter button on every header cell; the range ends at the last data row of the sheet.
    sheet.autofilter(0, 0, sheet_rows, len(headers) - 1)
    _information_sheet(workbook, spec, filters or ReportFilters(), rows, header_format)
    workbook.close()
    if on_chunk:
        on_chunk(rows)
    return rows


def xlsx_rows(spec: ExportSpec) -> Generator[Sequence]:
    """The cells ``write_xlsx`` writes, row by row: strings (formulas defused), floats or ints, dates, None.

    On PostgreSQL, for exports with ``sql_rows``, the database computes them and they arrive ready
    (``streamed_rows``); otherwise each row of ``spec.rows`` goes through ``_xlsx_row_converter``. Close
    the generator when stopping before its end: that cancels the query and closes its connection at once.
    """
    if can_copy(spec):
        return streamed_rows(spec.sql_rows("xlsx"))
    convert = _xlsx_row_converter(spec.columns)
    return (convert(row) for row in spec.rows())


def _xlsx_row_converter(columns: list[Column]) -> Callable[[tuple], list]:
    """A function turning one export row into XLSX cell values, built once per export.

    Text cells become strings with formulas defused; numbers are written as floats and dates as dates (a
    datetime becomes its local date); None stays an empty cell. Only the columns that may need a change are
    visited, so a row of plain strings, dates and numbers costs one list copy and a character test per text
    cell.
    """
    text = [index for index, column in enumerate(columns) if column.kind == "text"]
    numbers = [index for index, column in enumerate(columns) if column.kind in NUMBER_KINDS]
    dates = [index for index, column in enumerate(columns) if column.kind == "date"]
    triggers = TRIGGER_CHARACTERS

    def convert(row: tuple) -> list:
        cells = list(row)
        for index in text:
            value = cells[index]
            if value.__class__ is not str:
                if value is None:
                    continue
                value = cells[index] = str(value)
            if value[:1] in triggers:
                cells[index] = "'" + value
        for index in numbers:
            value = cells[index]
            if value is not None and value.__class__ is not float:
                cells[index] = float(value)
        for index in dates:
            value = cells[index]
            if isinstance(value, dt.datetime):
                cells[index] = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        return cells

    return convert


def _row_writer(sheet, columns: list[Column]) -> Callable[[int, Sequence], None]:
    """A function writing one row of cells (as ``xlsx_rows`` gives them) on ``sheet``, built once per sheet.

    The same cells as ``sheet.write_row(row, 0, cells)`` (tests/reports/test_exports.py compares the two
    sheets byte for byte), without its per-cell dispatch on the value's type (measured alone on a loaded
    machine: about a sixth of XlsxWriter's CPU; on a quiet one, ``bench/reports.py``'s "bare typed" run, no
    clear difference): each column calls the undecorated method for the type its cells have (text,
    number, date), and a cell of any other type falls back to ``sheet.write``. None and "" stay empty cells
    (the column's format applies); a cell has no format of its own, so none is looked up per cell.
    """
    # XlsxWriter's undecorated writers, which write_row's dispatch calls (XlsxWriter is pinned).
    write_string, write_number, write_date = sheet._write_string, sheet._write_number, sheet._write_datetime
    write_any = sheet.write
    text = [index for index, column in enumerate(columns) if column.kind == "text"]
    numbers = [index for index, column in enumerate(columns) if column.kind in NUMBER_KINDS]
    dates = [index for index, column in enumerate(columns) if column.kind == "date"]
    date_type = dt.date

    def write(row: int, cells: Sequence) -> None:
        for col in text:
            value = cells[col]
            if value.__class__ is str:
                if value:
                    write_string(row, col, value)
            elif value is not None:
                write_any(row, col, value)
        for col in numbers:
            value = cells[col]
            kind = value.__class__
            if kind is float or kind is int:
                write_number(row, col, value)
            elif value is not None:
                write_any(row, col, value)
        for col in dates:
            value = cells[col]
            if value.__class__ is date_type:
                write_date(row, col, value)
            elif value is not None:
                write_any(row, col, value)

    return write


def _new_sheet(workbook, headers, columns, header_format, number: int, column_formats):
    name = _("Data") if number == 1 else f"{_('Data')} ({number})"
    sheet = workbook.add_worksheet(name[:31])
    for col, (column, column_format) in enumerate(zip(columns, column_formats, strict=True)):
        sheet.set_column(col, col, column.width, column_format)
    sheet.set_row(0, 30)
    for col, header in enumerate(headers):
        sheet.write_string(0, col, neutralise(header), header_format)
    sheet.freeze_panes(1, 0)
    return sheet


def _information_sheet(workbook, spec: ExportSpec, filters: ReportFilters, rows: int, header_format):
    sheet = workbook.add_worksheet(_("Information")[:31])
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 70)
    facts = [
        (_("Report"), spec.title),
        (_("Organisation units"), "; ".join(spec.scope_names or spec.scope_codes) or "—"),
        (_("Filters"), describe_filters(filters) or "—"),
        (_("Exported at"), date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")),
        (_("Rows"), str(rows)),
    ]
    for row, (label, value) in enumerate(facts):
        sheet.write_string(row, 0, label, header_format)
        sheet.write_string(row, 1, neutralise(value))


def describe_filters(filters: ReportFilters) -> str:
    """The filters in words (names, not ids), for job pages and the export's information sheet.

    Only call it with filters already checked against the reader's scope.
    """
    parts = []
    data = filters.to_json()
    labels = {
        "unit": _("unit"),
        "course": _("course"),
        "track": _("track"),
        "audience": _("course audience"),
        "date_from": _("enrolled from"),
        "date_to": _("enrolled until"),
        "learner": _("learner"),
        "training_class": pgettext("attendance", "class"),
        "year": _("year"),
    }
    for key, value in data.items():
        if key == "track":
            value = _label(Track, value)
        elif key == "audience":
            value = _label(Audience, value)
        elif key == "unit":
            value = OrganisationUnit.objects.filter(pk=value).values_list("name", flat=True).first() or value
        elif key == "course":
            value = CoursePage.objects.filter(pk=value).values_list("title", flat=True).first() or value
        elif key == "learner":
            value = User.objects.filter(public_id=value).values_list("full_name", flat=True).first() or value
        elif key == "training_class":
            value = TrainingClass.objects.filter(pk=value).values_list("code", flat=True).first() or value
        elif key in ("date_from", "date_to"):
            value = date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        parts.append(f"{labels[key]}: {value}")
    return "; ".join(parts)
