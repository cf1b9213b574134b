"""Sending one email notification, once. Other apps call ``notify`` from their background tasks."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import Notification, Profile, User


def notify(*, user: User, kind: str, key: str, context: dict, essential: bool = True) -> bool:
    """Email ``user`` the ``emails/<kind>`` message (subject, text and HTML) unless it was already sent.

    Returns True when an email went out. The (user, kind, key) row is written first, in the same transaction as
    the send, so two workers or a re-run never send the same notification twice; a failed send rolls it back.
    Non-essential messages respect the learner's opt-out.
    """
    if not user.is_active or not user.email:
        return False
    if not essential and Profile.objects.filter(user=user, email_opt_out=True).exists():
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "user": user, "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")}
        subject = " ".join(render_to_string(f"emails/{kind}_subject.txt", context).split())
        text = render_to_string(f"emails/{kind}.txt", context)
        html = render_to_string(f"emails/{kind}.html", context)
    try:
        with transaction.atomic():
            Notification.objects.create(user=user, kind=kind, key=key, subject=subject[:255])
            message = EmailMultiAlternatives(subject, text, to=[user.email])
            message.attach_alternative(html, "text/html")
            message.send()
    except IntegrityError:
        return False
    return True
