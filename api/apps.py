from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API and webhooks")

    def ready(self):
        # Tasks are imported at start-up (see jobs.apps); receivers turn domain events into webhook deliveries.
        from . import receivers, tasks  # noqa: F401
