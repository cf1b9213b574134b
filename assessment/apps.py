from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Question bank")

    def ready(self):
        from . import handlers, import_jobs  # noqa: F401  (import_jobs registers the import job kind)
