from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Enrolment, progress and quizzes")

    def ready(self):
        from . import handlers, import_jobs, privacy  # noqa: F401
