"""Signal receivers: thin, each calls one service."""

from django.contrib.auth.models import Permission
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts import roles
from cms.caching import content_changed
from cms.services import platform_ready

from .models import Quiz

# Trainers and reviewers manage the question bank and quizzes (snippets) and grant time extensions.
SNIPPET_MODELS = ("question", "questioncategory", "quiz", "timeextension")


@receiver(platform_ready)
def grant_quiz_permissions(sender, groups, **kwargs):
    permissions = Permission.objects.filter(
        content_type__app_label="assessment",
        codename__in=[
            f"{action}_{model}" for model in SNIPPET_MODELS for action in ("add", "change", "view")
        ],
    )
    # The quiz change log is read-only for everyone (see QuizChangeViewSet): trainers and reviewers view it.
    view_log = Permission.objects.filter(content_type__app_label="assessment", codename="view_quizchange")
    for name in (roles.TRAINERS, roles.REVIEWERS):
        groups[name].permissions.add(*permissions, *view_log)


@receiver(post_save, sender=Quiz)
@receiver(post_delete, sender=Quiz)
def forget_cached_quizzes(sender, **kwargs):
    content_changed()
