"""The official's identification number: structure, uniqueness, masking by role, the personal-data export."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from accounts import services
from accounts.identity import PROVINCE_OF_BIRTH_CODES, birth_year, mask_personal_id, validate_personal_id
from accounts.selectors import personal_id_shown

from ..auth import sign_in
from ..factories import UserFactory, make_hr_manager, make_official

TODAY = datetime.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("value", "year"),
    [("079090001234", 1990), ("072185000001", 1985), ("001203012345", 2003), ("096326999999", 2026)],
)
def test_valid_numbers_pass_and_give_the_year_of_birth(value, year):
    validate_personal_id(value, today=TODAY)
    assert birth_year(value) == year


def test_spaces_and_dots_between_groups_are_ignored():
    validate_personal_id("079 090 001 234", today=TODAY)
    validate_personal_id("079.090.001.234", today=TODAY)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("07909000123", "Số định danh cá nhân phải gồm đúng 12 chữ số."),
        ("0790900012345", "Số định danh cá nhân phải gồm đúng 12 chữ số."),
        ("07909000123A", "Số định danh cá nhân phải gồm đúng 12 chữ số."),
        ("", "Số định danh cá nhân phải gồm đúng 12 chữ số."),
        ("003090001234", "Ba chữ số đầu (003) không phải là mã tỉnh, thành phố nơi đăng ký khai sinh."),
        ("099090001234", "Ba chữ số đầu (099) không phải là mã tỉnh, thành phố nơi đăng ký khai sinh."),
        ("079230001234", "năm sinh 2030"),
        ("079490001234", "năm sinh 2190"),
    ],
)
def test_bad_numbers_are_refused_with_a_vietnamese_reason(value, message):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        validate_personal_id(value, today=TODAY)
    assert message in error.value.messages[0]


def test_the_province_list_is_the_63_codes():
    assert len(PROVINCE_OF_BIRTH_CODES) == 63
    assert PROVINCE_OF_BIRTH_CODES["072"] == "Tây Ninh"
    assert PROVINCE_OF_BIRTH_CODES["080"] == "Long An"


def test_mask_keeps_four_first_and_two_last_digits():
    assert mask_personal_id("079012345612") == "0790******12"
    assert mask_personal_id("") == ""


@pytest.mark.django_db
def test_the_number_is_unique_when_set_but_many_may_have_none(tree):
    make_official(tree["ptdt"], personal_id="079090001234")
    make_official(tree["ptdt"])
    make_official(tree["cds"])  # two without a number: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        make_official(tree["cds"], personal_id="079090001234")


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_uniqueness_is_a_database_constraint_on_postgresql(tree):
    from django.db import connection

    make_official(tree["ptdt"], personal_id="079090001234")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'uniq_profile_personal_id'",
        )
        (definition,) = cursor.fetchone()
    assert "UNIQUE" in definition and "personal_id" in definition
    with pytest.raises(IntegrityError), transaction.atomic():
        make_official(tree["cds"], personal_id="079090001234")


@pytest.mark.django_db
def test_who_sees_the_whole_number(tree):
    official = make_official(tree["ptdt"], personal_id="079090001234")
    whole, masked = "079090001234", "0790******34"
    assert personal_id_shown(profile=official, viewer=official.user) == whole
    assert personal_id_shown(profile=official, viewer=make_hr_manager(tree["sxd"])) == whole
    assert personal_id_shown(profile=official, viewer=UserFactory(is_superuser=True)) == whole
    assert personal_id_shown(profile=official, viewer=make_hr_manager(tree["khcn"])) == masked
    assert personal_id_shown(profile=official, viewer=make_official(tree["ptdt"]).user) == masked
    assert personal_id_shown(profile=official, viewer=UserFactory()) == masked


@pytest.mark.django_db
def test_hr_in_scope_sees_the_number_on_the_learner_page_and_it_is_not_in_the_url(client, tree):
    official = make_official(
        tree["ptdt"], personal_id="079090001234", rank="Chuyên viên chính", job_position="Quản lý đô thị"
    )
    hr = make_hr_manager(tree["sxd"])
    sign_in(client, hr)
    url = f"/quan-ly-dao-tao/hoc-vien/{official.user.public_id}/"
    html = client.get(url).content.decode()
    assert "079090001234" in html
    assert "Chuyên viên chính" in html and "Quản lý đô thị" in html
    assert "079090001234" not in url


@pytest.mark.django_db
def test_the_person_sees_the_whole_number_on_the_profile_and_in_the_export(client, tree):
    official = make_official(tree["ptdt"], personal_id="079090001234", rank="Chuyên viên")
    sign_in(client, official.user)
    assert "079090001234" in client.get("/tai-khoan/ho-so/").content.decode()
    assert "079090001234" in client.get("/tai-khoan/ho-so/du-lieu-ca-nhan/").content.decode()
    data = json.loads(client.get("/tai-khoan/ho-so/du-lieu-cua-toi/").content)
    assert data["profile"]["personal_id"] == "079090001234"
    assert data["profile"]["rank"] == "Chuyên viên"


@pytest.mark.django_db
def test_saving_the_own_profile_keeps_what_hr_recorded(client, tree):
    official = make_official(tree["ptdt"], personal_id="079090001234", staff_code="SXD-001")
    services.profile_update(
        profile=official,
        full_name="Nguyễn Văn An",
        audience="official",
        values={"organisation_unit": tree["ptdt"], "position": "Chuyên viên", "rank": "Chuyên viên chính"},
    )
    official.refresh_from_db()
    assert (official.personal_id, official.staff_code, official.rank) == (
        "079090001234",
        "SXD-001",
        "Chuyên viên chính",
    )
    services.profile_update(profile=official, full_name="Nguyễn Văn An", audience="citizen", values={})
    official.refresh_from_db()
    assert official.personal_id == "" and official.staff_code == ""
