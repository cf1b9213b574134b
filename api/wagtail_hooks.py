"""Admin wiring: API clients (token shown once on creation or renewal), webhook subscribers, and the
deliveries with their failures and a retry button. Administrators only (Wagtail model permissions)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import CreateView, EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.admin_columns import YesNoColumn

from . import services
from .models import EVENT_CHOICES, SCOPE_CHOICES, ApiClient, WebhookDelivery, WebhookSubscriber


class ApiClientForm(WagtailAdminModelForm):
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    renew_token = forms.BooleanField(
        label=gettext_lazy("Issue a new token (the current one stops working)"), required=False
    )
    revoke = forms.BooleanField(label=gettext_lazy("Revoke the token now"), required=False)

    class Meta:
        model = ApiClient
        fields = ["name", "unit", "scopes", "expires_at", "rate_limit"]


def _token_message(token: str) -> str:
    return _("The client's token (copy it now: it is not stored and will not be shown again): %(token)s") % {
        "token": token
    }


class ApiClientCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        client, self.token = services.api_client_create(
            name=data["name"],
            unit=data["unit"],
            scopes=data["scopes"],
            expires_at=data["expires_at"],
            rate_limit=data["rate_limit"] or 0,
            by=self.request.user,
        )
        return client

    def get_success_message(self, instance):
        return _token_message(self.token)


class ApiClientEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        client = services.api_client_update(client=self.form.instance)
        self.token = None
        if data.get("revoke"):
            services.api_client_revoke(client=client)
        elif data.get("renew_token"):
            self.token = services.api_client_token_renew(client=client)
        return client

    def get_success_message(self):
        return _token_message(self.token) if self.token else super().get_success_message()


class ApiClientViewSet(ModelViewSet):
    model = ApiClient

    def get_form_class(self, for_update=False):
        return ApiClientForm

    add_view_class = ApiClientCreateView
    edit_view_class = ApiClientEditView
    icon = "key"
    menu_label = gettext_lazy("API clients")
    list_display = ["name", "unit", "expires_at", "revoked_at", "last_used_at"]
    search_fields = ["name"]
    inspect_view_enabled = True


class WebhookSubscriberForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = WebhookSubscriber
        fields = ["name", "url", "unit", "events", "secret", "is_active"]


class WebhookSubscriberViewSet(ModelViewSet):
    model = WebhookSubscriber

    def get_form_class(self, for_update=False):
        return WebhookSubscriberForm

    icon = "link"
    menu_label = gettext_lazy("Webhook subscribers")
    list_display = ["name", "url", "unit", YesNoColumn("is_active", label=gettext_lazy("active"))]


class RetryColumn(Column):
    cell_template_name = "api/retry_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["retry_url"] = (
            reverse("webhook_delivery_retry", args=[instance.pk])
            if instance.status == WebhookDelivery.Status.FAILED
            else None
        )
        context["csrf_token"] = get_token(request) if request else ""
        return context


class DeliveryForm(WagtailAdminModelForm):
    """Nothing to edit: deliveries are made by events and retried with the button in the list."""

    class Meta:
        model = WebhookDelivery
        fields = []


class DeliveriesMadeByEvents(ModelPermissionPolicy):
    """Nobody adds a delivery by hand (it would have no subscriber or event): no "add" button, no add view."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(WebhookDelivery, DeliveriesMadeByEvents(WebhookDelivery), exact_class=True)


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "resubmit"
    menu_label = gettext_lazy("Webhook deliveries")

    def get_form_class(self, for_update=False):
        return DeliveryForm

    list_display = [
        "event",
        "subscriber",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "created_at",
        RetryColumn("retry", label=gettext_lazy("Retry"), accessor="pk"),
    ]
    list_filter = ["status", "event"]
    inspect_view_enabled = True


class ApiGroup(ViewSetGroup):
    menu_label = gettext_lazy("API")
    menu_icon = "code"
    menu_order = 900
    items = (ApiClientViewSet, WebhookSubscriberViewSet, WebhookDeliveryViewSet)


@hooks.register("register_admin_viewset")
def register_api_viewsets():
    return ApiGroup()


@require_POST
@permission_required("api.change_webhookdelivery", raise_exception=True)
def retry_delivery(request, pk: int):
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    if services.webhook_delivery_retry(delivery=delivery):
        messages.success(request, _("The delivery is queued again."))
    else:
        messages.error(request, _("Only a failed delivery can be retried."))
    return redirect(reverse("webhookdelivery:index"))


@hooks.register("register_admin_urls")
def register_retry_url():
    return [path("api/deliveries/<int:pk>/retry/", retry_delivery, name="webhook_delivery_retry")]
