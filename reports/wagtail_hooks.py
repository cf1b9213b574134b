"""Admin wiring: the export audit log (read-only, administrators only). The "Reports" menu link: ``staff``."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.admin_columns import YesNoColumn

from .models import ExportLog


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
    list_display = ["at", "user", "report", "format", "rows", YesNoColumn("completed", label=_("completed"))]
    list_filter = ["report", "format", "completed"]
    search_fields = ["user__email", "user__full_name"]


@hooks.register("register_admin_viewset")
def register_export_log_viewset():
    return ExportLogViewSet("export_log")
