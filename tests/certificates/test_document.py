"""The certificate as an administrative document: heading, signing block, public address, revoked stamp,
and text at the form maximums. Each test reads the PDF back as a person would see it."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image

from certificates import selectors, services
from certificates.models import Certificate, CertificateTemplate

from ..auth import sign_in
from ..factories import UserFactory
from .test_certificates import _png
from .test_pdf import opaque_colours, pdf_text, read_pdf

PUBLIC = "https://daotao.tayninh.gov.vn"


def _image(colour) -> Image:
    return Image.objects.create(title=f"img-{colour}", file=_png("img.png", colour, size=(120, 120)))


@pytest.fixture
def department_template(completed):
    template = CertificateTemplate.objects.create(
        name="Sở Xây dựng",
        issuer_parent="Ủy ban nhân dân tỉnh Tây Ninh",
        issuer_name="Sở Xây dựng",
        place="Tây Ninh",
        signing_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Trần Thị Thu Hà",
        signature_image=_image((20, 30, 90)),
        seal_image=_image((200, 16, 46)),
    )
    template.courses.add(completed.course)
    template.save()  # a ParentalManyToManyField is written on save
    return template


@pytest.fixture
def public_base(settings):
    settings.LMS_PUBLIC_BASE_URL = PUBLIC
    return PUBLIC


@pytest.mark.django_db
def test_pdf_has_the_administrative_heading_and_signing_block(completed, department_template, public_base):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    text = pdf_text(certificate.pdf.open("rb").read())
    for line in (
        "ỦY BAN NHÂN DÂN TỈNH TÂY NINH",
        "SỞ XÂY DỰNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Trần Thị Thu Hà",
    ):
        assert line in text, line
    assert re.search(r"Tây Ninh, ngày \d{2} tháng \d{2} năm \d{4}", text)
    page = read_pdf(certificate.pdf.open("rb").read()).pages[0]
    assert (
        len(page.images) == 3
    )  # the signature, the seal and the QR code (a PNG since ADR 0015's third pass)


@pytest.mark.django_db
def test_default_template_signs_for_the_province(completed, public_base):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    text = pdf_text(certificate.pdf.open("rb").read())
    assert "TM. ỦY BAN NHÂN DÂN" in text and "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text


@pytest.mark.django_db
def test_editing_the_template_later_does_not_change_an_issued_certificate(
    completed, department_template, public_base
):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    department_template.signer_name = "Lê Văn Mới"
    department_template.signing_authority = "TM. ỦY BAN NHÂN DÂN"
    department_template.save()
    services.certificate_regenerate(certificate=certificate)
    certificate.refresh_from_db()
    text = pdf_text(certificate.pdf.open("rb").read())
    assert "Trần Thị Thu Hà" in text and "KT. GIÁM ĐỐC" in text
    assert "Lê Văn Mới" not in text
    assert certificate.signing["signer_name"] == "Trần Thị Thu Hà"


@pytest.mark.django_db
def test_forged_host_never_reaches_the_pdf(client, completed, tree, public_base, settings):
    """The certificate is issued during a request with a forged Host: the PDF still prints the public URL."""
    settings.ALLOWED_HOSTS = ["*"]
    admin = UserFactory(is_superuser=True, is_staff=True)
    sign_in(client, admin)
    first = services.certificate_issue(enrollment=completed)
    first.refresh_from_db()
    response = client.post(
        reverse("certificate_staff:reissue", kwargs={"pk": first.pk}),
        {"reason": "Sai họ tên trên giấy chứng nhận"},
        HTTP_HOST="evil.example",
    )
    assert response.status_code in (200, 302)
    new = Certificate.objects.exclude(pk=first.pk).get(enrollment=completed)
    data = new.pdf.open("rb").read()
    text = pdf_text(data)
    assert "evil.example" not in text and b"evil.example" not in data
    # The address wraps before the code, never inside it: the code is whole on one line of text.
    assert new.verification_code + "/" in text.replace(f"{PUBLIC}/tra-cuu-chung-nhan/\n", "")
    assert f"{PUBLIC}/tra-cuu-chung-nhan/" in text.replace("\n", "")


@pytest.mark.django_db
def test_revoked_download_carries_the_stamp_with_date_and_reason(client, completed, tree, public_base):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    admin = UserFactory(is_superuser=True, is_staff=True)
    services.certificate_revoke(certificate=certificate, reason="Kết quả kiểm tra bị hủy", by=admin)
    client.force_login(completed.user)
    response = client.get(reverse("certificates:download", kwargs={"serial": certificate.serial}))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    text = pdf_text(data)
    assert "ĐÃ THU HỒI" in text
    assert "Kết quả kiểm tra bị hủy" in text
    certificate.refresh_from_db()
    assert timezone.localtime(certificate.revoked_at).strftime("%d/%m/%Y") in text  # the date in Vietnam
    assert len(read_pdf(data).pages) == 1
    # The stored file is still the one issued; the stamp is rendered on demand.
    assert "ĐÃ THU HỒI" not in pdf_text(certificate.pdf.open("rb").read())


@pytest.mark.django_db
def test_valid_download_has_no_stamp(client, completed, public_base):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    client.force_login(completed.user)
    response = client.get(reverse("certificates:download", kwargs={"serial": certificate.serial}))
    assert "ĐÃ THU HỒI" not in pdf_text(b"".join(response.streaming_content))


@pytest.mark.django_db
def test_learner_list_shows_status_and_replacement(client, completed, public_base):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    admin = UserFactory(is_superuser=True, is_staff=True)
    new = services.certificate_reissue(certificate=certificate, reason="Sai tên khóa học", by=admin)
    new.refresh_from_db()
    client.force_login(completed.user)
    html = client.get(reverse("certificates:mine")).content.decode()
    assert 'class="badge badge-revoked"' in html and "Đã thu hồi" in html
    assert 'class="badge badge-valid"' in html
    assert f"Được thay bằng {new.serial}" in html
    verify = client.get(reverse("certificates:verify", kwargs={"code": certificate.verification_code}))
    assert reverse("certificates:verify", kwargs={"code": new.verification_code}) in verify.content.decode()


@pytest.mark.django_db
def test_text_at_the_form_maximums_keeps_serial_qr_and_signature_on_one_page(
    completed, department_template, public_base
):
    user = completed.user
    user.full_name = ("Nguyễn Thị Phương " * 9)[:150].strip()
    user.save()
    course = completed.course
    course.title = ("Quản lý phát triển đô thị thông minh và hạ tầng số " * 6)[:255].strip()
    course.save()
    department_template.issuer_name = ("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng " * 5)[:255]
    department_template.save()
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    data = certificate.pdf.open("rb").read()
    reader = read_pdf(data)
    assert len(reader.pages) == 1
    text = pdf_text(data)
    assert certificate.serial in text
    assert "Trần Thị Thu Hà" in text
    assert certificate.verification_code in text
    assert len(reader.pages[0].images) == 3  # the signature, the seal and the QR code


@pytest.mark.django_db
def test_selector_reads_replacements_in_one_query(completed, public_base, django_assert_num_queries):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    admin = UserFactory(is_superuser=True, is_staff=True)
    services.certificate_reissue(certificate=certificate, reason="Sai tên", by=admin)
    with django_assert_num_queries(1):
        rows = selectors.my_certificates(user=completed.user)
        assert [c.replaced_by.serial for c in rows if c.replaced_by]


@pytest.mark.django_db
def test_revoked_download_is_stamped_even_when_a_template_image_file_is_gone(
    client, completed, department_template, public_base
):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    admin = UserFactory(is_superuser=True, is_staff=True)
    services.certificate_revoke(certificate=certificate, reason="Hồ sơ không hợp lệ", by=admin)
    signature = department_template.signature_image
    signature.renditions.all().delete()
    signature.file.storage.delete(signature.file.name)
    client.force_login(completed.user)
    response = client.get(reverse("certificates:download", kwargs={"serial": certificate.serial}))
    assert response.status_code == 200
    assert "ĐÃ THU HỒI" in pdf_text(b"".join(response.streaming_content))


@pytest.mark.django_db
def test_a_rendition_whose_file_is_gone_is_made_again(completed, department_template, public_base):
    """Media restored without renditions, or a rendition cache shared with another installation."""
    signature = department_template.signature_image
    rendition = signature.get_rendition("max-800x320")
    rendition.file.storage.delete(rendition.file.name)
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    assert len(read_pdf(certificate.pdf.open("rb").read()).pages[0].images) == 3  # signature, seal, QR code
    assert signature.get_rendition("max-800x320").file.storage.exists(rendition.file.name)


@pytest.mark.django_db
def test_a_new_seal_on_the_template_reaches_the_next_pdf_not_the_cached_one(
    completed, department_template, public_base
):
    """The worker keeps encoded template images between PDFs (ADR 0015): after the template's seal changes,
    a regenerated certificate and a newly issued one carry the new seal, never the one encoded before."""
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    assert opaque_colours(certificate.pdf.open("rb").read(), (120, 120)) == {(20, 30, 90), (200, 16, 46)}

    department_template.seal_image = _image((16, 46, 200))
    department_template.save()
    services.certificate_regenerate(certificate=certificate)

    certificate.refresh_from_db()
    assert opaque_colours(certificate.pdf.open("rb").read(), (120, 120)) == {(20, 30, 90), (16, 46, 200)}
