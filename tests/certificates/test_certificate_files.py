"""Certificate files are private (#12): private storage with random names, served only by checked views;
archives are re-checked, logged and purged; a revocation is never undone by issuing again."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from accounts.models import HRScope
from certificates import services, tasks
from certificates.models import Certificate, CertificateEvent
from jobs import tasks as job_tasks
from jobs.models import Job

from ..auth import sign_in
from ..factories import make_hr_manager


@pytest.mark.django_db
def test_pdf_lives_in_private_storage_with_a_random_name(client, completed):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    path = Path(certificate.pdf.path)
    assert path.is_file()
    assert Path(settings.MEDIA_ROOT) not in path.parents
    assert path.is_relative_to(Path(settings.STORAGES["certificates"]["OPTIONS"]["location"]))
    assert certificate.serial not in certificate.pdf.name  # the printed serial does not locate the file
    assert client.get(f"/media/{certificate.pdf.name}").status_code == 404
    assert (
        client.get(
            f"/media/certificates/{certificate.year}/giay-chung-nhan-{certificate.serial}.pdf"
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_only_the_owner_downloads_and_another_learner_gets_404(client, completed, stranger):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    url = f"/giay-chung-nhan/{certificate.serial}/tai-ve/"
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(completed.user)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_verify_pdf_serves_valid_certificates_only(client, completed, tree):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    url = f"/tra-cuu-chung-nhan/{certificate.verification_code}/pdf/"
    page = client.get(f"/tra-cuu-chung-nhan/{certificate.verification_code}/").content.decode()
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get("/tra-cuu-chung-nhan/khong-co-ma-nay/pdf/").status_code == 404
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert client.get(url).status_code == 404
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=None)
    services.certificate_revoke(
        certificate=certificate, reason="Sai thông tin", by=make_hr_manager(tree["sxd"])
    )
    assert client.get(url).status_code == 404
    assert url not in client.get(f"/tra-cuu-chung-nhan/{certificate.verification_code}/").content.decode()


@pytest.mark.django_db
def test_a_late_issue_task_after_revocation_issues_nothing(completed, tree):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    services.certificate_revoke(certificate=certificate, reason="Gian lận", by=make_hr_manager(tree["sxd"]))
    assert tasks.issue_certificate.call(completed.pk) is None  # an old queued task running now
    assert services.certificate_issue(enrollment=completed) is None
    call_command("reconcile_certificates", stdout=io.StringIO())
    assert list(Certificate.objects.filter(enrollment=completed).values_list("pk", flat=True)) == [
        certificate.pk
    ]


@pytest.mark.django_db
def test_reconcile_issues_missing_certificates_once(completed):
    out = io.StringIO()
    call_command("reconcile_certificates", stdout=out)
    assert "1" in out.getvalue()
    call_command("reconcile_certificates", stdout=io.StringIO())
    assert Certificate.objects.filter(enrollment=completed).count() == 1


def _archive(client, hr, completed):
    sign_in(client, hr)
    response = client.post("/quan-ly-dao-tao/giay-chung-nhan/tep-nen/", {"course": completed.course.pk})
    return Job.objects.get(public_id=response["Location"].rstrip("/").rsplit("/", 1)[-1])


@pytest.mark.django_db
def test_archive_is_private_logged_and_rechecked_at_download(client, completed, tree):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    hr = make_hr_manager(tree["sxd"])
    archive = _archive(client, hr, completed)
    path = Path(archive.file.path)
    assert Path(settings.MEDIA_ROOT) not in path.parents and path.is_file()
    url = f"/quan-ly-dao-tao/giay-chung-nhan/tep-nen/{archive.public_id}/tai-ve/"
    response = client.get(url)
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert names == [f"{certificate.serial}.pdf"]
    assert (
        CertificateEvent.objects.filter(action="zip_download", actor=hr, details__archive=archive.pk).count()
        == 1
    )
    # The manager loses the unit that holds the learner but keeps another one: HR still, but out of scope.
    HRScope.objects.filter(user=hr).update(unit=tree["khcn"])
    assert client.get(url).status_code == 403
    assert CertificateEvent.objects.filter(action="zip_download").count() == 1


@pytest.mark.django_db
def test_purge_deletes_old_archive_files(client, completed, tree, settings):
    services.certificate_issue(enrollment=completed)
    archive = _archive(client, make_hr_manager(tree["sxd"]), completed)
    path = Path(archive.file.path)
    call_command("purge_job_files", stdout=io.StringIO())
    assert path.is_file()  # not old yet
    assert archive.expires_at == archive.finished_at + datetime.timedelta(
        days=settings.LMS_CERTIFICATE_ARCHIVE_RETENTION_DAYS
    )
    Job.objects.filter(pk=archive.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert job_tasks.purge_job_files.call() == 1
    archive.refresh_from_db()
    assert archive.purged_at and not archive.file and not path.exists()
    assert (
        client.get(f"/quan-ly-dao-tao/giay-chung-nhan/tep-nen/{archive.public_id}/tai-ve/").status_code == 404
    )
    page = client.get(f"/quan-ly-dao-tao/giay-chung-nhan/tep-nen/{archive.public_id}/").content.decode()
    assert "Tệp ZIP đã được xóa" in page and "tai-ve/" not in page


@pytest.mark.django_db(transaction=True)
def test_regenerating_replaces_the_file_and_removes_the_old_one(completed):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    old_path = Path(certificate.pdf.path)
    services.certificate_regenerate(certificate=certificate)
    certificate.refresh_from_db()
    certificate.refresh_from_db()
    assert Path(certificate.pdf.path).is_file() and Path(certificate.pdf.path) != old_path
    assert not old_path.exists()


@pytest.mark.django_db
def test_migration_moves_public_files_into_private_storage(completed):
    from importlib import import_module

    class apps:
        # The archives' table is gone since certificates 0005 (they are jobs now): the jobs table, empty
        # here, stands in for it.
        @staticmethod
        def get_model(app_label, model_name):
            return Certificate if model_name == "Certificate" else Job

    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    old_name = f"certificates/{certificate.year}/giay-chung-nhan-{certificate.serial}.pdf"
    default_storage.save(old_name, ContentFile(b"%PDF-old"))
    certificate.pdf.delete(save=False)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=old_name)
    import_module("certificates.migrations.0003_private_certificate_files").move_files(apps, None)
    certificate.refresh_from_db()
    assert certificate.pdf.name != old_name and certificate.pdf.read() == b"%PDF-old"
    assert not default_storage.exists(old_name)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "choice", [{"course": "abc"}, {"unit": "abc"}, {"course": "999999"}, {"unit": "1.5"}]
)
def test_archive_with_a_choice_not_offered_is_404_and_queues_nothing(client, completed, tree, choice):
    services.certificate_issue(enrollment=completed)
    sign_in(client, make_hr_manager(tree["sxd"]))
    response = client.post("/quan-ly-dao-tao/giay-chung-nhan/tep-nen/", choice)
    assert response.status_code == 404
    assert not Job.objects.filter(kind=services.ARCHIVE_JOB).exists()
