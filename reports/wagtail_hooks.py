"""Admin wiring: a "Reports" link in the Wagtail menu for HR managers and administrators."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.selectors import user_is_hr_manager


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_is_hr_manager(user=request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(_("Reports"), reverse_lazy("reports:dashboard"), icon_name="table", order=260)
