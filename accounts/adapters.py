import logging
from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_email
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthError, AuthProcess
from django.conf import settings
from django.contrib import messages
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import confirmation, selectors, services, sso, tasks
from .network import client_ip
from .text import nfc

logger = logging.getLogger(__name__)


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

    def get_login_stages(self):
        # allauth's TOTP step, which a provider trusted for a second factor may satisfy (accounts/sso.py).
        return [
            "accounts.sso.SecondFactorStage" if path == "allauth.mfa.stages.AuthenticateStage" else path
            for path in super().get_login_stages()
        ]

    def post_login(self, request, user, *, signal_kwargs=None, **kwargs):
        # The end of every sign-in (after the TOTP step and the short form): keep the provider's ID token for
        # the logout, or forget an older one after a password sign-in.
        sso.id_token_remember(request, (signal_kwargs or {}).get("sociallogin"))
        return super().post_login(request, user, signal_kwargs=signal_kwargs, **kwargs)

    def get_logout_redirect_url(self, request):
        # Asked before the session ends: a session signed in through a provider with an end-session endpoint
        # leaves through it, so that signing out here signs out there too.
        return sso.logout_url(request) or super().get_logout_redirect_url(request)

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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Sign-in through the province's OpenID Connect providers (accounts/sso.py, ADR 0029)."""

    def populate_user(self, request, sociallogin, data):
        # The user model has one name field (full_name) and no username, first or last name.
        user = sociallogin.user
        user_email(user, (data.get("email") or "").strip().lower())
        name = data.get("name") or " ".join(filter(None, [data.get("last_name"), data.get("first_name")]))
        user.full_name = nfc(name.strip())[:150] if name else ""
        return user

    def pre_social_login(self, request, sociallogin):
        # Runs once allauth has found who signs in (known link or verified e-mail), before any TOTP step.
        sso.id_token_carry(request, sociallogin)
        if sociallogin.is_existing and sociallogin.state.get("process") != AuthProcess.CONNECT:
            changed = sso.profile_refresh(sociallogin)
            if changed:
                logger.info(
                    "SSO sign-in through %s updated %s of user %s",
                    sociallogin.account.provider,
                    ", ".join(changed),
                    sociallogin.user.pk,
                )

    def get_signup_form_initial_data(self, sociallogin):
        """The short form starts from the provider's claims, through the mapping of its settings."""
        initial = super().get_signup_form_initial_data(sociallogin)
        return {**initial, "full_name": sociallogin.user.full_name, **sso.profile_initial(sociallogin)}

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        # Back on the sign-in page with one plain sentence, whatever went wrong (a refusal, a cancelled
        # consent, an unreachable provider, a bad token): nothing is signed in.
        if exception is not None:
            logger.warning(
                "SSO sign-in through %s failed: %r", getattr(provider, "name", provider), exception
            )
        name = getattr(provider, "name", "")
        if error == AuthError.CANCELLED:
            text = _(
                "%(provider)s did not let you sign in (access refused or cancelled). You are not signed in: "
                "try again, or sign in with your email and password."
            )
        else:
            text = _(
                "Signing in through %(provider)s did not succeed. You are not signed in: try again later, or "
                "sign in with your email and password."
            )
        messages.error(request, text % {"provider": name})
        raise ImmediateHttpResponse(redirect("account_login"))
