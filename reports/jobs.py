"""The job kinds of the HR area, registered with the jobs pipeline when the app is ready."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_roles
from jobs.registry import JobKind, register

from . import services


def _check_access(job, user) -> None:
    # A manager who is no longer HR downloads nothing (the rule of staff.permissions.user_may_use_hr_area,
    # which this layer cannot import); the report's scope was applied when the file was built.
    if not user_roles(user=user).is_hr:
        raise PermissionDenied


EXPORT = register(
    JobKind(
        name=services.EXPORT_JOB,
        label=_("Report export"),
        run=services.export_job_run,
        queue="exports",
        retention_days=lambda: settings.LMS_EXPORT_RETENTION_DAYS,
        check_access=_check_access,
    )
)
