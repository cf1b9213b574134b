from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import selectors, services
from .admin_columns import YesNoColumn
from .admin_forms import OrganisationUnitForm
from .models import DeletionRequest, HRScope, OrganisationUnit


class OrganisationUnitViewSet(SnippetViewSet):
    model = OrganisationUnit
    icon = "site"
    menu_label = _("Organisation units")
    list_display = [
        Column("indented_name", label=_("Name")),
        "code",
        "kind",
        YesNoColumn("is_active", label=_("active")),
    ]
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
    """Every personal-data request (access, correction, deletion, withdrawal of consent), soonest due first."""

    model = DeletionRequest
    icon = "bin"
    menu_label = _("Personal-data requests")
    list_display = [
        "user",
        "kind",
        "status",
        "requested_at",
        Column("due_state", label=_("Legal deadline")),
        Column("process_link", label=_("Process")),
    ]
    list_filter = ["status", "kind"]
    ordering = ["status", "due_at"]
    panels = [FieldPanel("status"), FieldPanel("reason", read_only=True)]


class PeopleGroup(SnippetViewSetGroup):
    menu_label = _("People and units")
    menu_icon = "group"
    menu_order = 250
    items = (OrganisationUnitViewSet, HRScopeViewSet, DeletionRequestViewSet)


register_snippet(PeopleGroup)


@require_http_methods(["GET", "POST"])
def deletion_request_process(request, pk: int):
    """An administrator answers a personal-data request: erases the account (deletion), provides the
    export (access), records the correction, withdraws the consents, or rejects it with a reason."""
    if not request.user.is_superuser:
        raise PermissionDenied
    deletion = get_object_or_404(DeletionRequest.objects.select_related("user", "handled_by"), pk=pk)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        response = request.POST.get("response", "")[:5000]
        if deletion.status != DeletionRequest.Status.PENDING:
            error = gettext_now("This request has already been processed.")
        elif deletion.user_id == request.user.pk:
            error = gettext_now("You cannot process a request to delete your own account.")
        elif action == "erase" and deletion.kind == DeletionRequest.Kind.DELETION:
            try:
                services.account_erase(user=deletion.user, processed_by=request.user)
            except services.AccountAlreadyErased:
                error = gettext_now("This account has already been erased.")
            else:
                messages.success(request, gettext_now("The account has been erased."))
                return redirect("accounts_deletion_request_process", pk=pk)
        elif action == "answer" and deletion.kind != DeletionRequest.Kind.DELETION:
            try:
                services.personal_data_request_answer(
                    request=deletion, processed_by=request.user, response=response
                )
            except services.RequestNotPending:
                error = gettext_now("This request has already been processed.")
            except ValueError:
                error = gettext_now("Write what was corrected before closing the request.")
            else:
                messages.success(request, gettext_now("The request has been answered."))
                return redirect("accounts_deletion_request_process", pk=pk)
        elif action == "reject":
            services.deletion_request_reject(request=deletion, processed_by=request.user, response=response)
            messages.success(request, gettext_now("The request has been rejected."))
            return redirect("accounts_deletion_request_process", pk=pk)
        else:
            error = gettext_now("Choose how to answer the request.")
        deletion.refresh_from_db()
    return render(
        request,
        "accounts/admin/deletion_request_process.html",
        {"deletion": deletion, "error": error},
        status=400 if error else 200,
    )


@hooks.register("register_admin_urls")
def register_deletion_admin_urls():
    return [
        path(
            "yeu-cau-xoa-tai-khoan/<int:pk>/xu-ly/",
            deletion_request_process,
            name="accounts_deletion_request_process",
        )
    ]


class PersonalDataRequestsPanel(Component):
    """Administrators' dashboard: how many personal-data requests are pending, due soon and overdue."""

    name = "personal_data_requests"
    order = 90
    template_name = "accounts/admin/personal_data_requests_panel.html"

    def get_context_data(self, parent_context=None):
        due = selectors.personal_data_requests_due()
        return {
            "pending": len(due["pending"]),
            "overdue": due["overdue"],
            "due_soon": due["due_soon"],
            "next": due["pending"][:5],
        }


@hooks.register("construct_homepage_panels")
def add_personal_data_requests_panel(request, panels):
    if request.user.is_superuser:
        panels.append(PersonalDataRequestsPanel())
