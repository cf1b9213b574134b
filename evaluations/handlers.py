"""Signal receivers: thin, each calls one service once the triggering transaction has committed."""

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts import roles
from classes.models import TrainingClass
from cms.services import platform_ready
from courses.signals import course_completed

from . import services
from .models import ClassEvaluationSetting


@receiver(course_completed)
def open_evaluations_on_completion(sender, enrollment, **kwargs):
    services.evaluations_open_for_enrollment(enrollment=enrollment)


@receiver(post_save, sender=TrainingClass)
@receiver(post_save, sender=ClassEvaluationSetting)
def open_evaluations_of_ended_class(sender, instance, **kwargs):
    """A class marked finished (or given its evaluation after it ended) opens its forms at once; the daily
    ``open_evaluations`` task catches classes whose end date passed without a save."""
    training_class = instance if sender is TrainingClass else instance.training_class
    if training_class.status == TrainingClass.Status.FINISHED or sender is ClassEvaluationSetting:
        transaction.on_commit(lambda: services.class_evaluations_open(training_class=training_class))


@receiver(platform_ready)
def grant_evaluation_permissions(sender, groups, **kwargs):
    """HR managers and trainers author forms and attach them to courses and classes."""
    permissions = Permission.objects.filter(
        content_type__app_label="evaluations",
        codename__in=[
            f"{action}_{model}"
            for model in ("evaluationform", "courseevaluationsetting", "classevaluationsetting")
            for action in ("add", "change", "view")
        ],
    )
    for name in (roles.TRAINERS, roles.HR_MANAGERS):
        groups[name].permissions.add(*permissions)
