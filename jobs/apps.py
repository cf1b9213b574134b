from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        # The task decorator takes its Task class from the backend configured when the module is imported:
        # import it at start-up, never first inside a test's or a request's settings override.
        from . import tasks  # noqa: F401
