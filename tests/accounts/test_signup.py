import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import Audience, ConsentRecord, Profile, User

from ..factories import UserFactory

SIGNUP_URL = "/accounts/signup/"
PASSWORD = "Mat-khau-an-toan-2026"


def signup_data(**overrides):
    data = {
        "email": "nguyen.thi.anh.tuyet@example.test",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "full_name": "Nguyễn Thị Ánh Tuyết",
        "audience": Audience.CITIZEN,
        "phone": "",
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def assert_nothing_saved():
    assert User.objects.count() == 0
    assert Profile.objects.count() == 0
    assert ConsentRecord.objects.count() == 0


@pytest.mark.django_db
def test_signup_official_creates_user_profile_and_consent(client, tree, settings):
    response = client.post(
        SIGNUP_URL,
        signup_data(
            audience=Audience.OFFICIAL,
            organisation_unit=tree["ptdt"].pk,
            position="Chuyên viên",
            phone="+84 912 345 678",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.full_name == "Nguyễn Thị Ánh Tuyết"
    assert not user.is_staff
    profile = user.profile
    assert profile.audience == Audience.OFFICIAL
    assert profile.organisation_unit == tree["ptdt"]
    assert profile.position == "Chuyên viên"
    assert profile.phone == "0912345678"
    consent = ConsentRecord.objects.get(user=user)
    assert consent.notice_version == settings.LMS_PRIVACY_NOTICE_VERSION
    assert consent.given_at is not None
    # Mandatory verification: one email with a confirmation link, address still unverified.
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert re.search(r"/accounts/confirm-email/\S+/", mail.outbox[0].body)


@pytest.mark.django_db
def test_signup_citizen_needs_only_name_and_commune_is_optional(client, tree):
    # The commune is the place's official code (Phường Tân Ninh), not the People's Committee unit.
    response = client.post(SIGNUP_URL, signup_data(commune="25459"))
    assert response.status_code == 302
    profile = Profile.objects.get()
    assert profile.audience == Audience.CITIZEN
    assert profile.commune_code == "25459"
    assert profile.commune_name == "Phường Tân Ninh"
    assert profile.organisation_unit is None


@pytest.mark.django_db
def test_signup_business_stores_enterprise_and_tax_code(client, tree):
    response = client.post(
        SIGNUP_URL,
        signup_data(
            audience=Audience.BUSINESS,
            enterprise_name="Công ty TNHH Xanh",
            tax_code="0100109106-001",
            # Fields of another audience are ignored, never stored.
            position="Giám đốc",
            organisation_unit=tree["sxd"].pk,
        ),
    )
    assert response.status_code == 302
    profile = Profile.objects.get()
    assert (profile.enterprise_name, profile.tax_code) == ("Công ty TNHH Xanh", "0100109106-001")
    assert profile.position == ""
    assert profile.organisation_unit is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"audience": Audience.OFFICIAL, "position": "Chuyên viên"},
            "organisation_unit",
            "Vui lòng chọn cơ quan, đơn vị",
        ),
        ({"audience": Audience.OFFICIAL, "organisation_unit": "UNIT"}, "position", "Vui lòng nhập chức vụ"),
        (
            {"audience": Audience.OFFICIAL, "organisation_unit": 999999, "position": "x"},
            "organisation_unit",
            "lựa chọn hợp lệ",
        ),
        (
            {"audience": Audience.BUSINESS, "enterprise_name": "Công ty A", "tax_code": "0100109107"},
            "tax_code",
            "chữ số kiểm tra",
        ),
        (
            {"audience": Audience.BUSINESS, "enterprise_name": "Công ty A", "tax_code": "12345"},
            "tax_code",
            "10 chữ số",
        ),
        (
            {"audience": Audience.BUSINESS, "tax_code": "0100109106"},
            "enterprise_name",
            "Vui lòng nhập tên doanh nghiệp",
        ),
        ({"audience": Audience.BUSINESS, "enterprise_name": "Công ty A"}, "tax_code", "mã số thuế"),
        ({"consent": None}, "consent", "đồng ý cho phép xử lý dữ liệu cá nhân"),
        ({"phone": "12345"}, "phone", "số điện thoại Việt Nam"),
        ({"full_name": " "}, "full_name", "Trường này là bắt buộc"),
        ({"audience": "alien"}, "audience", "lựa chọn hợp lệ"),
        ({"email": "not-an-email"}, "email", "địa chỉ email hợp lệ"),
        ({"password2": "something-else-2026"}, "password2", "mật khẩu"),
    ],
)
def test_signup_bad_input_shows_vietnamese_error_and_saves_nothing(client, tree, overrides, field, message):
    if overrides.get("organisation_unit") == "UNIT":
        overrides["organisation_unit"] = tree["ptdt"].pk
        overrides["position"] = ""
    response = client.post(SIGNUP_URL, signup_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message.lower() in " ".join(form.errors[field]).lower()
    html = response.content.decode()
    assert 'role="alert"' in html  # the error summary is announced
    assert_nothing_saved()
    assert mail.outbox == []


@pytest.mark.django_db
def test_signup_keeps_what_the_user_typed_after_an_error(client, tree):
    response = client.post(
        SIGNUP_URL,
        signup_data(audience=Audience.BUSINESS, enterprise_name="Công ty Cổ phần Ánh Dương", tax_code="1"),
    )
    html = response.content.decode()
    assert 'value="Công ty Cổ phần Ánh Dương"' in html
    assert 'value="Nguyễn Thị Ánh Tuyết"' in html


@pytest.mark.django_db
def test_signup_duplicate_email_saves_nothing_and_does_not_reveal_the_account(client, tree):
    existing = UserFactory(email="nguyen.thi.anh.tuyet@example.test")
    response = client.post(SIGNUP_URL, signup_data(email="Nguyen.Thi.Anh.Tuyet@example.test"))
    # The same "check your inbox" answer as a new signup, so nobody learns the address is taken ...
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    assert not Profile.objects.exists()
    # ... while the owner is told someone tried to sign up with their address.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [existing.email]


@pytest.mark.django_db
def test_signup_form_is_in_vietnamese_and_consent_is_not_pre_ticked(client, tree):
    response = client.get(SIGNUP_URL)
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Họ và tên" in html
    assert "Cán bộ, công chức, viên chức" in html
    assert "Mã số thuế" in html
    consent = re.search(r"<input[^>]*name=\"consent\"[^>]*>", html).group(0)
    assert "checked" not in consent
    # Units are listed in tree order, indented.
    assert html.index("Sở Xây dựng") < html.index("— — Phòng Phát triển đô thị")


@pytest.mark.django_db
def test_signup_normalises_decomposed_unicode_name(client, tree):
    client.post(SIGNUP_URL, signup_data(full_name="Nguye\u0302\u0303n Thi\u0323 A\u0301nh Tuye\u0302\u0301t"))
    assert User.objects.get().full_name == "Nguyễn Thị Ánh Tuyết"
