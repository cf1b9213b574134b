from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.middleware import get_user
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .backends import LEGACY_AUTH_BACKENDS
from .second_factor import second_factor_passed, second_factor_required

# Reachable by a staff session that has not passed its second factor yet: the steps that lead to it,
# leaving, the language switch and the machine endpoints. Everything else, public pages included, waits.
_OPEN_URL_NAMES = (
    "account_login",
    "account_logout",
    "account_reauthenticate",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "set_language",
)
# The API (/api/v1/) authenticates by token and never reads the session's user; open, it loads no session.
_OPEN_PREFIXES = (
    "/accounts/password/reset/",
    "/static/",
    "/healthz",
    "/favicon.ico",
    "/robots.txt",
    "/api/v1/",
)


@cache
def _open_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in _OPEN_URL_NAMES)


def _is_open(path: str) -> bool:
    return path in _open_paths() or path.startswith(_OPEN_PREFIXES)


class StaffMFARequiredMiddleware:
    """Staff reach nothing but the sign-in steps until *this session* has passed a second factor.

    The gate is about powers, not URL prefixes: trainers, reviewers, HR managers and administrators
    can read other people's data through many URLs (the admin, the HR area, certificate downloads),
    and any login path (Wagtail's, a password reset, a session kept from before TOTP was enrolled, a
    future SSO) must end at the same step. A staff member with an authenticator gives its code (allauth's
    reauthentication, which records the step in the session); one without sets it up first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not _is_open(request.path)  # first: it reads no session
            and request.user.is_authenticated
            and not second_factor_passed(request)
            and second_factor_required(request)
        ):
            return self._second_factor_step(request)
        return self.get_response(request)

    def _second_factor_step(self, request):
        has_device = request.user.authenticator_set.filter(type="totp").exists()
        activate = reverse("mfa_activate_totp")
        if not has_device:
            if request.path == activate:
                return self.get_response(request)
            messages.warning(
                request, _("Staff accounts must set up two-factor authentication before continuing.")
            )
            return redirect(activate)
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        messages.info(request, _("Enter the code from your authenticator app to continue."))
        return redirect(reverse("mfa_reauthenticate") + (f"?{query}" if query else ""))


class LegacyAuthBackendMiddleware:
    """Sessions signed in before ADR 0038 name Django's or allauth's backend: rewrite them to ours, once.

    Without it Django would find the old path missing from ``AUTHENTICATION_BACKENDS`` and treat everyone
    signed in as anonymous on the day of the upgrade. Placed right after ``AuthenticationMiddleware``, it wraps
    the lazy ``request.user``: the session is looked at only when something asks who the user is (the API,
    which never does, still loads no session).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: self._user(request))
        return self.get_response(request)

    @staticmethod
    def _user(request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            current = LEGACY_AUTH_BACKENDS.get(request.session.get(BACKEND_SESSION_KEY))
            if current is not None:
                request.session[BACKEND_SESSION_KEY] = current
        return get_user(request)  # Django's, cached on the request
