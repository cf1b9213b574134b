from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassesConfig(AppConfig):
    name = "classes"
    verbose_name = _("Classes and attendance")

    def ready(self):
        from . import completion, handlers, privacy  # noqa: F401  (completion registers the attendance requirement)
