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
from ..factories import make_course, make_hr_manager, make_official, with_damaged_sheet


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
    preview = client.post("/quan-ly-dao-tao/giao-khoa-hoc/", {**base, "upload": data})
    assert preview.status_code == 200 and not Enrollment.objects.exists()
    # The confirmation carries the file's learners as emails (the file is not sent twice).
    fields = preview.context["fields"]
    assert set(fields["learners"].split("\n")) == {p.user.email for p in setup["inside"]}
    good = client.post("/quan-ly-dao-tao/giao-khoa-hoc/", {**fields, "action": "confirm"})
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


def _assign_form(setup, **extra):
    return {
        "course": setup["course"].pk,
        "due_date": in_days(10).date().isoformat(),
        "unit": setup["tree"]["sxd"].pk,
        "include_descendants": "on",
        **extra,
    }


@pytest.mark.django_db
def test_assign_preview_counts_and_names_everyone_below_the_unit_and_changes_nothing(client, setup):
    already = setup["inside"][1]
    Enrollment.objects.create(
        user=already.user, course=setup["course"], status="active", enrolled_at=timezone.now()
    )
    sign_in(client, setup["hr"])
    response = client.post("/quan-ly-dao-tao/giao-khoa-hoc/", _assign_form(setup))
    assert response.status_code == 200
    html = response.content.decode()
    preview = response.context["preview"]
    assert (preview.total, preview.new_count, preview.enrolled_count) == (2, 1, 1)
    # The official of the sub-unit is in the preview; the one of another department is not.
    assert setup["inside"][0].user.full_name in html and already.user.full_name in html
    assert setup["outside"].user.full_name not in html
    assert "<strong>2</strong> người sẽ được giao khóa học này." in html
    assert "Sẽ được đăng ký học (1)" in html and "Đã đăng ký học từ trước (1)" in html
    assert 'name="action" value="confirm"' in html
    assert not Assignment.objects.exists()
    assert not Enrollment.objects.filter(source="assigned").exists()


@pytest.mark.django_db
def test_assign_preview_caps_the_names_and_counts_the_rest(client, setup, monkeypatch):
    from staff.views import assignments

    monkeypatch.setattr(assignments, "PREVIEW_NAMES", 1)
    sign_in(client, setup["hr"])
    html = client.post("/quan-ly-dao-tao/giao-khoa-hoc/", _assign_form(setup)).content.decode()
    assert "và 1 người khác" in html
    names = [p.user.full_name for p in setup["inside"]]
    assert sum(name in html for name in names) == 1


@pytest.mark.django_db
def test_assign_without_sub_units_previews_the_unit_alone(client, setup):
    sign_in(client, setup["hr"])
    response = client.post("/quan-ly-dao-tao/giao-khoa-hoc/", _assign_form(setup, include_descendants=""))
    assert response.context["preview"].total == 1
    assert response.context["fields"]["include_descendants"] == ""


@pytest.mark.django_db
def test_assign_confirm_enrolls_and_shows_the_result(client, setup):
    sign_in(client, setup["hr"])
    response = client.post(
        "/quan-ly-dao-tao/giao-khoa-hoc/", {**_assign_form(setup), "action": "confirm"}, follow=True
    )
    html = response.content.decode()
    assert "Đã giao khóa học “Giao cho đơn vị”: 2 học viên" in html
    assert Enrollment.objects.filter(course=setup["course"], source="assigned").count() == 2
    assert Assignment.objects.get().unit == setup["tree"]["sxd"]


@pytest.mark.django_db
def test_assign_back_to_the_form_keeps_the_choices_and_assigns_nothing(client, setup):
    sign_in(client, setup["hr"])
    response = client.post("/quan-ly-dao-tao/giao-khoa-hoc/", {**_assign_form(setup), "action": "edit"})
    html = response.content.decode()
    assert response.status_code == 200 and "form" in response.context
    assert f'<option value="{setup["course"].pk}" selected>' in html
    assert not Enrollment.objects.exists()


