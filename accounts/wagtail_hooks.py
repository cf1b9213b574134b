from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import services
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
    list_display = ["user", "status", "requested_at", Column("process_link", label=_("Process"))]
    list_filter = ["status"]
    panels = [FieldPanel("status"), FieldPanel("reason", read_only=True)]


class PeopleGroup(SnippetViewSetGroup):
    menu_label = _("People and units")
    menu_icon = "group"
    menu_order = 250
    items = (OrganisationUnitViewSet, HRScopeViewSet, DeletionRequestViewSet)


register_snippet(PeopleGroup)


@require_http_methods(["GET", "POST"])
def deletion_request_process(request, pk: int):
    """An administrator erases the account (``services.account_erase``) or rejects the request."""
    if not request.user.is_superuser:
        raise PermissionDenied
    deletion = get_object_or_404(DeletionRequest.objects.select_related("user", "handled_by"), pk=pk)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        if deletion.status != DeletionRequest.Status.PENDING:
            error = gettext_now("This request has already been processed.")
        elif deletion.user_id == request.user.pk:
            error = gettext_now("You cannot process a request to delete your own account.")
        elif action == "erase":
            try:
                services.account_erase(user=deletion.user, processed_by=request.user)
            except services.AccountAlreadyErased:
                error = gettext_now("This account has already been erased.")
            else:
                messages.success(request, gettext_now("The account has been erased."))
                return redirect("accounts_deletion_request_process", pk=pk)
        elif action == "reject":
            services.deletion_request_reject(request=deletion, processed_by=request.user)
            messages.success(request, gettext_now("The request has been rejected."))
            return redirect("accounts_deletion_request_process", pk=pk)
        else:
            error = gettext_now("Choose whether to erase the account or reject the request.")
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
