"""Background work for SCORM packages (Django's tasks framework, "background" alias; ADR 0030)."""

from django.tasks import task

from . import services


@task(backend="background", queue_name="default")
def unpack_scorm_package(package_id: int) -> str:
    """Check an uploaded package and unpack it, or refuse it with the reason (``scorm_package_process``)."""
    return services.scorm_package_process(package_id=package_id)
