"""Signing test clients in the way the platform expects.

Every test that opens a page as a staff user (trainer, reviewer, HR manager, administrator) signs in with
``sign_in``, never with ``client.force_login``: the staff gate lets a session through only once *that
session* has passed a second factor, and ``sign_in`` is the one place that knows how a session passes it.
``login_with_second_factor`` goes through the real forms instead, for tests about the sign-in itself.
"""

import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.test import RequestFactory

from accounts.second_factor import second_factor_record, second_factor_required

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "Mat-khau-an-toan-2026"


def current_totp_code(secret: str = TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, user):
    """Log ``user`` into the Django test ``client``; staff get an authenticator if they have none and a
    session that has passed it, as after typing the code."""
    client.force_login(user)
    request = RequestFactory().get("/")
    request.user, request.session = user, client.session
    if second_factor_required(request):
        if not user.authenticator_set.filter(type="totp").exists():
            TOTP.activate(user, TOTP_SECRET)
        second_factor_record(request, user, type="totp")
        request.session.save()
    return client


def login_with_second_factor(client, user, password: str = PASSWORD):
    """Sign in through allauth's forms: the password, then the current TOTP code. Returns the last answer."""
    first = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert first["Location"] == "/accounts/2fa/authenticate/", first
    return client.post("/accounts/2fa/authenticate/", {"code": current_totp_code()})
