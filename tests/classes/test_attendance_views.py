"""Trainer screens and learner check-in pages: who may, the bulk roster with its audit trail, the sign-in
sheet read back from the PDF, the check-in screen's JSON, and bounded queries."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from classes import attendance
from classes.models import Attendance, AttendanceChange
from courses.models import Enrollment

from ..auth import sign_in
from ..factories import UserFactory, make_hr_manager
from .attendance_world import make_attendance_class


@pytest.fixture
def world(catalog, tree):
    return make_attendance_class(catalog, tree["ptdt"])


def _roster_url(session):
    return reverse("class_staff:roster", kwargs={"session_id": session.pk})


def test_trainer_marks_the_whole_roster_at_once_with_an_audit_trail(client, world):
    _training_class, session, trainer, members = world
    sign_in(client, trainer)
    data = {
        f"status-{members[0].pk}": "present",
        f"status-{members[1].pk}": "late",
        f"status-{members[2].pk}": "excused",
        f"reason-{members[2].pk}": "Đi công tác theo quyết định số 12/QĐ",
    }
    response = client.post(_roster_url(session), data)
    assert response.status_code == 302
    marks = dict(Attendance.objects.filter(session=session).values_list("member_id", "status"))
    assert marks == {members[0].pk: "present", members[1].pk: "late", members[2].pk: "excused"}
    assert AttendanceChange.objects.filter(attendance__session=session, changed_by=trainer).count() == 3

    # A later correction: late -> absent; the others unchanged write nothing.
    data[f"status-{members[1].pk}"] = "absent"
    client.post(_roster_url(session), data)
    change = AttendanceChange.objects.filter(attendance__member=members[1]).order_by("-pk").first()
    assert (change.from_status, change.to_status, change.changed_by) == ("late", "absent", trainer)
    assert AttendanceChange.objects.count() == 4
    page = client.get(_roster_url(session)).content.decode()
    assert "Đi công tác theo quyết định số 12/QĐ" in page
    assert "Lịch sử thay đổi" in page


def test_excused_without_reason_saves_nothing_and_says_why(client, world):
    _class, session, trainer, members = world
    sign_in(client, trainer)
    response = client.post(
        _roster_url(session),
        {f"status-{members[0].pk}": "present", f"status-{members[1].pk}": "excused"},
    )
    assert response.status_code == 400
    assert "ghi lý do vắng có phép" in response.content.decode()
    assert not Attendance.objects.exists()


def test_roster_refuses_a_member_of_another_class(client, world, catalog, tree):
    _class, session, trainer, _members = world
    _other, _other_session, _t, other_members = make_attendance_class(catalog, tree["ptdt"], code="LBD-09")
    sign_in(client, trainer)
    response = client.post(_roster_url(session), {f"status-{other_members[0].pk}": "present"})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_attendance_completes_the_course_when_the_rule_is_met(client, world):
    _class, session, trainer, members = world
    enrollment = members[0].enrollment
    from courses import services as course_services

    for lesson in enrollment.course.get_children().specific():
        course_services.lesson_mark_complete(enrollment=enrollment, lesson=lesson)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE  # the one session is not attended yet
    sign_in(client, trainer)
    client.post(_roster_url(session), {f"status-{members[0].pk}": "present"})
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED


def test_learners_hr_and_other_trainers_cannot_reach_the_trainer_screens(client, world, tree):
    training_class, session, _trainer, members = world
    other_trainer = UserFactory()
    urls = [
        reverse("class_staff:detail", kwargs={"class_id": training_class.pk}),
        _roster_url(session),
        reverse("class_staff:checkin_screen", kwargs={"session_id": session.pk}),
        reverse("class_staff:checkin_state", kwargs={"session_id": session.pk}),
        reverse("class_staff:sign_in_sheet", kwargs={"session_id": session.pk}),
    ]
    for user in (members[0].user, make_hr_manager(tree["ptdt"]), other_trainer):
        sign_in(client, user)
        for url in urls:
            assert client.get(url).status_code == 404, url
        client.post(_roster_url(session), {f"status-{members[0].pk}": "present"})
    client.logout()
    assert client.get(urls[0]).status_code == 302
    assert not Attendance.objects.exists()


def test_sign_in_sheet_pdf_lists_the_roster_with_embedded_fonts(client, world):
    training_class, session, trainer, members = world
    sign_in(client, trainer)
    response = client.get(reverse("class_staff:sign_in_sheet", kwargs={"session_id": session.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "DANH SÁCH HỌC VIÊN KÝ TÊN" in text
    assert training_class.name in text and "Buổi 1: Tổng quan" in text
    assert timezone.localtime(session.starts_at).strftime("%d/%m/%Y") in text
    assert "Phòng họp LBD-01" in text
    for heading in ("STT", "Họ và tên", "Cơ quan, đơn vị", "Chức vụ", "Ký tên"):
        assert heading in text
    for member in members:
        assert member.user.full_name in text
    assert "Chuyên viên" in text
    fonts = reader.pages[0]["/Resources"]["/Font"].values()
    for font in fonts:
        for descendant in font.get_object().get("/DescendantFonts", [font]):
            descriptor = descendant.get_object()["/FontDescriptor"].get_object()
            assert descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            assert "Sheet-Sans" in descendant.get_object()["/BaseFont"]


def test_checkin_screen_and_its_json_show_a_current_code(client, world):
    _class, session, trainer, members = world
    sign_in(client, trainer)
    page = client.get(reverse("class_staff:checkin_screen", kwargs={"session_id": session.pk}))
    html = page.content.decode()
    assert 'http-equiv="refresh"' in html and "js/checkin.js" in html
    state = client.get(reverse("class_staff:checkin_state", kwargs={"session_id": session.pk})).json()
    assert re.fullmatch(r"\d{6}", state["code"])
    assert state["qr"].startswith("data:image/svg+xml")
    assert (state["registered"], state["present"], state["late"]) == (3, 0, 0)
    assert 1 <= state["refresh_in"] <= 30
    token = state["url"].split("?ma=", 1)[1]
    attendance.checkin_token_check(token=token, session=session)  # raises if not a current token
    # The learner types the code shown.
    sign_in(client, members[0].user)
    response = client.post(reverse("checkin:code"), {"ma": state["code"]})
    assert response.status_code == 200
    assert "Bạn được ghi nhận có mặt." in response.content.decode()
    assert Attendance.objects.get(member=members[0]).method == "code"


def test_wrong_codes_are_rate_limited(client, world, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "lms_checkin_code": "2/10m/user"}
    _class, session, _trainer, members = world
    sign_in(client, members[0].user)
    for _ in range(2):
        response = client.post(reverse("checkin:code"), {"ma": "000000"})
        assert response.status_code == 400
    code = attendance.checkin_code(session=session, slot=attendance.checkin_slot())
    response = client.post(reverse("checkin:code"), {"ma": code})
    assert "quá nhiều lần" in response.content.decode()
    assert not Attendance.objects.exists()


def test_scan_without_token_or_with_a_bad_one_explains_in_vietnamese(client, world):
    _class, session, _trainer, members = world
    sign_in(client, members[0].user)
    url = reverse("checkin:scan", kwargs={"session_id": session.pk})
    assert "không đầy đủ" in client.get(url).content.decode()
    response = client.get(url + "?ma=abc:def")
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()
    assert not Attendance.objects.exists()


def test_trainer_pages_have_bounded_queries(client, catalog, tree, django_assert_max_num_queries):
    from ..factories import make_official
    from .attendance_world import register

    training_class, session, trainer, _members = make_attendance_class(catalog, tree["ptdt"], learners=2)
    sign_in(client, trainer)
    urls = [
        reverse("class_staff:detail", kwargs={"class_id": training_class.pk}),
        _roster_url(session),
        reverse("class_staff:checkin_state", kwargs={"session_id": session.pk}),
        reverse("class_staff:list"),
    ]
    baseline = {}
    for url in urls:
        client.get(url)  # warm caches
        with django_assert_max_num_queries(60) as captured:
            client.get(url)
        baseline[url] = len(captured)
    for _ in range(15):
        member = register(training_class, make_official(tree["ptdt"]).user)
        attendance.attendance_bulk_record(
            session=session, marks=[attendance.Mark(member_id=member.pk, status="present")], by=trainer
        )
    for url in urls:
        with django_assert_max_num_queries(baseline[url]) as captured:
            client.get(url)


def test_a_check_in_costs_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    _class, session, _trainer, members = world
    url = reverse("checkin:scan", kwargs={"session_id": session.pk})
    sign_in(client, members[1].user)
    client.get(url + "?ma=" + attendance.checkin_token(session=session))  # warm caches (site, menus)
    sign_in(client, members[0].user)
    # About 20 today: session, user and roles, the seat, the mark and its audit row, the completion re-check.
    with django_assert_max_num_queries(30):
        response = client.get(url + "?ma=" + attendance.checkin_token(session=session))
    assert "Bạn được ghi nhận có mặt." in response.content.decode()


def test_the_staff_area_root_leads_a_trainer_to_their_classes_and_refuses_a_learner(client, world):
    """/quan-ly-dao-tao/ is the HR dashboard; a trainer reaching it (a bookmark, the address bar) is sent to
    the class screens they may use, and a learner is still refused."""
    _class, _session, trainer, members = world
    sign_in(client, trainer)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("class_staff:list")
    client.logout()
    sign_in(client, members[0].user)
    assert client.get(reverse("reports:dashboard")).status_code == 403
