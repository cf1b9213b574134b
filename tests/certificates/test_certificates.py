import datetime
import io
import re
import threading

import pytest
import segno
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from PIL import Image as PILImage
from pypdf import PdfReader
from wagtail.images.models import Image as WagtailImage

from certificates import services
from certificates.models import Certificate, CertificateEvent, CertificateTemplate
from certificates.rendering import verification_url
from certificates.services import CertificateError
from courses import services as course_services
from courses.models import Enrollment

from ..auth import sign_in
from ..factories import UserFactory, make_hr_manager, make_lesson


def pdf_text(certificate) -> str:
    with certificate.pdf.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


@pytest.mark.django_db
def test_issue_creates_a_serial_code_pdf_and_audit_event(completed):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    year = timezone.localdate().year
    assert certificate.serial == f"TN-{year}-000001"
    assert len(certificate.verification_code) >= 32  # 24 random bytes, base64url
    assert certificate.learner_name == "Nguyễn Thị Ánh Tuyết"
    assert certificate.unit_name == "Phòng Phát triển đô thị"
    assert certificate.hours == 8
    assert re.fullmatch(r"[0-9a-f]{64}", certificate.pdf_sha256)
    text = pdf_text(certificate)
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert "Quy hoạch và phát triển đô thị thông minh" in text
    assert certificate.serial in text
    assert CertificateEvent.objects.get(certificate=certificate).action == "issue"


@pytest.mark.django_db
def test_issue_is_idempotent_and_serials_are_sequential(completed, catalog):
    first = services.certificate_issue(enrollment=completed)
    first.refresh_from_db()
    assert services.certificate_issue(enrollment=completed).pk == first.pk
    other = Enrollment.objects.create(
        user=UserFactory(), course=completed.course, status="completed", completed_at=timezone.now()
    )
    second = services.certificate_issue(enrollment=other)
    second.refresh_from_db()
    assert second.sequence == first.sequence + 1
    assert Certificate.objects.count() == 2


@pytest.mark.django_db
def test_no_certificate_for_unfinished_or_certificate_less_courses(completed):
    completed.status = "active"
    completed.completed_at = None
    completed.save()
    assert services.certificate_issue(enrollment=completed) is None
    completed.status, completed.completed_at = "completed", timezone.now()
    completed.save()
    completed.course.grants_certificate = False
    completed.course.save()
    assert services.certificate_issue(enrollment=completed) is None
    assert not Certificate.objects.exists()


@pytest.mark.django_db
def test_validity_period_sets_expiry(completed):
    completed.course.certificate_validity_months = 12
    completed.course.save()
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    assert certificate.expires_on == timezone.localtime(completed.completed_at).date().replace(
        year=timezone.localtime(completed.completed_at).year + 1
    )


@pytest.mark.django_db
def test_hostile_name_renders_as_text(completed):
    completed.user.full_name = 'Tuyết <img src="http://169.254.169.254/">'
    completed.user.save()
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    assert '<img src="http://169.254.169.254/">' in pdf_text(certificate).replace("\n", "")


@pytest.mark.django_db
def test_course_completion_issues_the_certificate(completed, django_capture_on_commit_callbacks):
    lesson = make_lesson(completed.course, title="Bài duy nhất")
    fresh = Enrollment.objects.create(
        user=UserFactory(), course=completed.course, status="active", enrolled_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        course_services.lesson_mark_complete(enrollment=fresh, lesson=lesson)
    assert Certificate.objects.filter(enrollment=fresh).count() == 1


@pytest.mark.django_db(transaction=True)
def test_certificate_task_runs_on_the_database_queue_worker(completed, settings):
    from certificates.tasks import issue_certificate

    tasks = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES},
    }
    with override_settings(TASKS=tasks):
        result = issue_certificate.enqueue(completed.pk)
        assert not Certificate.objects.exists()  # queued, not run
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--backend", "background", "--queue-name", "*"
        )
        result.refresh()
        assert result.status == "SUCCESSFUL", result.errors
    certificate = Certificate.objects.get()
    assert result.return_value == certificate.serial


