"""Move the export jobs onto the jobs pipeline (docs/decisions/0020): each ExportJob becomes a jobs.Job of
kind "reports.export" with the same public id (so its links keep working), its file is copied into the
private job storage, and the audit log points at the new job. Then the old table goes."""

import datetime as dt

import django.db.models.deletion
from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.db import migrations, models


def _export_storage():
    return storages["reports_exports"] if "reports_exports" in settings.STORAGES else default_storage


def move_export_jobs(apps, schema_editor):
    ExportJob = apps.get_model("reports", "ExportJob")
    ExportLog = apps.get_model("reports", "ExportLog")
    Job = apps.get_model("jobs", "Job")
    old_storage, new_storage = _export_storage(), storages["certificates"]
    days = settings.LMS_EXPORT_RETENTION_DAYS
    for old in ExportJob.objects.order_by("pk").iterator():
        job = Job.objects.create(
            public_id=old.public_id,
            kind="reports.export",
            owner_id=old.user_id,
            status=old.status,
            parameters={"report": old.report, "format": old.format, "filters": old.filters},
            language=old.language,
            progress_done=old.rows,
            progress_total=old.total_rows,
            result={"rows": old.rows},
            error=old.error,
        )
        name = ""
        if old.file and old_storage.exists(old.file.name):
            with old_storage.open(old.file.name, "rb") as handle:
                name = new_storage.save(f"jobs/{old.public_id.hex}/{old.file.name.rsplit('/', 1)[-1]}", handle)
        expires = old.finished_at + dt.timedelta(days=days) if old.finished_at and name else None
        Job.objects.filter(pk=job.pk).update(
            file=name,
            created_at=old.created_at,
            started_at=old.started_at,
            finished_at=old.finished_at,
            expires_at=expires,
            purged_at=old.finished_at if old.status == "done" and not name else None,
        )
        ExportLog.objects.filter(job_id=old.pk).update(new_job=job.pk)
        if name:
            old_storage.delete(old.file.name)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="exportlog",
            name="new_job",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="jobs.job",
            ),
        ),
        # Not reversible: the files have moved, and new exports exist only as jobs. The schema changes that
        # follow are in 0003: PostgreSQL refuses to alter a table with pending (deferred) constraint checks.
        migrations.RunPython(move_export_jobs, migrations.RunPython.noop, elidable=True),
    ]
