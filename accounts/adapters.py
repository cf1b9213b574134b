from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from . import services
from .network import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Saves the user, profile and consent in one transaction so a failed signup leaves nothing behind."""

    def get_client_ip(self, request):
        # One rule for every limit (allauth's and the project's); allauth's own raises on a short
        # X-Forwarded-For, which would be a 500 for a request that skipped a proxy.
        return client_ip(request)

    def save_user(self, request, user, form, commit=True):
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=False)
            user.email = user.email.lower()
            user.full_name = form.cleaned_data["full_name"]
            user.save()
            services.profile_create(
                user=user,
                full_name=form.cleaned_data["full_name"],
                audience=form.cleaned_data["audience"],
                values=form.profile_values(),
                consent=form.cleaned_data.get("consent", False),
                ip_address=self.get_client_ip(request),
            )
        return user
