"""The personal identification number (số định danh cá nhân): structure check and masking.

The 12 digits are laid out by Circular 59/2021/TT-BCA, Article 7 (as Circular 07/2016/TT-BCA before it):
- digits 1-3: the code of the province or city where the birth was registered (the 63 codes below: the
  province codes of Decision 124/2004/QĐ-TTg with a leading 0; the 34 provinces of 2025 kept codes from this
  list, so numbers issued before and after the merger both pass);
- digit 4: century of birth and sex (0/1: 20th century male/female, 2/3: 21st, 4/5: 22nd, 6/7: 23rd,
  8/9: 24th);
- digits 5-6: the last two digits of the year of birth;
- digits 7-12: a random number.
Only the structure is checked; whether the number was really issued only the national database can tell.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PROVINCE_OF_BIRTH_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Thành phố Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

_DIGITS_RE = re.compile(r"^\d{12}$")


def normalise_personal_id(value: str) -> str:
    """The number without the spaces, dots and hyphens people type between groups of digits."""
    return re.sub(r"[\s.\-]", "", value or "")


def birth_year(value: str) -> int:
    """The year of birth encoded in a (structurally valid) number: century from digit 4, year from 5-6."""
    century = 1900 + 100 * (int(value[3]) // 2)
    return century + int(value[4:6])


def validate_personal_id(value: str, *, today: datetime.date | None = None) -> None:
    """Refuse a number whose structure is wrong, with a message saying which part (Vietnamese in ``vi``)."""
    value = normalise_personal_id(value)
    if not _DIGITS_RE.match(value):
        raise ValidationError(
            _("A personal identification number has exactly 12 digits."), code="personal_id_format"
        )
    if value[:3] not in PROVINCE_OF_BIRTH_CODES:
        raise ValidationError(
            _("The first three digits (%(code)s) are not the code of a province of birth registration."),
            code="personal_id_province",
            params={"code": value[:3]},
        )
    today = today or timezone.localdate()
    year = birth_year(value)
    if year > today.year:
        raise ValidationError(
            _(
                "Digits 4 to 6 (century, sex and year of birth) give the year of birth %(year)s, "
                "which has not come yet."
            ),
            code="personal_id_year",
            params={"year": year},
        )


def mask_personal_id(value: str) -> str:
    """``079012345612`` -> ``0790******12``: enough to tell two people apart, not enough to use."""
    if not value:
        return ""
    return f"{value[:4]}{'*' * max(0, len(value) - 6)}{value[-2:]}"
