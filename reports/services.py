"""Writes for the HR area: the export audit log and background export jobs (on the jobs pipeline)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.conf import settings

from accounts.models import User
from jobs import services as job_services
from jobs.models import Job

from . import exports
from .models import ExportFormat, ExportLog
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
