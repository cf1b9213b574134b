"""This app's part of the personal-data export and erasure (accounts sends the signals)."""

from django.dispatch import receiver

from accounts.models import User
from accounts.signals import collect_personal_data, personal_data_erase

from .models import ExternalTraining


def external_training_of(*, user: User) -> list[dict]:
    """The official's external training entries with their state (the evidence file is named, not embedded)."""
    entries = ExternalTraining.objects.filter(user=user).select_related("content_category").order_by("pk")
    return [
        {
            "title": e.title,
            "provider": e.provider,
            "content_category": e.content_category.code,
            "periods": e.periods,
            "starts_on": e.starts_on.isoformat(),
            "ends_on": e.ends_on.isoformat(),
            "certificate_number": e.certificate_number,
            "certificate_issuer": e.certificate_issuer,
            "evidence_file": e.evidence_name,
            "status": e.status,
            "rejection_reason": e.rejection_reason,
            "submitted_at": e.created_at.isoformat(),
        }
        for e in entries
    ]


def external_training_erase(*, user: User) -> dict:
    """Delete the entries and their evidence files."""
    entries = list(ExternalTraining.objects.filter(user=user).exclude(evidence=""))
    for entry in entries:
        entry.evidence.delete(save=False)
    return {"external_training": ExternalTraining.objects.filter(user=user).delete()[0]}


@receiver(collect_personal_data)
def export_training_record(sender, user, **kwargs):
    return "training_record", {"external_training": external_training_of(user=user)}


@receiver(personal_data_erase)
def erase_training_record(sender, user, **kwargs):
    return "training_record", external_training_erase(user=user)
