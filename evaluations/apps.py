from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Course and lecturer evaluations")

    def ready(self):
        from . import handlers, privacy  # noqa: F401
