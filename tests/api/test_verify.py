"""The public JSON verification of a certificate: what the verification page shows, nothing more."""

import pytest
from django.utils import timezone

from certificates import services as certificate_services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHOWN = {
    "serial",
    "status",
    "status_label",
    "learner_name",
    "course_title",
    "class_statement",
    "completed_on",
    "issuer_name",
    "issued_at",
    "expires_on",
    "revoked_at",
    "revoked_reason",
    "replaced_by",
    "pdf_url",
}


@pytest.fixture
def certificate(completed_enrollment):
    certificate = certificate_services.certificate_issue(enrollment=completed_enrollment)
    certificate_services.certificate_file_render(certificate=certificate)
    return certificate


def test_valid_certificate_shows_what_the_page_shows(client, certificate):
    response = client.get(f"/api/v1/verify/{certificate.verification_code}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == SHOWN
    assert body["serial"] == certificate.serial and body["status"] == "valid"
    assert body["status_label"] == "Còn hiệu lực"
    assert body["learner_name"] == "Trần Văn Bình"
    assert body["revoked_reason"] is None
    assert body["pdf_url"].endswith(f"/tra-cuu-chung-nhan/{certificate.verification_code}/pdf/")
    page = client.get(f"/tra-cuu-chung-nhan/{certificate.verification_code}/").content.decode()
    for key in ("serial", "learner_name", "course_title", "issuer_name"):
        assert body[key] in page
    text = response.content.decode()
    # Nothing the page does not show: no e-mail, no account id, no score.
    assert certificate.user.email not in text and str(certificate.user.public_id) not in text
    assert "score" not in text


def test_revoked_certificate_shows_the_reason_and_no_pdf(client, certificate):
    certificate_services.certificate_revoke(
        certificate=certificate, reason="Cấp nhầm người", by=UserFactory(is_superuser=True)
    )
    body = client.get(f"/api/v1/verify/{certificate.verification_code}").json()
    assert body["status"] == "revoked" and body["revoked_reason"] == "Cấp nhầm người"
    assert body["pdf_url"] is None and body["revoked_at"] <= timezone.now().isoformat()


def test_unknown_code_is_a_json_404_in_vietnamese(client, db):
    response = client.get("/api/v1/verify/khong-co-ma-nay")
    assert response.status_code == 404
    assert response.json()["detail"] == "Mã tra cứu này không khớp với giấy chứng nhận nào."


def test_verification_is_rate_limited_per_address(client, certificate, settings):
    settings.LMS_API_VERIFY_RATE_PER_MINUTE = 2
    url = f"/api/v1/verify/{certificate.verification_code}"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert int(client.get(url)["Retry-After"]) >= 1
