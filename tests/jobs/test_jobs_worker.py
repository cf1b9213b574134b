"""Jobs run by a real worker process, as in production: an HR export (XLSX) and a certificate ZIP are queued,
a separate `db_worker` / `rqworker` builds them, and the files are read back as their owner would."""

import io
import zipfile

import openpyxl
import pytest
from django.conf import settings
from django.test import override_settings

from certificates import services as certificate_services
from lms.settings.base import tasks_settings
from reports import services as report_services
from reports.models import ExportLog
from reports.selectors import ReportFilters

from ..factories import make_hr_manager
from ..test_tasks_workers import run_worker, shared_database


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", ["database", "redis"])
def test_worker_builds_an_export_and_a_certificate_archive(
    backend, request, tmp_path, tree, completed_enrollment
):
    if backend == "redis":
        request.getfixturevalue("redis_queues")
    certificate = certificate_services.certificate_issue(enrollment=completed_enrollment)
    hr = make_hr_manager(tree["sxd"])
    with override_settings(TASKS=tasks_settings(backend, settings.TASK_QUEUES)):
        export = report_services.export_job_create(
            user=hr, report="enrollments", filters=ReportFilters(), format="xlsx"
        )
        archive = certificate_services.certificate_archive_create(
            user=hr, course_id=completed_enrollment.course_id, unit=None
        )
        assert export.status == archive.status == "queued"  # queued, not run
        with shared_database(tmp_path) as database_url:
            run_worker(backend, database_url)
    export.refresh_from_db()
    archive.refresh_from_db()
    assert (export.status, export.error) == ("done", "")
    assert (export.progress_done, export.progress_total, export.percent) == (1, 1, 100)
    with export.file.open("rb") as handle:
        workbook = openpyxl.load_workbook(io.BytesIO(handle.read()))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Họ và tên" and rows[1][0] == "Trần Văn Bình" and len(rows) == 2
    assert ExportLog.objects.get(job=export).completed
    assert (archive.status, archive.progress_done, archive.progress_total) == ("done", 1, 1)
    with archive.file.open("rb") as handle:
        bundle = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert bundle.namelist() == [f"{certificate.serial}.pdf"]
    assert bundle.read(f"{certificate.serial}.pdf").startswith(b"%PDF")
    assert archive.result["certificates"] == [certificate.pk]
