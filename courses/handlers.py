"""Signal receivers: thin, each calls one service."""

from django.contrib.auth.models import Permission
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from accounts import roles
from accounts.models import Profile
from cms.caching import content_changed
from cms.services import platform_ready

from . import selectors, services
from .models import Enrollment, Quiz

# Trainers and reviewers manage the question bank and quizzes (snippets) and grant time extensions.
SNIPPET_MODELS = ("question", "questioncategory", "quiz", "timeextension")


@receiver(platform_ready)
def grant_quiz_permissions(sender, groups, **kwargs):
    permissions = Permission.objects.filter(
        content_type__app_label="courses",
        codename__in=[
            f"{action}_{model}" for model in SNIPPET_MODELS for action in ("add", "change", "view")
        ],
    )
    # The quiz change log is read-only for everyone (see QuizChangeViewSet): trainers and reviewers view it.
    view_log = Permission.objects.filter(content_type__app_label="courses", codename="view_quizchange")
    for name in (roles.TRAINERS, roles.REVIEWERS):
        groups[name].permissions.add(*permissions, *view_log)


@receiver(post_save, sender=Quiz)
@receiver(post_delete, sender=Quiz)
def forget_cached_quizzes(sender, **kwargs):
    content_changed()


@receiver(pre_save, sender=Profile)
def remember_unit(sender, instance, **kwargs):
    instance._unit_before = (
        Profile.objects.filter(pk=instance.pk).values_list("organisation_unit_id", flat=True).first()
        if instance.pk
        else None
    )


@receiver(pre_save, sender=Enrollment)
def file_enrollment_under_unit(sender, instance, **kwargs):
    """A new enrolment is reported under its learner's unit (bulk inserts set it themselves)."""
    if instance._state.adding and instance.unit_id is None:
        instance.unit_id = selectors.learner_unit_id(user_id=instance.user_id)


@receiver(post_save, sender=Profile)
def sync_enrollment_units(sender, instance, created, **kwargs):
    if not created:
        services.enrollment_units_sync(profile=instance)


@receiver(post_save, sender=Profile)
def enrol_new_unit_member(sender, instance, **kwargs):
    """An official who joins a unit gets its open assignments (until their due date)."""
    if instance.audience == "official" and instance.organisation_unit_id != getattr(
        instance, "_unit_before", None
    ):
        services.assignments_apply_to_member(user=instance.user, unit=instance.organisation_unit)
