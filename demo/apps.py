from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for ``make demo``; depends on every app, nothing depends on it."""

    name = "demo"
    verbose_name = "Demo data"
