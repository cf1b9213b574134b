from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisation units")

    def ready(self):
        from . import second_factor  # noqa: F401  (connects the authenticator_added receiver)