@pytest.mark.django_db
def test_assign_confirm_with_a_tampered_unit_is_refused_and_changes_nothing(client, setup):
    sign_in(client, setup["hr"])
    data = {**_assign_form(setup), "unit": setup["tree"]["khcn"].pk, "action": "confirm"}
    response = client.post("/quan-ly-dao-tao/giao-khoa-hoc/", data)
    assert response.status_code == 200 and response.context["form"].errors["unit"]
    assert not Enrollment.objects.exists() and not Assignment.objects.exists()


@pytest.mark.django_db
def test_assign_form_renders_each_field_in_the_site_layout(client, setup):
    sign_in(client, setup["hr"])
    html = client.get("/quan-ly-dao-tao/giao-khoa-hoc/").content.decode()
    for name in ("course", "due_date", "unit", "learners", "upload", "note"):
        assert '<div class="field">' in html and f'id="id_{name}_helptext"' in html, name
    assert 'class="field field-check"' in html and 'type="date"' in html
    bad = client.post(
        "/quan-ly-dao-tao/giao-khoa-hoc/", {"course": "", "due_date": "hôm qua"}
    ).content.decode()
    assert 'class="field field-invalid"' in bad and 'aria-invalid="true"' in bad


@pytest.mark.django_db
def test_assign_preview_queries_are_bounded(client, setup, django_assert_max_num_queries):
    for index in range(30):
        make_official(setup["tree"]["ptdt"], staff_code=f"SXD-X{index}")
    sign_in(client, setup["hr"])
    client.post("/quan-ly-dao-tao/giao-khoa-hoc/", _assign_form(setup))  # warm caches
    with django_assert_max_num_queries(22):
        response = client.post("/quan-ly-dao-tao/giao-khoa-hoc/", _assign_form(setup))
    assert response.context["preview"].total == 32


@pytest.mark.django_db
def test_assign_file_limit_is_said_and_enforced_from_one_figure(client, setup, monkeypatch):
    """The help text and the error both come from MAX_UPLOAD, in the Vietnamese way ("1,5 MB")."""
    from staff.views import assignments

    monkeypatch.setattr(assignments, "MAX_UPLOAD", 1536 * 1024)
    sign_in(client, setup["hr"])
    assert "Tối đa 1,5\u00a0MB." in client.get("/quan-ly-dao-tao/giao-khoa-hoc/").content.decode()
    big = io.BytesIO(b"email\n" + b"x" * (1536 * 1024))
    big.name = "lon.csv"
    base = {"course": setup["course"].pk, "due_date": in_days(10).strftime("%d/%m/%Y")}
    response = client.post("/quan-ly-dao-tao/giao-khoa-hoc/", {**base, "upload": big})
    assert response.status_code == 200 and "Tệp lớn hơn 1,5\u00a0MB." in response.content.decode()
    assert not Enrollment.objects.exists()


def _damaged_workbook() -> io.BytesIO:
    """A list workbook whose sheet stops half-way (read-only openpyxl reads it late)."""
    workbook = Workbook()
    workbook.active.append(["Email"])
    workbook.active.append(["SXD-1"])
    whole = io.BytesIO()
    workbook.save(whole)
    out = io.BytesIO(with_damaged_sheet(whole.getvalue()))
    out.name = "danh-sach.xlsx"
    return out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        # UTF-16 without a byte-order mark: valid UTF-8 with a NUL beside each letter (PostgreSQL refuses NUL).
        (lambda: io.BytesIO("email\nSXD-1\n".encode("utf-16-le")), "Tệp phải là CSV mã hóa UTF-8 hoặc XLSX."),
        (_damaged_workbook, "Không đọc được tệp Excel."),
    ],
)
def test_assign_file_of_the_wrong_kind_is_refused_in_vietnamese_and_changes_nothing(
    client, setup, upload, message
):
    sign_in(client, setup["hr"])
    data = upload()
    data.name = getattr(data, "name", "danh-sach.csv")
    base = {"course": setup["course"].pk, "due_date": in_days(10).strftime("%d/%m/%Y")}
    response = client.post("/quan-ly-dao-tao/giao-khoa-hoc/", {**base, "upload": data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "preview" not in response.context
    assert not Enrollment.objects.exists() and not Assignment.objects.exists()
