from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_forms import OrganisationUnitForm
from .models import DeletionRequest, HRScope, OrganisationUnit


class OrganisationUnitViewSet(SnippetViewSet):
    model = OrganisationUnit
    icon = "site"
    menu_label = _("Organisation units")
    list_display = [Column("indented_name", label=_("Name")), "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    ordering = ["path"]
    edit_handler = ObjectList(
        [
            FieldPanel("parent"),
            FieldPanel("code"),
            FieldPanel("name"),
            FieldPanel("kind"),
            FieldPanel("is_active"),
        ],
        base_form_class=OrganisationUnitForm,
    )


class HRScopeViewSet(SnippetViewSet):
    model = HRScope
    icon = "group"
    menu_label = _("HR scopes")
    list_display = ["user", "unit"]
    panels = [FieldPanel("user"), FieldPanel("unit")]


class DeletionRequestViewSet(SnippetViewSet):
    model = DeletionRequest
    icon = "bin"
    menu_label = _("Account deletion requests")
    list_display = ["user", "status", "requested_at"]
    list_filter = ["status"]
    panels = [FieldPanel("status"), FieldPanel("reason", read_only=True)]


class PeopleGroup(SnippetViewSetGroup):
    menu_label = _("People and units")
    menu_icon = "group"
    menu_order = 250
    items = (OrganisationUnitViewSet, HRScopeViewSet, DeletionRequestViewSet)


register_snippet(PeopleGroup)
