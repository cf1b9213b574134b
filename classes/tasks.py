"""E-mails about classes, sent in the background ("emails" queue). Each notification is sent once."""

from django.tasks import task

from accounts.notifications import notify

from .models import ClassMember


def _context(member: ClassMember) -> dict:
    training_class = member.training_class
    return {
        "member": member,
        "training_class": training_class,
        "course": training_class.course,
        "course_url": training_class.course.full_url or "",
    }


@task(backend="background", queue_name="emails")
def send_class_seat_granted(member_ids: list[int]) -> int:
    """Tell learners promoted from the waiting list that they now have a seat."""
    sent = 0
    members = ClassMember.objects.filter(
        pk__in=member_ids, status=ClassMember.Status.REGISTERED
    ).select_related("user", "training_class__course")
    for member in members:
        sent += notify(
            user=member.user,
            kind="class_seat_granted",
            key=f"{member.pk}:{member.registered_at:%Y%m%d%H%M%S}",
            context=_context(member),
        )
    return sent
