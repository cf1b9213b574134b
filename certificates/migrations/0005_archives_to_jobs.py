"""Move the certificate ZIP archives onto the jobs pipeline (docs/decisions/0020): each CertificateArchive
becomes a jobs.Job of kind "certificates.archive"; its ZIP is copied to the job's folder in the same private
storage, the certificates it holds (from its audit event) go into the job's result, and the audit events name
the new job. Then the old table goes."""

import datetime as dt

from django.conf import settings
from django.core.files.storage import storages
from django.db import migrations


def move_archives(apps, schema_editor):
    CertificateArchive = apps.get_model("certificates", "CertificateArchive")
    CertificateEvent = apps.get_model("certificates", "CertificateEvent")
    Job = apps.get_model("jobs", "Job")
    storage = storages["certificates"]
    days = settings.LMS_CERTIFICATE_ARCHIVE_RETENTION_DAYS
    archives = list(CertificateArchive.objects.order_by("pk"))
    # Collected before any event is renumbered, so a new job id never picks up another archive's events.
    event_ids = {
        old.pk: list(
            CertificateEvent.objects.filter(
                action__in=["zip", "zip_download"], details__archive=old.pk
            ).values_list("pk", flat=True)
        )
        for old in archives
    }
    for old in archives:
        events = CertificateEvent.objects.filter(pk__in=event_ids[old.pk])
        built = events.filter(action="zip").order_by("-at").first()
        result = {"count": old.done}
        if built and built.details.get("certificates") is not None:
            result["certificates"] = built.details["certificates"]
        job = Job.objects.create(
            kind="certificates.archive",
            owner_id=old.user_id,
            status=old.status,
            parameters={"course": old.course_id, "unit": old.unit_id},
            progress_done=old.done,
            progress_total=old.total,
            result=result,
        )
        name = ""
        if old.file and old.purged_at is None and storage.exists(old.file.name):
            with storage.open(old.file.name, "rb") as handle:
                name = storage.save(f"jobs/{job.public_id.hex}/giay-chung-nhan-{job.pk}.zip", handle)
        Job.objects.filter(pk=job.pk).update(
            file=name,
            created_at=old.created_at,
            started_at=old.created_at,
            finished_at=old.finished_at,
            # The old rule counted the days from the request; so does the moved job.
            expires_at=old.created_at + dt.timedelta(days=days) if name else None,
            purged_at=old.purged_at,
        )
        for event in events:
            event.details = {**event.details, "archive": job.pk}
            event.save(update_fields=["details"])
        if name:
            storage.delete(old.file.name)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_template_signing_block"),
        ("jobs", "0001_initial"),
    ]

    operations = [
        # Not reversible: the files have moved, and new archives exist only as jobs. The table is dropped in
        # 0006: PostgreSQL refuses schema changes while deferred constraint checks are pending.
        migrations.RunPython(move_archives, migrations.RunPython.noop, elidable=True),
    ]
