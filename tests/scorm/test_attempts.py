"""The trainer's view of the learners' SCORM attempts: trainers of the course and HR managers of the learner's
subtree read them (statuses, score, interactions, objectives); nobody else does."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from scorm.models import ScormAttempt

from ..auth import sign_in
from ..factories import UserFactory, make_hr_manager, make_official


def _attempt(world, user=None, **fields):
    return ScormAttempt.objects.create(
        user=user or world["learner"],
        lesson=world["lesson"],
        package=world["package"],
        lesson_status="passed",
        score_raw=80,
        interactions=[
            {
                "id": "q1",
                "type": "choice",
                "student_response": "b",
                "correct_responses": ["b"],
                "result": "correct",
                "description": "Trung tâm IOC theo dõi gì?",
            }
        ],
        objectives=[{"id": "muc-tieu-1", "status": "passed", "score_raw": "9"}],
        **fields,
    )


@pytest.fixture
def course_trainer(scorm_world, with_totp):
    trainer = with_totp(UserFactory(full_name="Giảng Viên Khóa"))
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    scorm_world["course"].trainers.add(trainer)
    scorm_world["course"].save()  # a page's parental many-to-many is written when the page is saved
    return trainer


def _list_url(world):
    return reverse("scorm:lesson_attempts", kwargs={"lesson_id": world["lesson"].pk})


@pytest.mark.django_db
def test_the_course_trainer_reads_every_attempt_and_its_answers(client, scorm_world, course_trainer):
    attempt = _attempt(scorm_world)
    sign_in(client, course_trainer)
    html = client.get(_list_url(scorm_world)).content.decode()
    assert scorm_world["learner"].full_name in html and reverse("scorm:attempt", args=[attempt.pk]) in html
    detail = client.get(reverse("scorm:attempt", args=[attempt.pk]))
    assert detail.status_code == 200
    text = detail.content.decode()
    for shown in ("Trung tâm IOC theo dõi gì?", "muc-tieu-1", "Câu trả lời", "Mục tiêu", "80"):
        assert shown in text, shown
    # SCORM's own English words are shown in Vietnamese: type "choice", result "correct", status "passed".
    for shown in ("<td>trắc nghiệm</td>", "<td>đúng</td>", "<td>đạt</td>"):
        assert shown in text, shown
    assert ">correct<" not in text and ">choice<" not in text


@pytest.mark.django_db
def test_hr_reads_the_attempts_of_their_subtree_only(client, scorm_world, tree, with_totp):
    mine = _attempt(scorm_world)
    elsewhere = _attempt(scorm_world, user=scorm_world["other"])  # an official of another department
    hr = with_totp(make_hr_manager(tree["sxd"]))
    sign_in(client, hr)
    html = client.get(_list_url(scorm_world)).content.decode()
    assert scorm_world["learner"].full_name in html and scorm_world["other"].full_name not in html
    assert client.get(reverse("scorm:attempt", args=[mine.pk])).status_code == 200
    assert client.get(reverse("scorm:attempt", args=[elsewhere.pk])).status_code == 404


@pytest.mark.django_db
def test_learners_and_other_trainers_read_no_attempt(client, scorm_world, with_totp):
    attempt = _attempt(scorm_world)
    other_trainer = with_totp(UserFactory())
    other_trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    for user in (scorm_world["learner"], scorm_world["other"], other_trainer):
        sign_in(client, user)
        assert client.get(_list_url(scorm_world)).status_code == 404
        assert client.get(reverse("scorm:attempt", args=[attempt.pk])).status_code == 404
    client.logout()
    assert client.get(_list_url(scorm_world)).status_code == 302  # to the sign-in page


@pytest.mark.django_db
def test_the_list_reads_a_fixed_number_of_queries(
    client, scorm_world, course_trainer, django_assert_max_num_queries
):
    _attempt(scorm_world)
    sign_in(client, course_trainer)
    client.get(_list_url(scorm_world))
    with django_assert_max_num_queries(14) as few:
        client.get(_list_url(scorm_world))
    for _n in range(5):
        _attempt(scorm_world, user=make_official(scorm_world["learner"].profile.organisation_unit).user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(_list_url(scorm_world)).content.decode()
    assert html.count("/scorm/luot-hoc/") == 6


@pytest.mark.django_db
def test_a_scorm_2004_attempt_with_only_2004_names_is_shown(client, scorm_world, course_trainer):
    """Interactions with learner_response only and objectives with success_status only (SCORM 2004's
    names) rendered a 500: a missing key in a filter's argument is an error in Django templates."""
    attempt = _attempt(scorm_world)
    attempt.interactions = [{"id": "cau-1", "learner_response": "b"}]
    attempt.objectives = [{"id": "muc-tieu-1", "success_status": "passed"}]
    attempt.save()
    sign_in(client, course_trainer)
    response = client.get(reverse("scorm:attempt", args=[attempt.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<td>b</td>" in html and "<td>đạt</td>" in html


@pytest.mark.django_db
def test_a_package_s_own_result_words_are_shown_as_sent(client, scorm_world, course_trainer):
    """SCORM 1.2's "wrong" reads as "sai"; a result outside SCORM's vocabulary (a package may send a number)
    is shown unchanged."""
    attempt = _attempt(scorm_world)
    attempt.interactions = [{"id": "c1", "result": "wrong"}, {"id": "c2", "result": "0.75"}]
    attempt.save()
    sign_in(client, course_trainer)
    html = client.get(reverse("scorm:attempt", args=[attempt.pk])).content.decode()
    assert "<td>sai</td>" in html and "<td>0.75</td>" in html
