"""Jobs run by a real worker process, as in production: an HR export (XLSX), a certificate ZIP and a large
question import are queued, a separate `db_worker` / `rqworker` runs them, and the results are read back as
their owner would (the XLSX cells, the ZIP's PDFs, the questions and the import's status page)."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from certificates import services as certificate_services
from jobs.models import Job, job_storage
from lms.settings.base import tasks_settings
from reports import services as report_services
from reports.models import ExportLog
from reports.selectors import ReportFilters

from ..auth import sign_in
from ..factories import UserFactory, make_hr_manager
from ..test_tasks_workers import redis_queues, run_worker, shared_database  # noqa: F401  (a fixture)


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


FIXTURES = Path(__file__).resolve().parent.parent / "assessment" / "fixtures" / "moodle"


def _big_moodle_file(copies: int) -> bytes:
    """The single-choice fixture with its first question repeated under new names (600 copies: above 256 KiB)."""
    source = (FIXTURES / "multichoice-single.xml").read_text(encoding="utf-8")
    start = source.index('  <question type="multichoice">')
    end = source.index("</question>", start) + len("</question>")
    block = source[start:end]
    copies_xml = "\n".join(block.replace("Chọn một với hình ảnh", f"Câu hỏi số {n}") for n in range(copies))
    return (source[:end] + "\n" + copies_xml + source[end:]).encode()


@pytest.mark.django_db(transaction=True)
@override_settings(LMS_IMPORT_BACKGROUND_BYTES=8 * 1024)  # the path of a 256 KiB file, at a tenth of its cost
def test_worker_imports_a_big_moodle_file_in_the_background(client, tmp_path, with_totp):
    from assessment.models import Question

    data = _big_moodle_file(40)
    assert len(data) > settings.LMS_IMPORT_BACKGROUND_BYTES
    user = with_totp(UserFactory(is_superuser=True, is_staff=True))
    sign_in(client, user)
    with override_settings(TASKS=tasks_settings("database", settings.TASK_QUEUES)):
        response = client.post(
            reverse("questions_import"), {"file": SimpleUploadedFile("ngan-hang.xml", data, "text/xml")}
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        job = Job.objects.get(owner=user, kind="assessment.question_import")
        assert response["Location"] == reverse("questions_import_job", kwargs={"public_id": job.public_id})
        waiting = client.get(response["Location"]).content.decode()
        assert job.status == "queued" and 'http-equiv="refresh"' in waiting and "<progress" in waiting
        assert not Question.objects.exists()
        with shared_database(tmp_path) as database_url:
            run_worker("database", database_url)
    job.refresh_from_db()
    assert (job.status, job.error) == ("done", "")
    assert Question.objects.filter(name__startswith="Câu hỏi số").count() == 40
    assert Question.objects.count() == 41 == sum(job.result["imported"].values())
    assert (job.progress_done, job.progress_total, job.percent) == (41, 41, 100)
    assert not job_storage().exists(job.parameters["upload"])  # the upload went once read
    page = client.get(response["Location"]).content.decode()
    assert "http-equiv" not in page and 'id="import-report"' in page
    assert "<strong>41</strong>" in page and "Cloze có hình ảnh" in page and "Số huyện thị" in page


@pytest.mark.django_db
def test_a_big_unreadable_file_fails_its_job_with_the_reason(client, with_totp):
    user = with_totp(UserFactory(is_superuser=True, is_staff=True))
    sign_in(client, user)
    data = b"<quiz><question>" + b" " * (settings.LMS_IMPORT_BACKGROUND_BYTES + 1)
    response = client.post(
        reverse("questions_import"), {"file": SimpleUploadedFile("hong.xml", data, "text/xml")}
    )
    job = Job.objects.get(owner=user, kind="assessment.question_import")
    assert job.status == "failed" and job.error
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-error"' in page and job.error in page
    other = with_totp(UserFactory(is_superuser=True, is_staff=True))
    sign_in(client, other)
    assert client.get(response["Location"]).status_code == 404  # another administrator's job
