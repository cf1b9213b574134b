import json
import re

import pytest

from accounts import services
from accounts.models import Audience, DeletionRequest, Profile

from ..auth import sign_in
from ..factories import ProfileFactory, make_official


@pytest.mark.django_db
def test_profile_page_requires_login(client):
    response = client.get("/tai-khoan/ho-so/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_profile_page_shows_own_data_in_vietnamese(client, tree):
    profile = make_official(tree["ptdt"])
    sign_in(client, profile.user)
    html = client.get("/tai-khoan/ho-so/").content.decode()
    assert "Hồ sơ của tôi" in html
    assert profile.user.full_name in html
    assert "Phòng Phát triển đô thị" in html
    assert "Tải dữ liệu của tôi" in html
    assert "Yêu cầu xóa tài khoản" in html


@pytest.mark.django_db
def test_profile_update_corrects_data_and_clears_other_audience_fields(client, tree):
    profile = ProfileFactory(audience=Audience.BUSINESS, enterprise_name="Công ty A", tax_code="0100109106")
    sign_in(client, profile.user)
    response = client.post(
        "/tai-khoan/ho-so/",
        {
            "full_name": "Trần  Văn   Bình",
            "audience": Audience.OFFICIAL,
            "organisation_unit": tree["cds"].pk,
            "position": "Chuyên viên",
            "phone": "0912 345 678",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.user.full_name == "Trần Văn Bình"
    assert profile.audience == Audience.OFFICIAL
    assert profile.organisation_unit == tree["cds"]
    assert (profile.enterprise_name, profile.tax_code) == ("", "")
    assert profile.phone == "0912345678"


@pytest.mark.django_db
def test_profile_update_with_bad_input_changes_nothing(client, tree):
    profile = ProfileFactory(audience=Audience.BUSINESS, enterprise_name="Công ty A", tax_code="0100109106")
    sign_in(client, profile.user)
    response = client.post(
        "/tai-khoan/ho-so/",
        {
            "full_name": "Tên mới",
            "audience": Audience.BUSINESS,
            "enterprise_name": "Công ty B",
            "tax_code": "999",
        },
    )
    assert response.status_code == 200
    assert "tax_code" in response.context["form"].errors
    profile.refresh_from_db()
    assert profile.enterprise_name == "Công ty A"
    assert profile.user.full_name != "Tên mới"


@pytest.mark.django_db
def test_personal_data_download_is_json_of_own_data_only(client, tree):
    mine = make_official(tree["ptdt"])
    other = make_official(tree["ptdt"])
    sign_in(client, mine.user)
    response = client.get("/tai-khoan/ho-so/du-lieu-cua-toi/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == mine.user.email
    assert data["profile"]["organisation_unit"] == "Phòng Phát triển đô thị"
    assert other.user.email not in response.content.decode()


@pytest.mark.django_db
def test_deletion_request_needs_confirmation_and_is_recorded_once(client):
    profile = ProfileFactory()
    sign_in(client, profile.user)
    refused = client.post("/tai-khoan/ho-so/yeu-cau-xoa/", {"reason": "Không dùng nữa"})
    assert refused.status_code == 400
    assert not DeletionRequest.objects.exists()
    for _ in range(2):
        assert (
            client.post(
                "/tai-khoan/ho-so/yeu-cau-xoa/", {"reason": "Không dùng nữa", "confirm": "on"}
            ).status_code
            == 302
        )
    request = DeletionRequest.objects.get()
    assert request.status == DeletionRequest.Status.PENDING
    assert "đang được xử lý" in client.get("/tai-khoan/ho-so/").content.decode()


@pytest.mark.django_db
def test_profile_create_refuses_without_consent(tree):
    from ..factories import UserFactory

    user = UserFactory()
    with pytest.raises(ValueError):
        services.profile_create(
            user=user, full_name="A B", audience=Audience.CITIZEN, values={}, consent=False
        )
    assert not Profile.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_account_email_and_two_factor_pages_use_the_site_badges_and_button_rows(client):
    # allauth's defaults: "Đã xác nhận" and "Chính" in bare <strong> run into each other, the three buttons
    # touching when they wrapped, and the two-factor "Kích hoạt" button as a bulleted list item.
    from allauth.account.models import EmailAddress

    def tags(response):
        return re.sub(r"\s+<", "<", re.sub(r">\s+", ">", response.content.decode()))

    user = ProfileFactory(audience=Audience.CITIZEN).user
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    sign_in(client, user)
    html = tags(client.get("/accounts/email/"))
    assert '<span class="badge badge-completed">Đã xác nhận</span><span class="badge">Chính</span>' in html
    assert '<div class="actions"><button class="button"' in html
    two_factor = tags(client.get("/accounts/2fa/"))
    assert '<div class="actions"><a href="/accounts/2fa/totp/activate/" class="button' in two_factor
    assert '<li><a href="/accounts/2fa/totp/activate/"' not in two_factor
