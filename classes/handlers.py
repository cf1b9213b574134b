"""Signal receivers: thin, each calls one service."""

from django.contrib.auth.models import Permission
from django.dispatch import receiver

from accounts import roles
from cms.services import platform_ready


@receiver(platform_ready)
def grant_class_permissions(sender, groups, **kwargs):
    """Trainers create and run classes (they see the ones they teach); venues are shared."""
    permissions = Permission.objects.filter(
        content_type__app_label="classes",
        codename__in=[
            f"{action}_{model}"
            for model in ("trainingclass", "venue")
            for action in ("add", "change", "view")
        ],
    )
    groups[roles.TRAINERS].permissions.add(*permissions)
