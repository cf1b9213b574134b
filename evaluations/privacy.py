"""This app's part of the personal-data export and erasure (accounts sends the signals).

Only the invitations name a person: what they were asked to evaluate, when the form was open, whether they
answered. The answers themselves cannot be found for a person (ADR 0031), so they are neither exported nor
erased: they never were personal data."""

from django.dispatch import receiver

from accounts.models import User
from accounts.signals import collect_personal_data, personal_data_erase

from .models import EvaluationInvitation


def evaluations_record_of(*, user: User) -> dict:
    invitations = EvaluationInvitation.objects.filter(user=user).select_related(
        "evaluation__course", "evaluation__training_class", "evaluation__lecturer"
    )
    return {
        "invitations": [
            {
                "evaluates": invitation.evaluation.target,
                "course": invitation.evaluation.course.title,
                "class": invitation.evaluation.training_class.code
                if invitation.evaluation.training_class
                else None,
                "lecturer": invitation.evaluation.lecturer.get_full_name()
                if invitation.evaluation.lecturer
                else None,
                "opens_on": invitation.opens_on.isoformat(),
                "closes_on": invitation.closes_on.isoformat(),
                "answered": invitation.answered,
            }
            for invitation in invitations.order_by("opens_on", "pk")
        ]
    }


def evaluations_record_erase(*, user: User) -> dict:
    """Delete the invitations; the anonymous answers stay in the results."""
    return {"evaluation_invitations": EvaluationInvitation.objects.filter(user=user).delete()[0]}


@receiver(collect_personal_data)
def export_evaluations_record(sender, user, **kwargs):
    return "evaluations", evaluations_record_of(user=user)


@receiver(personal_data_erase)
def erase_evaluations_record(sender, user, **kwargs):
    return "evaluations", evaluations_record_erase(user=user)
