"""Signal receivers: thin, each calls one service."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.models import Profile
from accounts.signals import officials_placed
from assessment.signals import attempt_graded

from . import selectors, services
from .models import Enrollment


@receiver(attempt_graded)
def complete_after_final_quiz(sender, attempt, **kwargs):
    services.quiz_attempt_graded(attempt=attempt)


@receiver(pre_save, sender=Profile)
def remember_unit(sender, instance, **kwargs):
    instance._unit_before = (
        Profile.objects.filter(pk=instance.pk).values_list("organisation_unit_id", flat=True).first()
        if instance.pk
        else None
    )


@receiver(pre_save, sender=Enrollment)
def file_enrollment_under_unit(sender, instance, **kwargs):
    """A new enrollment is reported under its learner's unit (bulk inserts set it themselves)."""
    if instance._state.adding and instance.unit_id is None:
        instance.unit_id = selectors.learner_unit_id(user_id=instance.user_id)


@receiver(post_save, sender=Profile)
def sync_enrollment_units(sender, instance, created, **kwargs):
    if not created:
        services.enrollment_units_sync(profile=instance)


@receiver(post_save, sender=Profile)
def enroll_new_unit_member(sender, instance, **kwargs):
    """An official who joins a unit gets its open assignments (until their due date)."""
    if instance.audience == "official" and instance.organisation_unit_id != getattr(
        instance, "_unit_before", None
    ):
        services.assignments_apply_to_member(user=instance.user, unit=instance.organisation_unit)


@receiver(officials_placed)
def apply_bulk_placements(sender, placements, **kwargs):
    """The officials import placed people in units in bulk (no post_save): the same effects, per unit."""
    for unit_id, user_ids in placements.items():
        services.unit_members_joined(unit_id=unit_id, user_ids=user_ids)
