"""Background work for evaluations (Django's tasks framework): opening the forms of ended classes and the
one reminder. Both are queued daily by ``manage.py send_reminders`` and are safe to run again."""

from django.conf import settings
from django.tasks import task
from django.urls import reverse

from accounts.notifications import notify

from . import services


@task(backend="background", queue_name="default")
def open_evaluations() -> int:
    return services.ended_class_evaluations_open()


def _remind(invitation) -> bool:
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "evaluations:answer", kwargs={"invitation_id": invitation.pk}
    )
    return notify(
        user=invitation.user,
        kind="evaluation_reminder",
        key=str(invitation.pk),
        context={"invitation": invitation, "evaluation": invitation.evaluation, "answer_url": url},
        essential=False,
    )


@task(backend="background", queue_name="emails")
def send_evaluation_reminders() -> int:
    """Remind each person who has not answered an open form, once (``evaluation_reminders_send``)."""
    return services.evaluation_reminders_send(send=_remind)
