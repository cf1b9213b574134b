from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction

from . import confirmation, selectors, services, tasks
from .network import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Saves the user, profile and consent in one transaction so a failed signup leaves nothing behind.

    Signing up with an address that already has an account must look and cost the same as a new signup
    (ACCOUNT_PREVENT_ENUMERATION): both paths hash a password once (``ProfileSignupForm._post_clean``) and
    hand their e-mail to the background "emails" queue, so neither the answer nor its timing tells whether
    the address is known.
    """

    def send_mail(self, template_prefix, email, context):
        """Render in the request (it needs the request's site and language), send from the "emails" queue."""
        request = allauth_context.request
        # allauth greets and signs off with the site's name, which without django.contrib.sites is the host
        # name ("127.0.0.1:8000 xin gửi lời chào"): name the platform, keep the host as the domain.
        site = get_current_site(request)
        site = SimpleNamespace(name=settings.WAGTAIL_SITE_NAME, domain=site.domain)
        values = {"request": request, "email": email, "current_site": site, **context}
        message = self.render_mail(template_prefix, email, values)
        tasks.send_account_email.enqueue(
            subject=str(message.subject),
            body=str(message.body),
            from_email=message.from_email,
            to=list(message.to),
            content_subtype=message.content_subtype,
            alternatives=[
                [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
            ],
            headers={str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        )

    def respond_email_verification_sent(self, request, user):
        # A sign-in blocked on an unconfirmed address (the password was right): the page may name the
        # address and offer to send it again. SignupView records signups itself, after this.
        if user is not None:
            confirmation.pending_signup_remember(request, email=user.email, user=user, signed_up=False)
        return super().respond_email_verification_sent(request, user)

    def get_login_redirect_url(self, request):
        # Each role lands on its own home; allauth honours a safe ``next`` before asking here, and staff
        # pass the second-factor step (``second_factor``) on the way, which keeps this target.
        if request.user.is_authenticated:
            return selectors.user_home_url(user=request.user)
        return super().get_login_redirect_url(request)

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
