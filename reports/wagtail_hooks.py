"""Admin wiring: a "Reports" link for HR managers and administrators, and the export audit log (read-only,
administrators only)."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.selectors import user_is_hr_manager

from .models import ExportLog


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_is_hr_manager(user=request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(_("Reports"), reverse_lazy("reports:dashboard"), icon_name="table", order=260)


class ExportLogPolicy(ModelPermissionPolicy):
    """Administrators read the export audit log; nobody, administrators included, changes it."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(ExportLog, ExportLogPolicy(ExportLog))


class ExportLogViewSet(ModelViewSet):
    model = ExportLog
    icon = "history"
    menu_label = _("Export log")
    add_to_admin_menu = True
    menu_order = 265
    copy_view_enabled = False
    inspect_view_enabled = True
    exclude_form_fields = []  # no add or edit view is reachable: ExportLogPolicy grants "view" only
    list_display = ["at", "user", "report", "format", "rows", "completed"]
    list_filter = ["report", "format", "completed"]
    search_fields = ["user__email", "user__full_name"]


@hooks.register("register_admin_viewset")
def register_export_log_viewset():
    return ExportLogViewSet("export_log")
