"""Where each role lands after signing in (#14), unless a ``next`` is given; the MFA step keeps the target."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import TRAINERS

from ..conftest import current_totp_code
from ..factories import UserFactory, make_hr_manager, make_official

PASSWORD = "Mat-khau-an-toan-2026"


def login(client, email, next_url=None):
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": PASSWORD})


@pytest.mark.django_db
def test_learner_lands_on_my_courses_unless_next_is_given(client, tree):
    learner = make_official(tree["ptdt"]).user
    assert login(client, learner.email)["Location"] == "/hoc-tap/"
    client.post("/accounts/logout/")
    assert login(client, learner.email, "/tai-khoan/ho-so/")["Location"] == "/tai-khoan/ho-so/"


@pytest.mark.django_db
def test_hr_manager_lands_on_the_staff_area_after_the_code(client, tree, with_totp):
    hr = with_totp(make_hr_manager(tree["sxd"]))
    assert login(client, hr.email)["Location"] == "/accounts/2fa/authenticate/"
    done = client.post("/accounts/2fa/authenticate/", {"code": current_totp_code()})
    assert done["Location"] == "/quan-ly-dao-tao/"


@pytest.mark.django_db
def test_trainer_lands_on_the_admin_after_the_code(client, with_totp):
    trainer = with_totp(UserFactory())
    trainer.groups.add(Group.objects.get_or_create(name=TRAINERS)[0])
    assert login(client, trainer.email)["Location"] == "/accounts/2fa/authenticate/"
    done = client.post("/accounts/2fa/authenticate/", {"code": current_totp_code()})
    assert done["Location"] == "/admin/"
