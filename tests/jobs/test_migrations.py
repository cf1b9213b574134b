"""The data migrations that moved export jobs and certificate archives onto jobs.Job (ADR 0020)."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from ..factories import UserFactory

BEFORE = [("reports", "0001_initial"), ("certificates", "0004_template_signing_block")]
AFTER = [("reports", "0003_drop_exportjob"), ("certificates", "0006_drop_certificatearchive")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_export_jobs_and_archives_move_with_their_files_and_audit_links(settings):
    owner = UserFactory()
    old = _migrate(BEFORE)
    ExportJob, ExportLog = old.get_model("reports", "ExportJob"), old.get_model("reports", "ExportLog")
    Archive, Event = (
        old.get_model("certificates", "CertificateArchive"),
        old.get_model("certificates", "CertificateEvent"),
    )
    finished = timezone.now() - dt.timedelta(days=1)
    export = ExportJob.objects.create(
        user_id=owner.pk,
        report="units",
        format="csv",
        filters={"track": "planning"},
        status="done",
        rows=3,
        total_rows=3,
        progress=100,
        finished_at=finished,
    )
    export_name = storages["reports_exports"].save(
        f"exports/{export.public_id.hex}/bao-cao.csv", ContentFile(b"a,b\n")
    )
    ExportJob.objects.filter(pk=export.pk).update(file=export_name)
    log = ExportLog.objects.create(
        user_id=owner.pk, report="units", format="csv", rows=3, completed=True, job_id=export.pk
    )
    # Two archives whose new ids cross their old ones: their events must not be mixed up.
    zips = []
    for _ in range(3):
        Archive.objects.create(user_id=owner.pk, status="failed")
    for index in range(2):
        archive = Archive.objects.create(
            user_id=owner.pk, status="done", total=1, done=1, finished_at=finished
        )
        name = storages["certificates"].save(
            f"archives/2026/z{index}.zip", ContentFile(f"ZIP{index}".encode())
        )
        Archive.objects.filter(pk=archive.pk).update(file=name)
        Event.objects.create(
            action="zip", actor_id=owner.pk, details={"archive": archive.pk, "certificates": [index]}
        )
        zips.append((archive.pk, name))

    new = _migrate(AFTER)
    Job = new.get_model("jobs", "Job")
    job = Job.objects.get(kind="reports.export")
    assert job.public_id == export.public_id and job.owner_id == owner.pk and job.status == "done"
    assert job.parameters == {"report": "units", "format": "csv", "filters": {"track": "planning"}}
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.expires_at == finished + dt.timedelta(days=settings.LMS_EXPORT_RETENTION_DAYS)
    assert storages["certificates"].open(job.file.name).read() == b"a,b\n"
    assert not storages["reports_exports"].exists(export_name)
    assert new.get_model("reports", "ExportLog").objects.get(pk=log.pk).job_id == job.pk
    archives = Job.objects.filter(kind="certificates.archive", status="done").order_by("pk")
    NewEvent = new.get_model("certificates", "CertificateEvent")
    for index, (job, (_old_pk, old_name)) in enumerate(zip(archives, zips, strict=True)):
        assert job.result == {"count": 1, "certificates": [index]}
        assert storages["certificates"].open(job.file.name).read() == f"ZIP{index}".encode()
        assert not storages["certificates"].exists(old_name)
        assert NewEvent.objects.get(details__certificates=[index]).details["archive"] == job.pk
    assert Job.objects.filter(kind="certificates.archive").count() == 5
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
