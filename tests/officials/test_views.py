"""The import screens of the staff area: template, broken file, good file, apply once, background jobs."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import load_workbook

from accounts.models import Notification, User
from officials.models import OfficialImport

from ..auth import sign_in
from ..factories import make_hr_manager, make_official
from .conftest import HEADER, csv_bytes, person

URL = "/quan-ly-dao-tao/nhap-can-bo/"


@pytest.fixture
def hr(tree, client):
    manager = make_hr_manager(tree["sxd"])
    sign_in(client, manager)
    return manager


def _upload(client, data, *, name="can-bo.csv", **extra):
    return client.post(URL, {"upload": SimpleUploadedFile(name, data), **extra})


@pytest.mark.django_db
def test_hr_downloads_both_templates(client, hr):
    page = client.get(URL).content.decode()
    assert "Tải tệp mẫu" in page or "mẫu" in page
    csv_response = client.get(f"{URL}mau.csv")
    assert csv_response["Content-Disposition"].endswith('mau-danh-sach-can-bo.csv"')
    assert csv_response.content.decode("utf-8-sig").strip().split(",") == HEADER
    xlsx_response = client.get(f"{URL}mau.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
    assert client.get(f"{URL}mau.pdf").status_code == 404
    client.logout()
    assert client.get(f"{URL}mau.xlsx").status_code == 302  # to the sign-in page


@pytest.mark.django_db
def test_a_broken_file_shows_each_bad_line_and_changes_nothing(client, hr, tree):
    before = list(User.objects.values_list("email", "is_active"))
    response = _upload(
        client, csv_bytes(person(1), person(2, personal_id="123"), person(3, unit_code="KHCN-CDS"))
    )
    record = OfficialImport.objects.get()
    assert response["Location"] == f"{URL}{record.public_id}/"
    assert record.status == "invalid" and not record.file
    html = client.get(response["Location"]).content.decode()
    assert "Không có thay đổi nào." in html
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số." in html
    assert "Đơn vị KHCN-CDS nằm ngoài phạm vi các đơn vị bạn quản lý." in html
    assert 'action="' + f"{URL}{record.public_id}/ap-dung/" not in html
    assert list(User.objects.values_list("email", "is_active")) == before
    assert client.post(f"{URL}{record.public_id}/ap-dung/").status_code == 302
    assert list(User.objects.values_list("email", "is_active")) == before


@pytest.mark.django_db
def test_a_good_file_is_shown_then_applied_once(
    client, hr, tree, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    leaving = make_official(tree["ptdt"])
    make_official(tree["ptdt"], user__email="mai2@sxd.tayninh.test")
    response = _upload(client, csv_bytes(person(1), person(2)), deactivate_missing="on")
    record = OfficialImport.objects.get()
    assert record.status == "ready"
    with django_assert_max_num_queries(12):
        html = client.get(response["Location"]).content.decode()
    assert "Trần Thị Mai 1" in html and "0721******01" in html
    assert "072185000001" not in html  # masked on the dry run
    assert leaving.user.full_name in html
    assert User.objects.get(pk=leaving.user_id).is_active  # nothing applied yet
    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(f"{URL}{record.public_id}/ap-dung/")
    assert applied.status_code == 302
    record.refresh_from_db()
    assert record.status == "applied" and record.result["create"] == 1 and not record.file
    assert User.objects.filter(email="mai1@sxd.tayninh.test").exists()
    assert not User.objects.get(pk=leaving.user_id).is_active
    result = client.get(response["Location"]).content.decode()
    assert "Kết quả" in result and "Đã tạo" in result
    # A second apply (double click, back button) does nothing.
    client.post(f"{URL}{record.public_id}/ap-dung/")
    assert User.objects.filter(email="mai1@sxd.tayninh.test").count() == 1
    assert Notification.objects.filter(kind="official_invitation").count() == 1


@pytest.mark.django_db
def test_upload_guards(client, hr):
    assert _upload(client, b"x", name="a.pdf").status_code == 400
    with override_settings(LMS_OFFICIALS_IMPORT_MAX_BYTES=10):
        response = _upload(client, csv_bytes(person(1)))
    assert response.status_code == 400
    assert not OfficialImport.objects.exists()


@pytest.mark.django_db
@override_settings(LMS_OFFICIALS_IMPORT_BACKGROUND_BYTES=10)
def test_a_large_file_is_checked_and_applied_by_background_jobs(client, hr, tree):
    response = _upload(client, csv_bytes(person(1), person(2)))
    record = OfficialImport.objects.get()
    assert record.job is not None and record.job.kind == "officials.import"
    assert record.status == "ready"  # the immediate backend of the tests ran the job already
    client.post(f"{URL}{record.public_id}/ap-dung/")
    record.refresh_from_db()
    assert record.status == "applied" and record.job.parameters["apply"] is True
    assert User.objects.filter(email__endswith="@sxd.tayninh.test").count() == 2
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_the_page_shows_the_progress_bar_while_a_job_runs(client, hr):
    from jobs.models import Job

    job = Job.objects.create(kind="officials.import", owner=hr, progress_done=30, progress_total=120)
    record = OfficialImport.objects.create(owner=hr, filename="lon.csv", deactivate_missing=False, job=job)
    html = client.get(f"{URL}{record.public_id}/").content.decode()
    assert '<progress id="import-progress" max="100" value="25">' in html
    assert 'http-equiv="refresh"' in html
