"""Personal data (Law 91/2025/QH15, Decree 356/2025/NĐ-CP): complete export, access log, erasure."""

import datetime
import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts import services as account_services
from accounts.models import ConsentRecord, DeletionRequest, Notification, PersonalDataAccess, Profile, User
from accounts.selectors import user_is_erased
from assessment import services as assessment_services
from assessment.models import AttemptQuestion, QuizAttempt
from certificates import services as certificate_services
from certificates.models import Certificate
from certificates.services import CertificateError
from courses import services as course_services
from courses.models import Enrollment, LessonProgress

from ..auth import sign_in
from ..factories import (
    ProfileFactory,
    make_course,
    make_hr_manager,
    make_lesson,
    make_official,
    make_question,
    make_quiz,
)

JSON_URL = "/tai-khoan/ho-so/du-lieu-cua-toi/"
PAGE_URL = "/tai-khoan/ho-so/du-lieu-ca-nhan/"
REQUEST_URL = "/tai-khoan/ho-so/yeu-cau-xoa/"


@pytest.fixture
def learner_world(catalog, tree, settings, tmp_path):
    """An official with an enrollment, a finished lesson, a graded attempt, a certificate, a notification."""
    settings.MEDIA_ROOT = tmp_path
    course = make_course(catalog, title="Đô thị thông minh", for_officials=True, estimated_hours=4)
    lesson = make_lesson(course, title="Bài mở đầu")
    quiz = make_quiz(course, [make_question()], title="Kiểm tra cuối khóa")
    profile = make_official(tree["ptdt"])
    user = profile.user
    user.full_name = "Trần Văn Bình"
    user.save()
    ConsentRecord.objects.create(user=user, notice_version="2026-07-01", ip_address="203.0.113.9")
    enrollment = course_services.enrollment_create(user=user, course=course)
    course_services.lesson_mark_complete(enrollment=enrollment, lesson=lesson)
    attempt = course_services.quiz_attempt_start(quiz=quiz, user=user)
    row = AttemptQuestion.objects.filter(attempt=attempt).select_related("question").first()
    right = [c.pk for c in row.question.choices.all() if c.fraction > 0]
    assessment_services.quiz_attempt_submit(
        attempt=attempt, answers={row.pk: {"selected": right, "text": "", "matches": {}}}
    )
    Enrollment.objects.filter(pk=enrollment.pk).update(status="completed", completed_at=timezone.now())
    enrollment.refresh_from_db()
    certificate = Certificate.objects.filter(
        enrollment=enrollment
    ).first() or certificate_services.certificate_issue(enrollment=enrollment)
    certificate_services.certificate_file_render(certificate=certificate)  # step two, as the worker does
    Notification.objects.get_or_create(
        user=user, kind="test", key="k", defaults={"subject": "Thư thử nghiệm"}
    )
    hr = make_hr_manager(tree["sxd"])
    return {"user": user, "course": course, "certificate": certificate, "hr": hr, "enrollment": enrollment}


@pytest.mark.django_db
def test_export_holds_every_section_as_json_and_on_the_page(client, learner_world):
    user, hr = learner_world["user"], learner_world["hr"]
    hr_client = sign_in(client.__class__(), hr)
    assert hr_client.get(f"/quan-ly-dao-tao/hoc-vien/{user.public_id}/").status_code == 200

    client.force_login(user)
    data = json.loads(client.get(JSON_URL).content)
    assert data["account"]["full_name"] == "Trần Văn Bình"
    assert data["profile"]["organisation_unit"] == "Phòng Phát triển đô thị"
    assert data["consents"][0]["notice_version"] == "2026-07-01"
    learning = data["learning"]
    assert learning["enrollments"][0]["course"] == "Đô thị thông minh"
    assert learning["lesson_progress"][0]["lesson"] == "Bài mở đầu"
    attempt = learning["quiz_attempts"][0]
    assert attempt["quiz"] == "Kiểm tra cuối khóa" and attempt["percent"] is not None
    assert attempt["answers"][0]["selected"] and attempt["answers"][0]["score"] is not None
    assert data["certificates"][0]["serial"] == learner_world["certificate"].serial
    assert data["notifications"][0]["subject"] == "Thư thử nghiệm"
    assert data["access_log"][0]["by"] == hr.full_name
    assert data["access_log"][0]["action"] == PersonalDataAccess.Action.VIEW_LEARNER

    page = client.get(PAGE_URL)
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        "Bài mở đầu",
        "Kiểm tra cuối khóa",
        learner_world["certificate"].serial,
        "Thư thử nghiệm",
        hr.full_name,
    ):
        assert text in html
    # The page is for a person, not a parser: Vietnamese labels and dates, no codes or ISO timestamps.
    assert "Đã hoàn thành" in html or "Đang học" in html
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", html)
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", html)


@pytest.mark.django_db
def test_hr_reads_are_logged_but_own_reads_are_not(client, learner_world):
    user, hr, certificate = learner_world["user"], learner_world["hr"], learner_world["certificate"]
    sign_in(client, hr)
    assert client.get(f"/quan-ly-dao-tao/hoc-vien/{user.public_id}/").status_code == 200
    assert (
        client.get(f"/quan-ly-dao-tao/xuat-du-lieu/transcript.csv?learner={user.public_id}").status_code
        == 200
    )
    assert client.get(f"/giay-chung-nhan/{certificate.serial}/tai-ve/").status_code == 200
    actions = set(PersonalDataAccess.objects.filter(subject=user, actor=hr).values_list("action", flat=True))
    assert actions == {"view_learner", "export_transcript", "download_certificate"}

    own = client.__class__()
    own.force_login(user)
    assert own.get(f"/giay-chung-nhan/{certificate.serial}/tai-ve/").status_code == 200
    assert PersonalDataAccess.objects.filter(subject=user).count() == 3


