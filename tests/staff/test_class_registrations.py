"""Class registrations awaiting approval ("Duyệt đăng ký lớp") in the staff area: scope, decisions,
errors, the old admin address, queries."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from classes import services
from classes.models import ClassMember

from ..auth import sign_in
from ..classes.conftest import make_class
from ..factories import ProfileFactory, make_course, make_hr_manager, make_official
from .decisions import assert_bad_decisions_refused, assert_decided_leaves_the_list

LIST = "/quan-ly-dao-tao/duyet-dang-ky-lop/"


@pytest.fixture
def world(catalog, tree, with_totp):
    course = make_course(catalog, title="Khóa học theo lớp", for_officials=True)
    training_class = make_class(course, code="K-DUYET", name="Lớp cần duyệt", requires_approval=True)
    inside = make_official(tree["ptdt"], user__full_name="Dương Thị Bình").user
    outside = make_official(tree["cds"], user__full_name="Lê Văn Ngoài").user
    members = {
        "inside": services.class_register(training_class=training_class, user=inside),
        "outside": services.class_register(training_class=training_class, user=outside),
    }
    hr = with_totp(make_hr_manager(tree["sxd"]))
    return {"course": course, "class": training_class, "hr": hr, "members": members, "tree": tree}


def _decide(pk: int) -> str:
    return reverse("class_registration_decide", kwargs={"pk": pk})


@pytest.mark.django_db
def test_hr_manager_sees_the_registrations_of_the_subtree_only(client, world):
    sign_in(client, world["hr"])
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Duyệt đăng ký lớp</h1>" in html
    assert "Dương Thị Bình" in html and "Lê Văn Ngoài" not in html
    assert "Lớp cần duyệt (K-DUYET)" in html
    assert 'aria-current="page">Duyệt đăng ký lớp</a>' in html
    # It sits beside the enrollment requests, with the same look.
    assert f'href="{reverse("enrollment_requests")}"' in html and 'class="request-list"' in html


@pytest.mark.django_db
def test_approve_gives_a_seat_and_the_course_enrollment(client, world):
    sign_in(client, world["hr"])
    member = world["members"]["inside"]
    response = client.post(_decide(member.pk), {"decision": "approve"}, follow=True)
    member.refresh_from_db()
    assert member.status == ClassMember.Status.REGISTERED and member.decided_by == world["hr"]
    assert member.enrollment is not None and member.enrollment.status == "active"
    assert "Đã phê duyệt: Dương Thị Bình" in response.content.decode()


@pytest.mark.django_db
def test_approve_in_a_full_class_puts_the_learner_on_the_waiting_list(client, world):
    world["class"].capacity = 0
    world["class"].save()
    sign_in(client, world["hr"])
    member = world["members"]["inside"]
    html = client.post(_decide(member.pk), {"decision": "approve"}, follow=True).content.decode()
    member.refresh_from_db()
    assert member.status == ClassMember.Status.WAITLISTED and member.enrollment is None
    assert "danh sách chờ" in html


@pytest.mark.django_db
def test_reject_needs_a_reason_and_changes_nothing_without_one(client, world):
    sign_in(client, world["hr"])
    member = world["members"]["inside"]
    response = client.post(_decide(member.pk), {"decision": "reject", "note": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hãy ghi lý do từ chối yêu cầu." in html and 'aria-invalid="true"' in html
    member.refresh_from_db()
    assert member.status == ClassMember.Status.PENDING and member.decided_by is None
    client.post(_decide(member.pk), {"decision": "reject", "note": "Không thuộc đối tượng"})
    member.refresh_from_db()
    assert member.status == ClassMember.Status.REJECTED and member.decision_note == "Không thuộc đối tượng"


@pytest.mark.django_db
def test_the_service_refuses_a_rejection_without_a_reason(world):
    member = world["members"]["inside"]
    with pytest.raises(services.ClassError):
        services.class_member_decide(member=member, approve=False, by=world["hr"], note=" ")
    member.refresh_from_db()
    assert member.status == ClassMember.Status.PENDING


@pytest.mark.django_db
def test_hr_may_not_decide_outside_the_subtree_even_through_the_service(world):
    member = world["members"]["outside"]
    with pytest.raises(services.ClassError):
        services.class_member_decide(member=member, approve=True, by=world["hr"])
    member.refresh_from_db()
    assert member.status == ClassMember.Status.PENDING


@pytest.mark.django_db
def test_bad_decisions_are_refused_without_a_server_error(client, world):
    sign_in(client, world["hr"])
    assert_bad_decisions_refused(client, decide=_decide, list_url=LIST, pending=world["members"])
    assert not ClassMember.objects.exclude(status=ClassMember.Status.PENDING).exists()


@pytest.mark.django_db
def test_a_decided_registration_leaves_the_list(client, world):
    sign_in(client, world["hr"])
    assert_decided_leaves_the_list(client, decide=_decide, list_url=LIST, pending=world["members"]["inside"])


@pytest.mark.django_db
def test_trainer_of_the_class_decides_every_registration_of_it_and_no_other(client, world, with_totp):
    trainer = with_totp(ProfileFactory().user)
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    world["class"].trainers.add(trainer)
    other = make_class(world["course"], code="K-KHAC", requires_approval=True)
    services.class_register(training_class=other, user=make_official(world["tree"]["cds"]).user)
    sign_in(client, trainer)
    html = client.get(LIST).content.decode()
    assert "Dương Thị Bình" in html and "Lê Văn Ngoài" in html and "K-KHAC" not in html
    assert f'href="{reverse("reports:dashboard")}"' not in html  # the HR tabs are not offered


@pytest.mark.django_db
def test_learners_are_refused_and_the_old_admin_address_redirects(client, world):
    sign_in(client, world["members"]["inside"].user)
    assert client.get(LIST).status_code == 403
    assert client.post(_decide(world["members"]["inside"].pk), {"decision": "approve"}).status_code == 403
    world["hr"].groups.add(Group.objects.get(name=roles.HR_MANAGERS))  # the group opens the admin
    sign_in(client, world["hr"])
    response = client.get("/admin/lop-hoc/duyet-dang-ky/")
    assert response.status_code == 301 and response["Location"] == LIST


@pytest.mark.django_db
def test_registration_list_queries_are_bounded(client, world, django_assert_max_num_queries):
    for _ in range(30):
        services.class_register(training_class=world["class"], user=make_official(world["tree"]["ptdt"]).user)
    sign_in(client, world["hr"])
    client.get(LIST)  # warm caches
    with django_assert_max_num_queries(16):
        response = client.get(LIST)
    assert response.context["page"].paginator.count == 31
    assert len(response.context["page"].object_list) == 25
    assert "31 đăng ký đang chờ duyệt." in response.content.decode()
