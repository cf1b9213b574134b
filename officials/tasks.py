"""Background work of the officials import (Django's tasks framework, "background" alias)."""

from django.tasks import task

from accounts.models import User

from . import services


@task(backend="background", queue_name="emails")
def send_official_invitations(user_ids: list[int]) -> int:
    """Invite each newly imported official to set a password; each is invited once ever. Returns how many
    emails went out."""
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True, erased_at__isnull=True):
        sent += services.official_invitation_send(user=user)
    return sent
