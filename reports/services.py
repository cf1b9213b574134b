"""Writes for the HR area: the export audit log and background export jobs."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.utils import timezone, translation

from accounts.models import User

from . import exports
from .models import ExportFormat, ExportJob, ExportLog
from .selectors import ReportFilters

logger = logging.getLogger(__name__)

# Above these row counts an export is built by a background job instead of inside the request.
DEFAULT_STREAM_LIMITS = {ExportFormat.CSV: 50_000, ExportFormat.XLSX: 10_000}


def stream_limit(*, format: str) -> int:
    """Rows an export may have and still be produced within the request (``LMS_REPORTS_STREAM_LIMITS``)."""
    limits = {**DEFAULT_STREAM_LIMITS, **getattr(settings, "LMS_REPORTS_STREAM_LIMITS", {})}
    return limits[ExportFormat(format)]


def export_log_start(
    *, user: User, spec: exports.ExportSpec, filters: ReportFilters, format: str, job: ExportJob | None = None
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


def export_job_create(*, user: User, report: str, filters: ReportFilters, format: str) -> ExportJob:
    """Queue a background export for ``user``; scope is re-checked from the user when the job runs.

    With the default immediate task backend the file is built before this returns.
    """
    from .tasks import build_export  # tasks import this module

    job = ExportJob.objects.create(
        user=user,
        report=report,
        filters=filters.to_json(),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        format=ExportFormat(format),
    )
    build_export.enqueue(job_id=job.pk)
    job.refresh_from_db()
    return job


def export_job_run(*, job: ExportJob, chunk_rows: int = exports.CHUNK_ROWS) -> ExportJob:
    """Build the job's file in chunks into export storage, keeping ``rows`` and ``progress`` current.

    Idempotent for finished jobs. On any error the job is marked failed (with the error) and the error is
    raised again for the task runner to record.
    """
    if job.status == ExportJob.Status.DONE:
        return job
    filters = ReportFilters.from_json(job.filters)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now(), rows=0, progress=0, error=""
    )
    try:
        with translation.override(job.language):
            spec = exports.export_spec(user=job.user, report=job.report, filters=filters)
            total = spec.count()
            ExportJob.objects.filter(pk=job.pk).update(total_rows=total)
            log = export_log_start(user=job.user, spec=spec, filters=filters, format=job.format, job=job)

            def on_chunk(rows: int) -> None:
                progress = min(99, 100 * rows // total) if total else 99
                ExportJob.objects.filter(pk=job.pk).update(rows=rows, progress=progress)

            with tempfile.TemporaryFile() as handle:
                if job.format == ExportFormat.CSV:
                    rows = exports.write_csv(spec, handle, on_chunk=on_chunk, chunk_rows=chunk_rows)
                else:
                    rows = exports.write_xlsx(
                        spec, handle, filters=filters, on_chunk=on_chunk, chunk_rows=chunk_rows
                    )
                handle.seek(0)
                job.refresh_from_db()
                job.file.save(f"{spec.filename_stem}.{job.format}", File(handle), save=False)
            ExportJob.objects.filter(pk=job.pk).update(
                file=job.file.name,
                status=ExportJob.Status.DONE,
                rows=rows,
                progress=100,
                finished_at=timezone.now(),
            )
            export_log_finish(log=log, rows=rows)
    except Exception as error:
        logger.exception("Export job %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED,
            error=(str(error) or type(error).__name__)[:2000],
            finished_at=timezone.now(),
        )
        raise
    job.refresh_from_db()
    return job


def export_files_purge(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Delete the files of exports finished more than ``days`` ago (``LMS_EXPORT_RETENTION_DAYS``).

    The jobs and the audit log stay; a job page then says the file was deleted. Returns the files deleted.
    Re-running deletes nothing new.
    """
    days = settings.LMS_EXPORT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    purged = 0
    for job in ExportJob.objects.filter(finished_at__lt=cutoff).exclude(file=""):
        job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(file="")
        purged += 1
    return purged
