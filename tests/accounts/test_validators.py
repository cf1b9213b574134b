import pytest
from django.core.exceptions import ValidationError

from accounts.text import fold, nfc
from accounts.validators import normalise_phone, tax_code_check_digit, validate_phone, validate_tax_code


@pytest.mark.parametrize("value", ["0100109106", "0100109106-001", " 0100109106 ", "0301234562"])
def test_validate_tax_code_accepts_valid_codes(value):
    validate_tax_code(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0100109107", "tax_code_check"),
        ("010010910", "tax_code_format"),
        ("01001091060", "tax_code_format"),
        ("0100109106-01", "tax_code_format"),
        ("0100109106-000", "tax_code_branch"),
        ("01001O9106", "tax_code_format"),
        ("", "tax_code_format"),
    ],
)
def test_validate_tax_code_rejects_invalid_codes(value, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_tax_code(value)
    assert excinfo.value.code == code


def test_tax_code_check_digit_follows_official_weights():
    # 0*31 + 1*29 + 0*23 + 0*19 + 1*17 + 0*13 + 9*7 + 1*5 + 0*3 = 114; 114 % 11 = 4; 10 - 4 = 6
    assert tax_code_check_digit("010010910") == 6


def test_tax_code_check_digit_none_when_remainder_is_zero():
    # 1*31 + 1*29 + 1*23 + 0... + 1*5 ... find a prefix whose weighted sum is a multiple of 11
    prefix = next(
        f"{n:09d}"
        for n in range(10**8, 10**8 + 5000)
        if sum(int(d) * w for d, w in zip(f"{n:09d}", (31, 29, 23, 19, 17, 13, 7, 5, 3), strict=True)) % 11
        == 0
    )
    assert tax_code_check_digit(prefix) is None


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84-912-345-678", "0912345678"),
        ("0276.3822.123", "02763822123"),
        ("0389999999", "0389999999"),
    ],
)
def test_phone_valid_numbers_normalise_to_national_form(value, normalised):
    validate_phone(value)
    assert normalise_phone(value) == normalised


@pytest.mark.parametrize("value", ["12345", "0112345678", "09123456789", "+1 202 555 0100", "0912abc678"])
def test_phone_invalid_numbers_rejected(value):
    with pytest.raises(ValidationError):
        validate_phone(value)


def test_nfc_composes_decomposed_vietnamese_and_collapses_spaces():
    decomposed = "Nguye\u0302\u0303n  Thi\u0323"
    assert nfc(decomposed) == "Nguyễn Thị"


def test_fold_strips_accents_and_maps_d_stroke():
    assert fold("Đô thị THÔNG MINH") == "do thi thong minh"
    assert fold("Đào tạo") == "dao tao"
