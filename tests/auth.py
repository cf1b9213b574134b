"""Signing test clients in the way the platform expects.

Every test that opens a page as a staff user (trainer, reviewer, HR manager, administrator) signs in with
``sign_in``, never with ``client.force_login``: the staff second-factor gate decides what a session may
reach, and ``sign_in`` is the one place that knows how a session passes it.
"""

from allauth.mfa.totp.internal.auth import TOTP

from accounts.selectors import user_has_staff_role

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def sign_in(client, user):
    """Log ``user`` into the Django test ``client``; staff get an authenticator first if they have none."""
    if user_has_staff_role(user=user) and not user.authenticator_set.filter(type="totp").exists():
        TOTP.activate(user, TOTP_SECRET)
    client.force_login(user)
    return client
