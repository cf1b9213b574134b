from django.dispatch import receiver

from courses.models import Enrollment
from courses.signals import course_completed
from evaluations.signals import evaluation_answered

from .tasks import issue_certificate


@receiver(course_completed)
def queue_certificate(sender, enrollment, **kwargs):
    """Completion is committed when this runs; issuing happens in the background."""
    issue_certificate.enqueue(enrollment.pk)


@receiver(evaluation_answered)
def queue_certificate_after_evaluation(sender, user, course_id, **kwargs):
    """A certificate that waited for the course's evaluation follows once the learner has answered."""
    enrollment = (
        Enrollment.objects.filter(user=user, course_id=course_id).values_list("pk", flat=True).first()
    )
    if enrollment is not None:
        issue_certificate.enqueue(enrollment)
