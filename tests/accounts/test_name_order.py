"""Names sort the Vietnamese way: given name, family name, middle names; Đ after D; tones after letters."""

import csv
import importlib
import io

import openpyxl
import pytest
from django.apps import apps

from accounts.models import User
from accounts.text import name_sort_key
from courses.services import enrollment_create

from ..auth import sign_in
from ..factories import make_course, make_hr_manager, make_official

FOUR = ["Đặng Văn An", "Dương Thị Bình", "Nguyễn Đức Anh", "Lê Văn Ánh"]


def test_given_name_first_then_family_then_middle():
    assert sorted(FOUR, key=name_sort_key) == [
        "Đặng Văn An",  # An
        "Nguyễn Đức Anh",  # Anh, level tone
        "Lê Văn Ánh",  # Ánh: same letters as Anh, the tone decides
        "Dương Thị Bình",
    ]
    # Same given name: the family name decides, then the middle names.
    assert sorted(["Trần Văn An", "Lê Văn An", "Lê Thị An"], key=name_sort_key) == [
        "Lê Thị An",
        "Lê Văn An",
        "Trần Văn An",
    ]


def test_vietnamese_alphabet_and_tone_order():
    # Đ after every D, Ư after U, Ơ and Ô after O, Ă and Â after A.
    assert sorted(["Đỗ An", "Dư An", "Dương An"], key=name_sort_key) == ["Dư An", "Dương An", "Đỗ An"]
    assert sorted(["A Ư", "A Uy", "A Vân"], key=name_sort_key) == ["A Uy", "A Ư", "A Vân"]
    assert sorted(["A Ơn", "A Ôn", "A On"], key=name_sort_key) == ["A On", "A Ôn", "A Ơn"]
    assert sorted(["A Ân", "A Ăn", "A An"], key=name_sort_key) == ["A An", "A Ăn", "A Ân"]
    # Tones: ngang, huyền, hỏi, ngã, sắc, nặng.
    tones = ["A Ma", "A Mà", "A Mả", "A Mã", "A Má", "A Mạ"]
    assert sorted(["A Má", "A Ma", "A Mạ", "A Mã", "A Mà", "A Mả"], key=name_sort_key) == tones
    # Letters decide before tones anywhere in the word: "Ánh" before "Anhi".
    assert name_sort_key("A Ánh") < name_sort_key("A Anhi")


def test_key_ignores_case_spacing_and_decomposed_input():
    composed = name_sort_key("Nguyễn Thị Ánh")
    assert name_sort_key("  NGUYỄN   thị   ánh ") == composed
    assert name_sort_key("Nguye\u0302\u0303n Thi\u0323 A\u0301nh") == composed
    assert name_sort_key("") == ""
    assert composed.isdigit()  # every database collation orders digits the same way


@pytest.mark.django_db
def test_key_follows_the_name_on_every_save():
    user = User.objects.create_user(email="ten@example.test", full_name="Lê Văn Ánh")
    assert user.name_sort_key == name_sort_key("Lê Văn Ánh")
    user.full_name = "Đặng Văn An"
    user.save(update_fields=["full_name"])
    user.refresh_from_db()
    assert user.name_sort_key == name_sort_key("Đặng Văn An")


@pytest.mark.django_db
def test_data_migration_fills_existing_users():
    user = User.objects.create_user(email="cu@example.test", full_name="Dương Thị Bình")
    User.objects.filter(pk=user.pk).update(name_sort_key="")
    migration = importlib.import_module("accounts.migrations.0008_user_name_sort_key_fill")
    migration.fill(apps, None)
    user.refresh_from_db()
    assert user.name_sort_key == name_sort_key("Dương Thị Bình")


@pytest.fixture
def four_learners(tree, catalog, with_totp, client):
    course = make_course(catalog, title="Đô thị thông minh", for_officials=True)
    for name in reversed(FOUR):
        learner = make_official(tree["ptdt"], user__full_name=name).user
        enrollment_create(user=learner, course=course)
    sign_in(client, with_totp(make_hr_manager(tree["sxd"])))
    return client


EXPECTED = ["Đặng Văn An", "Nguyễn Đức Anh", "Lê Văn Ánh", "Dương Thị Bình"]


def _in_order(text: str) -> list[str]:
    return sorted(FOUR, key=text.index)


@pytest.mark.django_db
def test_hr_learner_list_and_exports_sort_names_the_vietnamese_way(four_learners):
    client = four_learners
    assert _in_order(client.get("/quan-ly-dao-tao/hoc-vien/").content.decode()) == EXPECTED
    body = b"".join(client.get("/quan-ly-dao-tao/xuat-du-lieu/learners.csv").streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == EXPECTED
    body = b"".join(client.get("/quan-ly-dao-tao/xuat-du-lieu/learners.xlsx").streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == EXPECTED
    # The enrollment export (written by COPY on PostgreSQL) orders by unit, then by the same key.
    body = b"".join(client.get("/quan-ly-dao-tao/xuat-du-lieu/enrollments.csv").streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == EXPECTED
