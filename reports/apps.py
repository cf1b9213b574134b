from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Training management and reports")

    def ready(self):
        from . import (
            jobs,  # noqa: F401  (registers the export job kind)
            tasks,  # noqa: F401  (the task backend is bound at import: import at start-up)
        )
