"""Authentication backends: Django's and allauth's, reading the session's user with their roles (#20, ADR 0038).

A signed-in request used to read the user, then their roles (groups, HR scope), then for ``has_perm`` their
permissions: three or four queries before the page itself. ``get_user`` here reads them in one
(``accounts.selectors.user_with_roles``). Signing in (``authenticate``) is the parents' own, unchanged.

Django keeps the dotted path of the backend that signed a session in, and refuses a session whose path is not
in ``AUTHENTICATION_BACKENDS``: sessions from before these classes name the parents' paths, which
``accounts.middleware.LegacyAuthBackendMiddleware`` rewrites to these (``LEGACY_AUTH_BACKENDS``).
"""

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends

from .selectors import user_with_roles


class _UserWithRoles:
    def get_user(self, user_id):
        user = user_with_roles(pk=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_UserWithRoles, django_backends.ModelBackend):
    """``django.contrib.auth.backends.ModelBackend`` (sign-in by email and password, permissions)."""


class AuthenticationBackend(_UserWithRoles, allauth_backends.AuthenticationBackend):
    """allauth's backend (its sign-in forms and social accounts record it in the session)."""


#: A session signed in before ADR 0038 names one of these; it is rewritten to the backend beside it.
LEGACY_AUTH_BACKENDS = {
    "django.contrib.auth.backends.ModelBackend": "accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": "accounts.backends.AuthenticationBackend",
}
