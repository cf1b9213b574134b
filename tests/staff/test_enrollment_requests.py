"""Enrollment requests ("Yêu cầu đăng ký học") in the staff area: scope, decisions, errors, queries."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from courses import services
from courses.models import Enrollment

from ..auth import sign_in
from ..factories import ProfileFactory, make_course, make_hr_manager, make_official
from .decisions import assert_bad_decisions_refused, assert_decided_leaves_the_list

LIST = "/quan-ly-dao-tao/yeu-cau-dang-ky-hoc/"


@pytest.fixture
def world(catalog, tree, with_totp):
    course = make_course(catalog, title="Khóa học cần duyệt", for_officials=True, enrollment_mode="approval")
    inside = make_official(tree["ptdt"], user__full_name="Dương Thị Bình").user
    outside = make_official(tree["cds"], user__full_name="Lê Văn Ngoài").user
    requests = {
        "inside": services.enrollment_create(user=inside, course=course),
        "outside": services.enrollment_create(user=outside, course=course),
    }
    hr = with_totp(make_hr_manager(tree["sxd"]))
    return {"course": course, "hr": hr, "requests": requests, "tree": tree}


def _decide(pk: int) -> str:
    return reverse("enrollment_request_decide", kwargs={"pk": pk})


@pytest.mark.django_db
def test_hr_manager_sees_the_requests_of_the_subtree_only(client, world):
    sign_in(client, world["hr"])
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Yêu cầu đăng ký học</h1>" in html and "ghi danh" not in html.lower()
    assert "Dương Thị Bình" in html and "Lê Văn Ngoài" not in html
    assert 'aria-current="page">Yêu cầu đăng ký học</a>' in html
    assert "wagtail-userbar" not in html


@pytest.mark.django_db
def test_approve_enrolls_and_says_so(client, world):
    sign_in(client, world["hr"])
    request = world["requests"]["inside"]
    response = client.post(_decide(request.pk), {"decision": "approve"}, follow=True)
    request.refresh_from_db()
    assert request.status == Enrollment.Status.ACTIVE and request.decided_by == world["hr"]
    assert "Đã phê duyệt: Dương Thị Bình" in response.content.decode()


@pytest.mark.django_db
def test_reject_needs_a_reason_and_changes_nothing_without_one(client, world):
    sign_in(client, world["hr"])
    request = world["requests"]["inside"]
    response = client.post(_decide(request.pk), {"decision": "reject", "note": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hãy ghi lý do từ chối yêu cầu." in html and 'aria-invalid="true"' in html
    request.refresh_from_db()
    assert request.status == Enrollment.Status.PENDING and request.decided_by is None
    client.post(_decide(request.pk), {"decision": "reject", "note": "Không thuộc đối tượng"})
    request.refresh_from_db()
    assert request.status == Enrollment.Status.REJECTED and request.decision_note == "Không thuộc đối tượng"


@pytest.mark.django_db
def test_bad_decisions_are_refused_without_a_server_error(client, world):
    sign_in(client, world["hr"])
    assert_bad_decisions_refused(client, decide=_decide, list_url=LIST, pending=world["requests"])
    assert not Enrollment.objects.exclude(status=Enrollment.Status.PENDING).exists()


@pytest.mark.django_db
def test_a_decided_request_leaves_the_list(client, world):
    sign_in(client, world["hr"])
    assert_decided_leaves_the_list(client, decide=_decide, list_url=LIST, pending=world["requests"]["inside"])


@pytest.mark.django_db
def test_trainer_of_the_course_decides_from_the_staff_area_without_the_hr_tabs(client, world, with_totp):
    trainer = with_totp(ProfileFactory().user)
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    world["course"].trainers.add(trainer)
    world["course"].save()  # a page's trainers are kept with the page (modelcluster)
    sign_in(client, trainer)
    html = client.get(LIST).content.decode()
    assert "Dương Thị Bình" in html and "Lê Văn Ngoài" in html  # every learner of their course
    assert f'href="{reverse("reports:dashboard")}"' not in html  # the HR tabs are not offered
    # The area's root is the HR dashboard: a trainer who has no class is sent to the requests instead.
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302 and response["Location"] == LIST


@pytest.mark.django_db
def test_learners_are_refused_and_the_old_admin_address_redirects(client, world):
    sign_in(client, world["requests"]["inside"].user)
    assert client.get(LIST).status_code == 403
    world["hr"].groups.add(Group.objects.get(name=roles.HR_MANAGERS))  # the group opens the admin
    sign_in(client, world["hr"])
    response = client.get("/admin/yeu-cau-ghi-danh/")
    assert response.status_code == 301 and response["Location"] == LIST


@pytest.mark.django_db
def test_request_list_queries_are_bounded(client, world, django_assert_max_num_queries):
    course = world["course"]
    for _ in range(30):
        services.enrollment_create(user=make_official(world["tree"]["ptdt"]).user, course=course)
    sign_in(client, world["hr"])
    client.get(LIST)  # warm caches
    with django_assert_max_num_queries(16):
        response = client.get(LIST)
    assert response.context["page"].paginator.count == 31
    assert len(response.context["page"].object_list) == 25
    assert "31 yêu cầu đang chờ." in response.content.decode()
