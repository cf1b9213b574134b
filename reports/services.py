"""Writes for the HR area: the export audit log and background export jobs (on the jobs pipeline)."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, DateField, F, QuerySet, Value
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

from accounts.models import Audience, Profile, User
from courses.models import Enrollment
from jobs import services as job_services
from jobs.models import Job

from . import exports, selectors
from .models import (
    ExportFormat,
    ExportLog,
    SummaryState,
    UnitCourseSummary,
    UnitLearnerSummary,
    UnitMonthSummary,
)
from .selectors import ReportFilters

EXPORT_JOB = "reports.export"
BLOCK_BYTES = 64 * 1024


def stream_limit(*, format: str) -> int:
    """Rows an export may have and still be produced within the request (``LMS_REPORTS_STREAM_LIMITS``).

    Above it the export is offered as a background job. Defaults and meaning: lms/settings/base.py.
    """
    if format == ExportFormat.JSON:
        return settings.LMS_RECORD_EXPORT_STREAM_LIMIT
    return settings.LMS_REPORTS_STREAM_LIMITS[ExportFormat(format)]


def export_log_start(
    *, user: User, spec: exports.ExportSpec, filters: ReportFilters, format: str, job: Job | None = None
) -> ExportLog:
    """Record an export before its first row leaves, so even an interrupted one is in the audit log."""
    return ExportLog.objects.create(
        user=user,
        report=spec.report,
        scope=spec.scope_codes,
        filters=filters.to_json(),
        format=format,
        job=job,
    )


def export_log_finish(*, log: ExportLog, rows: int, completed: bool = True) -> None:
    ExportLog.objects.filter(pk=log.pk).update(rows=rows, completed=completed)
    log.rows, log.completed = rows, completed


def export_chunks(
    *,
    user: User,
    spec: exports.ExportSpec,
    filters: ReportFilters,
    format: str,
    job: Job | None = None,
    on_chunk=None,
    chunk_rows: int = exports.CHUNK_ROWS,
) -> Iterator[bytes]:
    """Spec → writer → audit log, the one sequence behind the streamed download and the export job.

    Logs the export at once (before the first byte), then returns the file as byte chunks: CSV row chunks
    as they are written, XLSX built in a temporary file first. The log is completed with the row count when
    the last chunk has gone, or left incomplete with the rows sent when the consumer stops or fails.
    """
    log = export_log_start(user=user, spec=spec, filters=filters, format=format, job=job)
    return _logged_chunks(log, spec, filters, ExportFormat(format), on_chunk, chunk_rows)


def _logged_chunks(log, spec, filters, format, on_chunk, chunk_rows) -> Iterator[bytes]:
    counter = exports.RowCounter()
    try:
        if format == ExportFormat.CSV:
            yield from exports.csv_chunks(spec, counter=counter, on_chunk=on_chunk, chunk_rows=chunk_rows)
            return
        if format == ExportFormat.JSON:
            yield from exports.json_chunks(spec, counter=counter, on_chunk=on_chunk)
            return
        with tempfile.TemporaryFile() as handle:
            counter.rows = exports.write_xlsx(
                spec, handle, filters=filters, on_chunk=on_chunk, chunk_rows=chunk_rows
            )
            counter.finished = True
            handle.seek(0)
            while block := handle.read(BLOCK_BYTES):
                yield block
    finally:
        # Also runs when a download is interrupted: the log then shows the rows sent, not completed.
        export_log_finish(log=log, rows=counter.rows, completed=counter.finished)


def export_job_create(*, user: User, report: str, filters: ReportFilters, format: str) -> Job:
    """Queue a background export for ``user``; scope is re-checked from the user when the job runs.

    With the default immediate task backend the file is built before this returns.
    """
    return job_services.job_create(
        kind=EXPORT_JOB,
        owner=user,
        parameters={"report": report, "format": ExportFormat(format).value, "filters": filters.to_json()},
    )


def export_job_run(job: Job, out, progress) -> dict:
    """The ``reports.export`` job kind: write the export into ``out``, reporting rows as progress."""
    chunk_rows = exports.CHUNK_ROWS  # read now, so a test can make chunks small
    parameters = job.parameters
    filters = ReportFilters.from_json(parameters.get("filters", {}))
    spec = exports.export_spec(user=job.owner, report=parameters["report"], filters=filters)
    total = spec.count()
    progress(0, total)
    rows = 0

    def on_chunk(written: int) -> None:
        nonlocal rows
        rows = written
        progress(written)

    for chunk in export_chunks(
        user=job.owner,
        spec=spec,
        filters=filters,
        format=parameters["format"],
        job=job,
        on_chunk=on_chunk,
        chunk_rows=chunk_rows,
    ):
        out.write(chunk)
    return {"rows": rows, "filename": f"{spec.filename_stem}.{parameters['format']}"}


# --- Report summary ----------------------------------------------------------------------------------------

SUMMARY_QUEUED_KEY = "reports:summary:queued"


def report_summary_refresh(*, now: dt.datetime | None = None) -> SummaryState:
    """Rebuild the report summary (``reports.models``) from the enrollments and profiles, as of ``now``.

    One transaction: DELETE, then INSERT ... SELECT of the same grouped queries the direct reports run
    (``selectors._aggregates``, the month grouping of ``completion_by_month``), so readers see either the
    old summary or the new one, never a mix. Overdue is counted as of ``now``, which becomes the summary's
    ``refreshed_at``. Ten queries whatever the number of rows; about 2 s at 1,000,000 enrollments.
    """
    return summary_rebuild(
        enrollment=Enrollment,
        profile=Profile,
        course_summary=UnitCourseSummary,
        month_summary=UnitMonthSummary,
        learner_summary=UnitLearnerSummary,
        state=SummaryState,
        now=now or timezone.now(),
    )


def summary_rebuild(*, enrollment, profile, course_summary, month_summary, learner_summary, state, now):
    """``report_summary_refresh`` over the given models (the live ones, or a migration's historical ones)."""
    started = time.perf_counter()
    officials = enrollment.objects.filter(unit__isnull=False).order_by()
    studying = officials.filter(status__in=selectors.STUDYING, enrolled_at__isnull=False)
    with transaction.atomic():
        for model in (course_summary, month_summary, learner_summary):
            model.objects.all().delete()
        _insert_select(
            course_summary,
            officials.values("unit_id", "course_id").annotate(**selectors._aggregates(now=now)),
        )
        _insert_select(
            month_summary,
            studying.values(
                "unit_id", track=F("course__track"), month=Cast(TruncMonth("enrolled_at"), DateField())
            ).annotate(started=Count("pk"), finished=Value(0)),
        )
        _insert_select(
            month_summary,
            studying.filter(status=selectors.COMPLETED, completed_at__isnull=False)
            .values("unit_id", track=F("course__track"), month=Cast(TruncMonth("completed_at"), DateField()))
            .annotate(started=Value(0), finished=Count("pk")),
        )
        table = connection.ops.quote_name(month_summary._meta.db_table)
        with connection.cursor() as cursor:
            # The table name comes from the model, never from input.
            sql = (
                f"INSERT INTO {table} (unit_id, track, month, started, finished) "  # noqa: S608
                f"SELECT unit_id, %s, month, SUM(started), SUM(finished) FROM {table} GROUP BY unit_id, month"
            )
            cursor.execute(sql, [UnitMonthSummary.ALL_TRACKS])
        _insert_select(
            learner_summary,
            profile.objects.filter(organisation_unit__isnull=False, audience=Audience.OFFICIAL)
            .values(unit_id=F("organisation_unit_id"))
            .annotate(learners=Count("pk"))
            .order_by(),
        )
        row, _ = state.objects.update_or_create(
            pk=1, defaults={"refreshed_at": now, "seconds": time.perf_counter() - started}
        )
    return row


def _insert_select(model, queryset: QuerySet) -> None:
    """``INSERT INTO <model> (<the queryset's columns>) <the queryset's SELECT>``: the rows never reach Python."""
    query = queryset.query
    names = [*query.values_select, *query.annotation_select]
    columns = []
    for name in names:
        field = model._meta.get_field(name.removesuffix("_id"))
        columns.append(connection.ops.quote_name(field.column))
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) {sql}", params)


def report_summary_request_refresh() -> bool:
    """Queue a summary rebuild on the task worker unless one was queued within the refresh interval.

    Called by the report pages when the summary is older than LMS_REPORTS_SUMMARY_REFRESH seconds; returns
    whether a task was queued.
    """
    from .tasks import refresh_report_summary

    if not cache.add(SUMMARY_QUEUED_KEY, 1, timeout=settings.LMS_REPORTS_SUMMARY_REFRESH):
        return False
    transaction.on_commit(refresh_report_summary.enqueue)
    return True
