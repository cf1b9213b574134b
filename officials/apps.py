from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficialsConfig(AppConfig):
    name = "officials"
    verbose_name = _("Officials")

    def ready(self):
        from . import import_jobs, tasks  # noqa: F401  (import_jobs registers the import job kind)
