import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from accounts.models import Profile
from courses import services
from courses.models import Assignment, Enrollment
from courses.services import LearningError

from ..auth import sign_in
from ..factories import make_course, make_hr_manager, make_official


@pytest.fixture
def setup(catalog, tree, with_totp):
    course = make_course(catalog, title="Giao cho đơn vị", for_officials=True, enrollment_mode="assigned")
    hr = with_totp(make_hr_manager(tree["sxd"]))
    inside = [make_official(tree["sxd"], staff_code="SXD-1"), make_official(tree["ptdt"], staff_code="SXD-2")]
    outside = make_official(tree["cds"], staff_code="KHCN-1")
    return {"course": course, "hr": hr, "inside": inside, "outside": outside, "tree": tree}


def in_days(days):
    return timezone.now() + datetime.timedelta(days=days)


@pytest.mark.django_db
def test_assign_to_unit_with_descendants_enrolls_its_officials_once(setup):
    _assignment, count = services.course_assign(
        course=setup["course"], by=setup["hr"], due_at=in_days(30), unit=setup["tree"]["sxd"]
    )
    assert count == 2
    enrollments = Enrollment.objects.filter(course=setup["course"])
    assert {e.user_id for e in enrollments} == {p.user_id for p in setup["inside"]}
    assert all(e.source == "assigned" and e.status == "active" and e.due_at for e in enrollments)
    services.course_assign(
        course=setup["course"], by=setup["hr"], due_at=in_days(20), unit=setup["tree"]["sxd"]
    )
    assert Enrollment.objects.filter(course=setup["course"]).count() == 2
    assert (
        Enrollment.objects.filter(course=setup["course"], due_at__lt=in_days(25)).count() == 2
    )  # earliest wins


@pytest.mark.django_db
def test_assign_without_descendants_and_refusals(setup):
    services.course_assign(
        course=setup["course"],
        by=setup["hr"],
        due_at=in_days(5),
        unit=setup["tree"]["sxd"],
        include_descendants=False,
    )
    assert Enrollment.objects.filter(course=setup["course"]).count() == 1
    with pytest.raises(LearningError):
        services.course_assign(
            course=setup["course"], by=setup["hr"], due_at=in_days(5), unit=setup["tree"]["khcn"]
        )
    with pytest.raises(LearningError):
        services.course_assign(
            course=setup["course"], by=setup["hr"], due_at=in_days(-1), unit=setup["tree"]["sxd"]
        )
    with pytest.raises(LearningError):
        services.course_assign(
            course=setup["course"], by=setup["hr"], due_at=in_days(5), users=[setup["outside"].user]
        )
    assert Assignment.objects.count() == 1


@pytest.mark.django_db
def test_officials_who_join_the_unit_later_are_enrolled_until_the_due_date(setup):
    services.course_assign(
        course=setup["course"], by=setup["hr"], due_at=in_days(30), unit=setup["tree"]["sxd"]
    )
    mover = setup["outside"]
    mover.organisation_unit = setup["tree"]["ptdt"]
    mover.save()
    assert Enrollment.objects.filter(user=mover.user, course=setup["course"], source="assigned").exists()
    Assignment.objects.update(due_at=in_days(-1))
    late = make_official(setup["tree"]["khcn"])
    late.organisation_unit = setup["tree"]["sxd"]
    late.save()
    assert not Enrollment.objects.filter(user=late.user, course=setup["course"]).exists()


@pytest.mark.django_db
def test_assign_page_by_list_and_file_reports_bad_lines_and_changes_nothing(client, setup):
    sign_in(client, setup["hr"])
    base = {"course": setup["course"].pk, "due_date": in_days(10).strftime("%d/%m/%Y")}
    bad = client.post(
        "/quan-ly-dao-tao/giao-khoa-hoc/", {**base, "learners": "SXD-1\nkhong-co@example.test\nKHCN-1"}
    )
    html = bad.content.decode()
    assert bad.status_code == 200 and "Dòng 2" in html and "Dòng 3" in html
    assert not Enrollment.objects.exists()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Email"])
    for profile in setup["inside"]:
        sheet.append([profile.user.email.upper()])
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    data.name = "danh-sach.xlsx"
    good = client.post("/quan-ly-dao-tao/giao-khoa-hoc/", {**base, "upload": data})
    assert good.status_code == 302
    assert Enrollment.objects.filter(course=setup["course"], source="assigned").count() == 2


@pytest.mark.django_db
def test_assigned_courses_come_first_on_the_dashboard_with_overdue_marked(client, setup):
    learner = setup["inside"][0].user
    other = make_course(setup["course"].get_parent().specific, title="Tự học", for_officials=True)
    services.enrollment_create(user=learner, course=other)
    services.course_assign(course=setup["course"], by=setup["hr"], due_at=in_days(3), users=[learner])
    Enrollment.objects.filter(user=learner, course=setup["course"]).update(due_at=in_days(-2))
    sign_in(client, learner)
    html = client.get("/hoc-tap/").content.decode()
    assert html.index("Giao cho đơn vị") < html.index("Tự học")
    assert "Quá hạn" in html and "Được giao" in html


@pytest.mark.django_db
def test_learners_cannot_assign(client, setup):
    sign_in(client, setup["inside"][0].user)
    assert client.get("/quan-ly-dao-tao/giao-khoa-hoc/").status_code == 403
    assert Profile.objects.count() == 3
