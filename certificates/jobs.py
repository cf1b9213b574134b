"""The certificate ZIP archive as a kind of background job (jobs pipeline, docs/decisions/0020)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import user_roles
from jobs.registry import JobKind, register

from . import services


def _check_access(job, user) -> None:
    # Only while the reader still manages certificates, and only while every certificate in the ZIP is
    # still in the reader's scope (a manager may have lost a unit since the archive was built).
    if not user_roles(user=user).is_hr:  # staff.permissions.user_may_use_hr_area, one layer down
        raise PermissionDenied
    if job is not None and not services.archive_in_scope(archive=job, user=user):
        raise PermissionDenied(_("This archive holds certificates outside the units you manage now."))


def _log_download(job, user) -> None:
    services.archive_download_log(archive=job, user=user)


ARCHIVE = register(
    JobKind(
        name=services.ARCHIVE_JOB,
        label=gettext_lazy("ZIP file of certificates"),
        run=services.certificate_archive_build,
        queue="exports",
        retention_days=lambda: settings.LMS_CERTIFICATE_ARCHIVE_RETENTION_DAYS,
        content_type="application/zip",
        check_access=_check_access,
        on_download=_log_download,
    )
)
