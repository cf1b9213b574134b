from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Learning record")

    def ready(self):
        from . import handlers, privacy  # noqa: F401
