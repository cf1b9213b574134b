"""The staff second-factor gate: every way into a staff session ends at the TOTP step.

A matrix of every login path the project exposes × every staff role × every staff-only URL: none answers
200 before the code is given, and the role's own pages do once it is.
"""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles

from ..auth import PASSWORD, TOTP_SECRET, current_totp_code, sign_in
from ..factories import UserFactory, make_hr_manager, make_official
from ..security_world import build_world

NEW_PASSWORD = "Mat-khau-moi-2026!"


def _staff(tree) -> dict:
    """One user per staff role, each owning a TOTP authenticator."""
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    reviewer = UserFactory()
    reviewer.groups.add(Group.objects.get(name=roles.REVIEWERS))
    hr = make_hr_manager(tree["sxd"])
    hr.groups.add(Group.objects.get(name=roles.HR_MANAGERS))
    admin = UserFactory(is_superuser=True, is_staff=True)
    users = {"trainer": trainer, "reviewer": reviewer, "hr": hr, "admin": admin}
    for user in users.values():
        TOTP.activate(user, TOTP_SECRET)
    return users


def _staff_only_urls(world) -> list[str]:
    """Every URL that shows staff powers: the admin, the HR area, another person's certificate, the
    device settings (removing the authenticator would let a password-only session pass)."""
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("reports:dashboard"),
        reverse("reports:units"),
        reverse("reports:learner_detail", kwargs={"public_id": world.learner_a.public_id}),
        reverse("reports:exports"),
        reverse("certificate_staff:list"),
        reverse("certificate_staff:archive", kwargs={"public_id": world.archive.public_id}),
        reverse("course_assignments"),
        reverse("certificates:download", kwargs={"serial": world.certificate.serial}),
        reverse("mfa_index"),
        reverse("mfa_deactivate_totp"),
    ]


def _home(role: str) -> str:
    return reverse("reports:dashboard") if role == "hr" else reverse("wagtailadmin_home")


# Each login path signs the user in with the password only (or creates a session some other way) and
# returns the client in the state a person would be in before typing the code.


def _via_wagtail_login(client, user):
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 302 and page["Location"] == "/accounts/login/?next=/admin/"
    client.post(page["Location"], {"login": user.email, "password": PASSWORD})


def _via_login_with_remember_me(client, user):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD, "remember": "on"})


def _via_password_reset(client, user):
    mail.outbox.clear()
    wagtail_reset = client.get("/admin/password_reset/")
    assert wagtail_reset["Location"] == reverse("account_reset_password")
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.post(reverse("account_login"), {"login": user.email, "password": NEW_PASSWORD})


def _via_session_from_before_totp(client, user):
    # The session was made while the person had no authenticator (they set up TOTP elsewhere later).
    Authenticator.objects.filter(user=user).delete()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    TOTP.activate(user, TOTP_SECRET)


def _via_plain_django_login(client, user):
    # What Wagtail's own login view, or any later path that calls django.contrib.auth.login, leaves.
    client.force_login(user)


LOGIN_PATHS = {
    "wagtail_login": _via_wagtail_login,
    "remember_me": _via_login_with_remember_me,
    "password_reset": _via_password_reset,
    "session_from_before_totp": _via_session_from_before_totp,
    "plain_django_login": _via_plain_django_login,
}


def _give_code(client, user):
    """The second-factor step the path leads to: allauth's login stage, or reauthentication."""
    if client.session.get("_auth_user_id") == str(user.pk):
        response = client.get(reverse("wagtailadmin_home"))
        assert response["Location"].startswith(reverse("mfa_reauthenticate"))
        client.post(reverse("mfa_reauthenticate"), {"code": current_totp_code()})
    else:
        client.post(reverse("mfa_authenticate"), {"code": current_totp_code()})
    assert client.session.get("_auth_user_id") == str(user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("login_path", LOGIN_PATHS)
def test_no_staff_url_answers_before_the_code_on_any_login_path(client, catalog, tree, login_path):
    world = build_world(catalog, tree)
    urls = _staff_only_urls(world)
    for role, user in _staff(tree).items():
        client.logout()
        LOGIN_PATHS[login_path](client, user)
        for url in urls:
            response = client.get(url)
            assert response.status_code != 200, (login_path, role, url)
            assert response.status_code in (302, 403, 404), (login_path, role, url, response.status_code)
        # Nothing was changed through the device pages on the way.
        assert Authenticator.objects.filter(user=user, type="totp").exists()
        _give_code(client, user)
        assert client.get(_home(role)).status_code == 200, (login_path, role)


@pytest.mark.django_db
def test_password_only_session_cannot_remove_the_authenticator(client, catalog, tree):
    hr = _staff(tree)["hr"]
    client.force_login(hr)
    response = client.post(reverse("mfa_deactivate_totp"), {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert Authenticator.objects.filter(user=hr, type="totp").exists()


@pytest.mark.django_db
def test_wrong_code_keeps_the_gate_closed(client, catalog, tree):
    admin = _staff(tree)["admin"]
    client.force_login(admin)
    client.post(reverse("mfa_reauthenticate"), {"code": "000000"})
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_reauthenticate"))


@pytest.mark.django_db(transaction=True)  # allauth announces the new device on commit, inside the request
def test_staff_without_authenticator_passes_by_setting_one_up(client, catalog, tree):
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    client.post(reverse("account_login"), {"login": trainer.email, "password": PASSWORD})
    assert client.get(reverse("wagtailadmin_home"))["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before a device is added; that step is open to the gate.
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(asked["Location"], {"password": PASSWORD})
    assert client.get(reverse("wagtailadmin_home"))["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post(reverse("mfa_activate_totp"), {"code": code})
    assert Authenticator.objects.filter(user=trainer, type="totp").exists()
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


@pytest.mark.django_db
def test_learners_pass_without_a_second_factor(client, tree):
    learner = make_official(tree["ptdt"]).user
    client.post(reverse("account_login"), {"login": learner.email, "password": PASSWORD})
    assert client.get(reverse("courses:my_courses")).status_code == 200
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


@pytest.mark.django_db
def test_passed_gate_costs_no_query(client, catalog, tree, settings):
    hr = _staff(tree)["hr"]
    sign_in(client, hr)
    url = reverse("reports:dashboard")
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    gated = queries()
    settings.LMS_STAFF_MFA_REQUIRED = False
    assert gated == queries()
