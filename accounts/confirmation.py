"""The "confirm your email" step: what the session that signed up may do before the address is confirmed.

The session remembers the address it signed up with (``PendingSignup``), so the page can say where the email
went, send it again and correct a mistyped address. A signup with an address that already has an account
(allauth's enumeration prevention creates nothing) is remembered the same way, without an account, and every
action answers exactly as for a new account; only the emails differ ("you already have an account"), and
they go to the address's owner. Resending and correcting are rate-limited with allauth's limits (cache).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from .models import User

SESSION_KEY = "lms_pending_signup"


@dataclass
class PendingSignup:
    email: str
    user_id: int | None  # None: the address already had an account, so none was created
    signed_up: bool  # this session signed up (may correct the address), not just a blocked sign-in
    started_at: float
    token: str  # rate-limit key of this signup (the session key changes at sign-in)

    @property
    def change_window_open(self) -> bool:
        return time.time() - self.started_at < settings.LMS_SIGNUP_EMAIL_CHANGE_HOURS * 3600


def pending_signup_remember(request, *, email: str, user: User | None, signed_up: bool) -> PendingSignup:
    pending = PendingSignup(
        email=email.lower(),
        user_id=user.pk if user is not None else None,
        signed_up=signed_up,
        started_at=time.time(),
        token=secrets.token_urlsafe(12),
    )
    _save(request, pending)
    return pending


def pending_signup_get(request) -> PendingSignup | None:
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    try:
        return PendingSignup(**data)
    except TypeError:
        return None


def pending_signup_forget(request) -> None:
    request.session.pop(SESSION_KEY, None)


def _save(request, pending: PendingSignup) -> None:
    request.session[SESSION_KEY] = asdict(pending)


def pending_account(pending: PendingSignup) -> User | None:
    """The account this session signed up for, while it is active and its address is still unconfirmed."""
    if pending.user_id is None:
        return None
    user = User.objects.filter(pk=pending.user_id, is_active=True, erased_at__isnull=True).first()
    if user is None or EmailAddress.objects.filter(user=user, verified=True).exists():
        return None
    return user


def is_confirmed(pending: PendingSignup) -> bool:
    """The session's own account has a confirmed address (never true without an account)."""
    return (
        pending.user_id is not None
        and EmailAddress.objects.filter(user_id=pending.user_id, email=pending.email, verified=True).exists()
    )


def may_change_address(pending: PendingSignup | None) -> bool:
    """Only the session that signed up, within the window, and (for a real account) while unconfirmed.

    A signup that created nothing gets the form too, so the page does not tell it apart from a new account.
    """
    if pending is None or not pending.signed_up or not pending.change_window_open:
        return False
    return pending.user_id is None or pending_account(pending) is not None


def _send_to(request, pending: PendingSignup) -> None:
    """Email ``pending.email``: the confirmation link if it is this session's unconfirmed account, else
    "you already have an account" to an address someone owns, else nothing (no one to confirm)."""
    user = pending_account(pending)
    address = (
        EmailAddress.objects.filter(user=user, email__iexact=pending.email, verified=False).first()
        if user is not None
        else None
    )
    if address is not None:
        address.send_confirmation(request, signup=True)
    elif (
        User.objects.filter(email__iexact=pending.email).exists()
        or EmailAddress.objects.filter(email__iexact=pending.email).exists()
    ):
        get_adapter(request).send_account_already_exists_mail(pending.email)
    else:
        get_adapter(request).send_mail(
            "account/email/unknown_account",
            pending.email,
            {"signup_url": request.build_absolute_uri(reverse("account_signup"))},
        )


def confirmation_resend(*, request, pending: PendingSignup) -> bool:
    """Send the confirmation email again; False (and nothing sent) when the rate limit is reached.

    The answer is the same whether or not an account was created for the address.
    """
    if not ratelimit.consume(request, action="lms_resend_confirmation", key=pending.email):
        return False
    if not is_confirmed(pending):
        _send_to(request, pending)
    return True


def signup_email_change(*, request, pending: PendingSignup, email: str) -> bool:
    """Correct the address of the account this session just signed up for, and send the confirmation there.

    Callers check ``may_change_address`` first. The account's addresses are replaced by the new one,
    unconfirmed; an address that belongs to someone else is never taken over (its owner gets "you already
    have an account", and the answer is the same as for a free address). False when rate-limited.
    """
    if not ratelimit.consume(request, action="lms_change_signup_email", key=pending.token):
        return False
    email = email.strip().lower()
    user = pending_account(pending)
    if user is not None and email != user.email.lower():
        taken = (
            User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
            or EmailAddress.objects.filter(email__iexact=email).exclude(user=user).exists()
        )
        if not taken:
            try:
                with transaction.atomic():
                    user.email = email
                    user.save(update_fields=["email"])
                    EmailAddress.objects.filter(user=user).delete()
                    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
            except IntegrityError:  # taken in the meantime: treated like any taken address
                pass
    pending.email = email
    _save(request, pending)
    _send_to(request, pending)
    return True
