"""Signal receivers: thin, each calls one service."""

from django.contrib.auth.models import Permission
from django.dispatch import receiver

from accounts import roles
from cms.services import platform_ready

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
    for name in (roles.TRAINERS, roles.REVIEWERS):
        groups[name].permissions.add(*permissions)
