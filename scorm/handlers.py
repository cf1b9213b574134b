"""Signal receivers: trainers and reviewers may upload and choose SCORM packages."""

from django.contrib.auth.models import Permission
from django.dispatch import receiver

from accounts import roles
from cms.services import platform_ready


@receiver(platform_ready)
def grant_package_permissions(sender, groups, **kwargs):
    permissions = Permission.objects.filter(
        content_type__app_label="scorm",
        codename__in=["add_scormpackage", "change_scormpackage", "view_scormpackage"],
    )
    for name in (roles.TRAINERS, roles.REVIEWERS):
        groups[name].permissions.add(*permissions)
