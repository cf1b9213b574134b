from django.dispatch import receiver

from courses.signals import course_completed

from .tasks import issue_certificate


@receiver(course_completed)
def queue_certificate(sender, enrollment, **kwargs):
    """Completion is committed when this runs; issuing happens in the background."""
    issue_certificate.enqueue(enrollment.pk)
