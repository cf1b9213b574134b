"""A time extension granted in the Wagtail admin goes through ``services.time_extension_grant``: it records who
granted it (#13 item 6: the admin used to save the row itself and leave ``granted_by`` empty)."""

import pytest

from assessment.models import TimeExtension

from ..factories import ProfileFactory

ADD_URL = "/admin/snippets/assessment/timeextension/add/"


def _edit_url(extension) -> str:
    return f"/admin/snippets/assessment/timeextension/edit/{extension.pk}/"


@pytest.mark.django_db
def test_time_extension_granted_in_the_admin_records_who_granted_it(staff_admin_client, quiz, learner):
    response = staff_admin_client.post(
        ADD_URL, {"quiz": quiz.pk, "user": learner.pk, "extra_minutes": "20", "reason": "Khiếm thị"}
    )

    assert response.status_code == 302
    extension = TimeExtension.objects.get(quiz=quiz, user=learner)
    assert extension.granted_by == staff_admin_client.user
    assert (extension.extra_minutes, extension.reason) == (20, "Khiếm thị")
    listing = staff_admin_client.get("/admin/snippets/assessment/timeextension/").content.decode()
    assert str(staff_admin_client.user) in listing


@pytest.mark.django_db
def test_time_extension_edited_in_the_admin_is_regranted_by_the_editor(staff_admin_client, quiz, learner):
    extension = TimeExtension.objects.create(quiz=quiz, user=learner, extra_minutes=5)
    other = ProfileFactory().user

    response = staff_admin_client.post(
        _edit_url(extension), {"quiz": quiz.pk, "user": other.pk, "extra_minutes": "30", "reason": ""}
    )

    assert response.status_code == 302
    assert TimeExtension.objects.count() == 1
    extension.refresh_from_db()
    assert (extension.user, extension.extra_minutes) == (other, 30)
    assert extension.granted_by == staff_admin_client.user


@pytest.mark.django_db
def test_second_extension_for_the_same_learner_and_quiz_is_refused_in_the_admin(
    staff_admin_client, quiz, learner
):
    TimeExtension.objects.create(quiz=quiz, user=learner, extra_minutes=5)

    response = staff_admin_client.post(ADD_URL, {"quiz": quiz.pk, "user": learner.pk, "extra_minutes": "20"})

    assert response.status_code == 200  # the form is shown again with the error
    assert TimeExtension.objects.get().extra_minutes == 5
