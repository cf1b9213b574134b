from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Training records")

    def ready(self):
        from . import privacy  # noqa: F401  (personal-data export and erasure)