@pytest.mark.django_db
def test_purge_access_log_keeps_the_retention_period(settings, tree):
    settings.LMS_ACCESS_LOG_RETENTION_MONTHS = 24
    subject, actor = ProfileFactory().user, make_hr_manager(tree["sxd"])
    old = PersonalDataAccess.objects.create(actor=actor, subject=subject, action="view_learner")
    recent = PersonalDataAccess.objects.create(actor=actor, subject=subject, action="view_learner")
    PersonalDataAccess.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=25 * 31))
    call_command("purge_access_log")
    assert list(PersonalDataAccess.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.django_db
def test_nobody_else_can_open_someones_export(client, learner_world):
    user = learner_world["user"]
    for url in (JSON_URL, PAGE_URL):
        anonymous = client.__class__().get(url)
        assert (
            anonymous.status_code == 302 and "/dang-nhap" in anonymous["Location"]
        ) or "login" in anonymous["Location"]
    other = ProfileFactory().user
    client.force_login(other)
    for url in (JSON_URL, PAGE_URL, f"{JSON_URL}?user={user.pk}", f"{PAGE_URL}?public_id={user.public_id}"):
        body = client.get(url).content.decode()
        assert user.email not in body and "Trần Văn Bình" not in body


@pytest.mark.django_db
def test_deletion_request_page_explains_what_happens_to_each_record(client):
    user = ProfileFactory().user
    client.force_login(user)
    page = client.get(REQUEST_URL).content.decode()
    assert "Giấy chứng nhận" in page or "giấy chứng nhận" in page
    assert client.post(REQUEST_URL, {"confirm": "on"}).status_code == 302
    confirmation = client.get(REQUEST_URL).content.decode()
    assert "đang được xử lý" in confirmation and 'id="erasure-effects"' in confirmation


@pytest.mark.django_db
def test_erasure_end_to_end_leaves_only_what_the_notice_says(staff_admin_client, learner_world):
    user, certificate = learner_world["user"], learner_world["certificate"]
    PersonalDataAccess.objects.create(actor=learner_world["hr"], subject=user, action="view_learner")
    client = Client()
    client.force_login(user)
    assert client.post(REQUEST_URL, {"reason": "Nghỉ hưu", "confirm": "on"}).status_code == 302
    deletion = DeletionRequest.objects.get(user=user)

    url = f"/admin/yeu-cau-xoa-tai-khoan/{deletion.pk}/xu-ly/"
    assert staff_admin_client.get(url).status_code == 200
    assert staff_admin_client.post(url, {"action": "nonsense"}).status_code == 400
    assert staff_admin_client.post(url, {"action": "erase"}).status_code == 302

    user.refresh_from_db()
    assert user_is_erased(user=user)
    assert user.full_name != "Trần Văn Bình" and "Trần" not in user.full_name
    assert user.email.endswith("@erased.invalid") and not user.is_active and not user.has_usable_password()
    assert not Profile.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Notification.objects.filter(user=user).exists()
    assert not PersonalDataAccess.objects.filter(subject=user).exists()
    assert not QuizAttempt.objects.filter(user=user).exists()
    assert not AttemptQuestion.objects.filter(attempt__user=user).exists()
    assert not LessonProgress.objects.filter(enrollment__user=user).exists()
    assert list(Enrollment.objects.filter(user=user)) == [
        learner_world["enrollment"]
    ]  # the certificate rests on it
    kept = Certificate.objects.get(pk=certificate.pk)
    assert kept.learner_name == "Trần Văn Bình" and kept.revoked_at is None
    consent = ConsentRecord.objects.get(user=user)
    assert consent.ip_address is None
    deletion.refresh_from_db()
    assert (
        deletion.status == "done" and deletion.handled_by == staff_admin_client.user and deletion.reason == ""
    )
    assert deletion.outcome["certificates"]["certificates_kept"] == 1
    assert deletion.outcome["learning"]["quiz_attempts"] >= 1

    assert staff_admin_client.post(url, {"action": "erase"}).status_code == 400  # already processed
    assert client.get(PAGE_URL).status_code == 302  # the session no longer signs in
    with pytest.raises(CertificateError):
        certificate_services.certificate_reissue(
            certificate=kept, reason="Sửa tên", by=staff_admin_client.user
        )
    with pytest.raises(account_services.AccountAlreadyErased):
        account_services.account_erase(user=user, processed_by=None)
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_only_administrators_process_deletion_requests(client, tree):
    user = ProfileFactory().user
    deletion = account_services.deletion_request_create(user=user)
    sign_in(client, make_hr_manager(tree["sxd"]))
    response = client.post(f"/admin/yeu-cau-xoa-tai-khoan/{deletion.pk}/xu-ly/", {"action": "erase"})
    assert response.status_code in (302, 403)
    deletion.refresh_from_db()
    user.refresh_from_db()
    assert deletion.status == "pending" and not user_is_erased(user=user)


@pytest.mark.django_db
def test_an_administrator_can_reject_a_request(staff_admin_client):
    user = ProfileFactory().user
    deletion = account_services.deletion_request_create(user=user)
    response = staff_admin_client.post(
        f"/admin/yeu-cau-xoa-tai-khoan/{deletion.pk}/xu-ly/", {"action": "reject"}
    )
    assert response.status_code == 302
    deletion.refresh_from_db()
    assert deletion.status == "rejected" and not user_is_erased(user=user)
    assert staff_admin_client.get("/admin/yeu-cau-xoa-tai-khoan/999999/xu-ly/").status_code == 404