@pytest.mark.django_db
def test_revoke_and_reissue(completed, tree):
    hr = make_hr_manager(tree["sxd"])
    other_hr = make_hr_manager(tree["khcn"])
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    with pytest.raises(CertificateError):
        services.certificate_revoke(certificate=certificate, reason="Sai tên", by=other_hr)
    with pytest.raises(CertificateError):
        services.certificate_revoke(certificate=certificate, reason=" ", by=hr)
    completed.user.full_name = "Nguyễn Thị Ánh Tuyết (đã sửa)"
    completed.user.save()
    new = services.certificate_reissue(certificate=certificate, reason="Sửa họ tên", by=hr)
    new.refresh_from_db()
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.replaced_by == new
    assert new.serial != certificate.serial and new.verification_code != certificate.verification_code
    assert new.learner_name == "Nguyễn Thị Ánh Tuyết (đã sửa)"
    services.certificate_revoke(certificate=new, reason="Gian lận", by=hr)
    services.certificate_revoke(certificate=new, reason="Lần hai", by=hr)  # idempotent
    new.refresh_from_db()
    assert new.revoked_reason == "Gian lận"
    actions = list(CertificateEvent.objects.order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["issue", "reissue", "revoke"]


@pytest.mark.django_db
def test_regenerate_keeps_serial_and_code(completed):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    serial, code = certificate.serial, certificate.verification_code
    template = certificate.template
    template.title = "GIẤY CHỨNG NHẬN HOÀN THÀNH"
    template.save()
    services.certificate_regenerate(certificate=certificate)
    certificate.refresh_from_db()
    certificate.refresh_from_db()
    assert (certificate.serial, certificate.verification_code) == (serial, code)
    assert "GIẤY CHỨNG NHẬN HOÀN THÀNH" in pdf_text(certificate)


# --- pages -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_verification_page_valid_revoked_expired_and_unknown(client, completed, tree):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    html = client.get(f"/tra-cuu-chung-nhan/{certificate.verification_code}/").content.decode()
    assert "Còn hiệu lực" in html and "Nguyễn Thị Ánh Tuyết" in html and certificate.serial in html
    assert completed.user.email not in html  # no other personal data
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert (
        "Hết hiệu lực" in client.get(f"/tra-cuu-chung-nhan/{certificate.verification_code}/").content.decode()
    )
    services.certificate_revoke(
        certificate=certificate, reason="Sai thông tin", by=make_hr_manager(tree["sxd"])
    )
    html = client.get(f"/tra-cuu-chung-nhan/{certificate.verification_code}/").content.decode()
    assert "Đã thu hồi" in html and "Sai thông tin" in html
    unknown = client.get("/tra-cuu-chung-nhan/khong-ton-tai/")
    assert unknown.status_code == 404 and "không khớp" in unknown.content.decode()


@pytest.mark.django_db
def test_lookup_by_serial_redirects_and_is_rate_limited(client, completed):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    response = client.get("/tra-cuu-chung-nhan/", {"so": certificate.serial.lower()})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{certificate.verification_code}/")
    assert client.get("/tra-cuu-chung-nhan/", {"so": "TN-1999-999999"}).status_code == 404
    statuses = [client.get("/tra-cuu-chung-nhan/", {"so": "TN-1999-000001"}).status_code for _ in range(40)]
    assert 429 in statuses


@pytest.mark.django_db
def test_lookup_of_a_text_longer_than_any_serial_says_so_without_echoing_it(client):
    pasted = "TN-2026-" + "9" * 5_000
    response = client.get("/tra-cuu-chung-nhan/", {"so": pasted})
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert response.status_code == 400 and "Số hiệu có tối đa 40 ký tự." in main
    assert "9" * 41 not in main  # neither the message nor the field carries the whole text back


@pytest.mark.django_db
def test_download_allowed_for_owner_hr_of_unit_and_admin_only(client, completed, tree, stranger, with_totp):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    url = f"/giay-chung-nhan/{certificate.serial}/tai-ve/"
    sign_in(client, completed.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"giay-chung-nhan-{certificate.serial}.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    sign_in(client, stranger)
    assert client.get(url).status_code == 404
    sign_in(client, make_hr_manager(tree["khcn"]))
    assert client.get(url).status_code == 404
    sign_in(client, make_hr_manager(tree["sxd"]))
    assert client.get(url).status_code == 200
    sign_in(client, UserFactory(is_superuser=True))
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_my_certificates_lists_only_mine(client, completed, stranger):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    sign_in(client, completed.user)
    html = client.get("/giay-chung-nhan/").content.decode()
    assert "Giấy chứng nhận của tôi" in html and certificate.serial in html
    sign_in(client, stranger)
    assert certificate.serial not in client.get("/giay-chung-nhan/").content.decode()


@pytest.mark.django_db
def test_hr_revokes_and_zips_within_scope(client, completed, tree, with_totp):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    outsider = with_totp(make_hr_manager(tree["khcn"]))
    sign_in(client, outsider)
    assert certificate.serial not in client.get("/quan-ly-dao-tao/giay-chung-nhan/").content.decode()
    assert (
        client.post(
            f"/quan-ly-dao-tao/giay-chung-nhan/{certificate.pk}/thu-hoi/", {"reason": "x"}
        ).status_code
        == 404
    )
    hr = with_totp(make_hr_manager(tree["sxd"]))
    sign_in(client, hr)
    assert certificate.serial in client.get("/quan-ly-dao-tao/giay-chung-nhan/").content.decode()
    response = client.post("/quan-ly-dao-tao/giay-chung-nhan/tep-nen/", {"course": completed.course.pk})
    archive_url = response["Location"]
    page = client.get(archive_url).content.decode()
    assert "1/1" in page or "1 / 1" in page or "Đã sẵn sàng" in page
    download = client.get(archive_url + "tai-ve/")
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert names == [f"{certificate.serial}.pdf"]
    sign_in(client, outsider)
    assert client.get(archive_url).status_code == 404
    sign_in(client, hr)
    client.post(f"/quan-ly-dao-tao/giay-chung-nhan/{certificate.pk}/thu-hoi/", {"reason": "Sai thông tin"})
    certificate.refresh_from_db()
    assert certificate.status == "revoked"


@pytest.mark.django_db
def test_admin_previews_a_template_as_pdf(staff_admin_client):
    template = CertificateTemplate.objects.create(name="Mẫu thử", is_default=True)
    response = staff_admin_client.get(f"/admin/mau-giay-chung-nhan/{template.pk}/xem-thu.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Nguyễn Thị Ánh Tuyết" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


# --- concurrency (PostgreSQL) --------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issue_gives_one_certificate_and_gapless_serials(completed):
    others = [
        Enrollment.objects.create(
            user=UserFactory(), course=completed.course, status="completed", completed_at=timezone.now()
        )
        for _ in range(3)
    ]
    targets = [completed] * 4 + others
    errors = []

    def issue(enrollment):
        try:
            services.certificate_issue(enrollment=enrollment)
        except Exception as exc:  # collected and asserted
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(e,)) for e in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Certificate.objects.filter(enrollment=completed).count() == 1
    assert sorted(Certificate.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4]


def _png(name: str, colour: tuple[int, int, int], size=(1200, 480)) -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return ImageFile(buffer, name=name)


@pytest.mark.django_db
def test_logo_and_signature_are_embedded_from_storage_without_a_local_path(completed, settings):
    # Object storage (S3) has no local path either: the PDF must read the images through the storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    template = services.ensure_default_template()  # what the first issue would create
    template.logo = WagtailImage.objects.create(title="Quốc huy", file=_png("quoc-huy.png", (200, 30, 30)))
    template.signature_image = WagtailImage.objects.create(
        title="Chữ ký và con dấu", file=_png("chu-ky.png", (20, 40, 160))
    )
    template.save()

    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()

    with certificate.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == 1
    # Both renditions, 1200x480 scaled into 400x400 and 800x320, and the QR code (one pixel per module).
    qr = len(segno.make_qr(verification_url(certificate), error="m").matrix) + 2 * 4
    images = sorted(image.image.size for image in reader.pages[0].images)
    assert images == sorted([(400, 160), (800, 320), (qr, qr)])
    assert "Nguyễn Thị Ánh Tuyết" in pdf_text(certificate)


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["thu-hoi", "cap-lai"])
def test_a_reason_too_long_is_refused_in_vietnamese_and_changes_nothing(
    client, completed, tree, with_totp, action
):
    certificate = services.certificate_issue(enrollment=completed)
    sign_in(client, with_totp(make_hr_manager(tree["sxd"])))
    listing = client.get("/quan-ly-dao-tao/giay-chung-nhan/").content.decode()
    assert f'maxlength="{services.REASON_MAX_LENGTH}"' in listing
    response = client.post(
        f"/quan-ly-dao-tao/giay-chung-nhan/{certificate.pk}/{action}/",
        {"reason": "Đ" * (services.REASON_MAX_LENGTH + 1)},
        follow=True,
    )
    assert "Lý do dài quá 2000 ký tự; vui lòng rút gọn." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == "valid" and certificate.revoked_reason == ""
    assert Certificate.objects.count() == 1
    assert not CertificateEvent.objects.exclude(action="issue").exists()
