import io

import pytest
from openpyxl import Workbook

from officials.files import COLUMNS

HEADER = [c.header for c in COLUMNS]


def csv_bytes(*rows, header=None) -> bytes:
    """A CSV file (UTF-8 with BOM, as Excel saves it) from rows of {header or key: value}."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header or HEADER)
    keys = {c.key: c.header for c in COLUMNS}
    for row in rows:
        named = {keys.get(k, k): v for k, v in row.items()}
        writer.writerow([named.get(h, "") for h in (header or HEADER)])
    return ("\ufeff" + out.getvalue()).encode()


def xlsx_bytes(*rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    keys = [c.key for c in COLUMNS]
    for row in rows:
        sheet.append([row.get(k, None) for k in keys])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def person(n: int, unit: str = "SXD-PTDT", **extra) -> dict:
    return {
        "full_name": f"Trần Thị Mai {n}",
        "email": f"mai{n}@sxd.tayninh.test",
        "personal_id": f"0721850{n:05d}",
        "unit_code": unit,
        "position": "Chuyên viên",
        **extra,
    }


@pytest.fixture
def admin_user(db):
    from tests.factories import UserFactory

    return UserFactory(is_superuser=True, is_staff=True)
