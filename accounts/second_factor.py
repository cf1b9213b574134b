"""Whether *this session* passed a second factor, as the staff gate asks.

allauth keeps, in the session, a record of every way the session authenticated ("password", "mfa",
"socialaccount", ...). Owning a TOTP device proves nothing about a session (it may have been made by
Wagtail's own login view, before the device was enrolled, or by a future SSO or API path); only an
"mfa" record in the session does. Every path that signs a staff member in must end by adding one:
allauth's login and reauthentication do, activating a first authenticator does (the person has just
typed a valid code, see ``_record_first_activation``), and a future SSO provider that asserts a second
factor calls ``second_factor_record``.
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.dispatch import receiver

from .selectors import user_has_staff_role

SECOND_FACTOR_METHOD = "mfa"


def second_factor_required(request) -> bool:
    """True when the signed-in user has staff powers and the platform demands a second factor of them."""
    user = request.user
    if not settings.LMS_STAFF_MFA_REQUIRED or not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user_has_staff_role(user=user)


def second_factor_passed(request) -> bool:
    """True when this session (not merely this user) completed a second-factor step."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == SECOND_FACTOR_METHOD for record in records)


def second_factor_record(request, user, **details) -> None:
    """Mark this session as having passed a second factor (``details`` say how, e.g. ``type="totp"``)."""
    record_authentication(request, user, SECOND_FACTOR_METHOD, **details)


@receiver(authenticator_added)
def _record_first_activation(sender, request, user, authenticator, **kwargs):
    # Activation is only offered to someone without a device and checks a code from the new one, so the
    # session has just shown the second factor. Someone who owns a device never reaches this without
    # having passed it first: the gate sends them to the code step before any device page.
    if request is not None:
        second_factor_record(request, user, id=authenticator.pk, type=authenticator.type, activated=True)
