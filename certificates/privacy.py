"""This app's part of the personal-data export and erasure (accounts sends the signals).

Certificates are kept when an account is erased: the verification page must keep answering for a
certificate already handed to an employer, under the legal basis stated in the privacy notice. The
certificate keeps the name printed on it (``learner_name``); nothing else about the person is added.
"""

from django.dispatch import receiver

from accounts.models import User
from accounts.signals import collect_personal_data, personal_data_erase
from jobs.models import Job

from .models import Certificate
from .services import ARCHIVE_JOB


def certificates_of(*, user: User) -> list[dict]:
    return [
        {
            "serial": c.serial,
            "course": c.course_title,
            "learner_name": c.learner_name,
            "unit_name": c.unit_name,
            "hours": str(c.hours),
            "completed_on": c.completed_on.isoformat(),
            "score": None if c.score is None else str(c.score),
            "issued_at": c.issued_at.isoformat(),
            "expires_on": c.expires_on.isoformat() if c.expires_on else None,
            "status": c.status,
            "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
            "revoked_reason": c.revoked_reason,
        }
        for c in Certificate.objects.filter(user=user).order_by("issued_at")
    ]


def certificates_erase(*, user: User) -> dict:
    """Keep the certificates (see the module docstring); delete the person's own ZIP archives."""
    archives = Job.objects.filter(owner=user, kind=ARCHIVE_JOB)
    for archive in archives:
        if archive.file:
            archive.file.delete(save=False)
    return {
        "certificates_kept": Certificate.objects.filter(user=user).count(),
        "archives": archives.delete()[0],
    }


@receiver(collect_personal_data)
def export_certificates(sender, user, **kwargs):
    return "certificates", certificates_of(user=user)


@receiver(personal_data_erase)
def erase_certificates(sender, user, **kwargs):
    return "certificates", certificates_erase(user=user)
