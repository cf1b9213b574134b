"""Writes for background jobs: create and queue, run (status, progress, private file), purge after retention."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.db.models import Q
from django.utils import timezone, translation

from accounts.models import User

from . import registry
from .models import Job, JobEvent

logger = logging.getLogger(__name__)


def job_create(*, kind: str, owner: User, parameters: dict, progress_total: int | None = None) -> Job:
    """Record a job of ``kind`` for ``owner`` and queue it on the kind's queue.

    The owner's active language is kept: the job writes its file (headers, labels) in it. With the immediate
    task backend (tests) the job has run when this returns; the job is returned fresh from the database.
    """
    from . import tasks  # tasks import this module

    job_kind = registry.get(kind)
    job = Job.objects.create(
        kind=job_kind.name,
        owner=owner,
        parameters=parameters,
        progress_total=progress_total,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    JobEvent.objects.create(job=job, action=JobEvent.Action.REQUESTED, actor=owner)
    tasks.run_job.using(queue_name=job_kind.queue).enqueue(job.pk)
    job.refresh_from_db()
    return job


class _Progress:
    """Saves progress with one UPDATE per call; kinds call it once per chunk, not once per row."""

    def __init__(self, job: Job):
        self.job = job

    def __call__(self, done: int, total: int | None = None) -> None:
        fields = {"progress_done": done}
        if total is not None:
            fields["progress_total"] = total
        Job.objects.filter(pk=self.job.pk).update(**fields)
        self.job.progress_done = done
        if total is not None:
            self.job.progress_total = total


def job_run(*, job_id: int) -> Job:
    """Run the job's kind, store its file privately and mark the job done, or failed with the error.

    Idempotent: a job already done is returned untouched; one left running or failed (its worker died, or
    a retry) starts again from nothing. Errors are recorded on the job and raised again for the task runner.
    """
    claimed = (
        Job.objects.filter(pk=job_id)
        .exclude(status=Job.Status.DONE)
        .update(
            status=Job.Status.RUNNING,
            started_at=timezone.now(),
            progress_done=0,
            error="",
            finished_at=None,
        )
    )
    job = Job.objects.select_related("owner").get(pk=job_id)
    if not claimed:
        return job
    kind = registry.get(job.kind)
    try:
        with translation.override(job.language), tempfile.TemporaryFile() as handle:
            result = dict(kind.run(job, handle, _Progress(job)) or {})
            filename = result.pop("filename", None) or f"{job.kind.replace('.', '-')}-{job.pk}"
            if kind.writes_file:
                handle.seek(0)
                if job.file:
                    job.file.delete(save=False)  # a re-run replaces the file of the run before
                job.file.save(filename, File(handle), save=False)
    except Exception as error:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        with translation.override(job.language):
            message = (
                error.message
                if isinstance(error, registry.JobError)
                else (str(error) or type(error).__name__)
            )
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, error=message[:2000], finished_at=timezone.now()
        )
        JobEvent.objects.create(job=job, action=JobEvent.Action.FAILED)
        raise
    finished = timezone.now()
    days = kind.retention_days() if kind.retention_days else None
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        file=job.file.name or "",
        result=result,
        finished_at=finished,
        expires_at=finished + dt.timedelta(days=days) if days is not None and kind.writes_file else None,
    )
    JobEvent.objects.create(job=job, action=JobEvent.Action.DONE)
    job.refresh_from_db()
    return job


def job_download_log(*, job: Job, user: User) -> None:
    """Record a download of the job's file, in the job's trail and in the kind's own audit log."""
    JobEvent.objects.create(job=job, action=JobEvent.Action.DOWNLOADED, actor=user)
    kind = registry.get(job.kind)
    if kind.on_download:
        kind.on_download(job, user)


def job_files_purge(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Delete the files of jobs past ``expires_at`` (or, with ``days``, finished more than ``days`` ago).

    The job rows and every audit log stay; a job page then says the file was deleted. Returns the number of
    files deleted; running it again deletes nothing new.
    """
    now = now or timezone.now()
    due = Q(expires_at__lte=now) if days is None else Q(finished_at__lt=now - dt.timedelta(days=days))
    purged = 0
    for job in Job.objects.filter(due, purged_at__isnull=True).exclude(file="").iterator():
        job.file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(file="", purged_at=now)
        JobEvent.objects.create(job=job, action=JobEvent.Action.PURGED)
        purged += 1
    return purged
