"""Account e-mails (confirmation, "account already exists", password reset), sent in the background."""

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task(backend="background", queue_name="emails")
def send_account_email(
    *,
    subject: str,
    body: str,
    from_email: str | None,
    to: list[str],
    content_subtype: str = "plain",
    alternatives: list[list[str]] | None = None,
    headers: dict | None = None,
) -> None:
    """Send one message rendered by the account adapter (the arguments are what the request rendered)."""
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or {})
    message.content_subtype = content_subtype
    for content, mimetype in alternatives or []:
        message.attach_alternative(content, mimetype)
    message.send()
