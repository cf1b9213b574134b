"""Background work for lesson media (Django's tasks framework, "background" alias)."""

from django.tasks import task

from . import services


@task(backend="background", queue_name="default")
def probe_lesson_media(media_id: int) -> str:
    """Read an uploaded file's duration and size and draw its poster (runs ``lesson_media_probe``)."""
    return services.lesson_media_probe(media_id=media_id)
