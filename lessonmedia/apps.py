from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonMediaConfig(AppConfig):
    name = "lessonmedia"
    verbose_name = _("Lesson media")

    def ready(self):
        # Tasks are imported at start-up (see jobs.apps); the signal queues the probe after an upload.
        from . import signals, tasks  # noqa: F401
