"""Personal-data requests (Decree 356/2025/NĐ-CP): filed by the person with their deadline, answered by an
administrator through the export, the consent records or the erasure, each once."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from accounts import services
from accounts.models import ConsentRecord, DeletionRequest
from accounts.selectors import personal_data_requests_due

from ..auth import sign_in
from ..factories import UserFactory, make_official


@pytest.fixture
def person(tree):
    official = make_official(tree["ptdt"])
    ConsentRecord.objects.create(user=official.user, notice_version="2026-01")
    return official.user


@pytest.fixture
def admin(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.mark.django_db
@override_settings(
    LMS_PERSONAL_DATA_REQUEST_DAYS={"access": 10, "correction": 10, "deletion": 20, "withdrawal": 15}
)
def test_each_request_gets_its_legal_deadline_and_one_pending_per_kind(person):
    before = timezone.now()
    access = services.personal_data_request_create(user=person, kind="access")
    deletion = services.deletion_request_create(user=person, reason="Nghỉ việc")
    assert access.due_at - before >= datetime.timedelta(days=10)
    assert access.due_at - before < datetime.timedelta(days=10, minutes=1)
    assert deletion.due_at - before >= datetime.timedelta(days=20)
    assert access.acknowledge_by.weekday() < 5 and access.acknowledge_by > before
    assert services.personal_data_request_create(user=person, kind="access") == access
    assert DeletionRequest.objects.filter(user=person).count() == 2


def test_acknowledgement_counts_working_days_only():
    friday = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)
    assert services._add_working_days(friday, 2) == datetime.datetime(2026, 12, 8, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_the_person_files_a_request_and_sees_its_deadline(client, person):
    sign_in(client, person)
    url = "/tai-khoan/ho-so/yeu-cau-du-lieu/"
    refused = client.post(url, {"kind": "correction", "details": ""})
    assert refused.status_code == 400 and "Hãy ghi rõ dữ liệu nào chưa đúng" in refused.content.decode()
    assert not DeletionRequest.objects.exists()
    client.post(url, {"kind": "correction", "details": "Sai chức vụ: Phó trưởng phòng"})
    request = DeletionRequest.objects.get()
    html = client.get(url).content.decode()
    assert "Chỉnh sửa dữ liệu của tôi" in html
    assert timezone.localtime(request.due_at).strftime("%d/%m/%Y") in html


@pytest.mark.django_db
def test_administrators_see_what_is_due_and_overdue(person, admin):
    late = services.personal_data_request_create(user=person, kind="access")
    DeletionRequest.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(days=1))
    services.personal_data_request_create(user=person, kind="withdrawal")
    due = personal_data_requests_due()
    assert (len(due["pending"]), due["overdue"]) == (2, 1)
    assert due["pending"][0].pk == late.pk
    late.refresh_from_db()
    assert (late.is_overdue and late.due_state().startswith("Overdue since")) or "Quá hạn" in late.due_state()


@pytest.mark.django_db
def test_access_is_answered_with_the_export_once(client, person, admin, django_capture_on_commit_callbacks):
    request = services.personal_data_request_create(user=person, kind="access")
    sign_in(client, admin)
    url = f"/admin/yeu-cau-xoa-tai-khoan/{request.pk}/xu-ly/"
    assert "Xem, nhận dữ liệu của tôi" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "answer"})
    request.refresh_from_db()
    assert request.status == "done" and request.handled_by == admin
    assert request.outcome["export"]["consents"] == 1
    assert [m.to for m in mail.outbox] == [[person.email]]
    again = client.post(url, {"action": "answer"})
    assert again.status_code == 400
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_withdrawal_marks_the_consents_withdrawn_and_keeps_them(person, admin):
    request = services.personal_data_request_create(user=person, kind="withdrawal")
    services.personal_data_request_answer(request=request, processed_by=admin)
    consent = ConsentRecord.objects.get(user=person)
    assert consent.withdrawn_at is not None
    assert person.profile.__class__.objects.get(user=person).email_opt_out
    with pytest.raises(services.RequestNotPending):
        services.personal_data_request_answer(request=request, processed_by=admin)


@pytest.mark.django_db
def test_correction_needs_an_answer_and_deletion_goes_through_the_erasure(client, person, admin):
    correction = services.personal_data_request_create(user=person, kind="correction", details="Sai tên")
    with pytest.raises(ValueError):
        services.personal_data_request_answer(request=correction, processed_by=admin)
    services.personal_data_request_answer(request=correction, processed_by=admin, response="Đã sửa họ tên.")
    correction.refresh_from_db()
    assert correction.status == "done" and correction.response == "Đã sửa họ tên."
    deletion = services.deletion_request_create(user=person)
    sign_in(client, admin)
    url = f"/admin/yeu-cau-xoa-tai-khoan/{deletion.pk}/xu-ly/"
    assert client.post(url, {"action": "answer"}).status_code == 400  # a deletion is answered by erasing
    client.post(url, {"action": "erase"})
    deletion.refresh_from_db()
    assert deletion.status == "done" and deletion.outcome["accounts"]["profile"] == 1


@pytest.mark.django_db
def test_only_administrators_answer_and_the_dashboard_shows_the_count(client, person, admin, tree):
    from ..factories import make_hr_manager

    request = services.personal_data_request_create(user=person, kind="access")
    sign_in(client, make_hr_manager(tree["sxd"]))
    assert client.post(
        f"/admin/yeu-cau-xoa-tai-khoan/{request.pk}/xu-ly/", {"action": "answer"}
    ).status_code in (
        302,
        403,
    )
    request.refresh_from_db()
    assert request.status == "pending"
    client.logout()
    sign_in(client, admin)
    html = client.get("/admin/").content.decode()
    assert "Yêu cầu về dữ liệu cá nhân" in html and "1 yêu cầu đang chờ" in html
