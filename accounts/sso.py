"""Single sign-on through OpenID Connect providers (allauth's ``openid_connect`` provider; ADR 0029).

Providers are configured from the environment (``LMS_OIDC_*``, read into ``SOCIALACCOUNT_PROVIDERS`` and
``LMS_SSO_PROVIDERS`` by the settings). This module holds what the platform adds to allauth's flow:

- the claim mapping: which claim gives the full name, the unit code and the audience of a newcomer's form;
- the second factor: a provider trusted for it (``trust_mfa``) that asserts one in the ID token (``amr`` or
  ``acr``) satisfies the staff gate (``second_factor.py``); any other sign-in still meets the TOTP step;
- logout at the provider (RP-initiated logout) where its discovery document names an end-session endpoint.
"""

import logging
from urllib.parse import urlencode

import requests
from allauth.account.authentication import get_authentication_records
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.conf import settings
from django.core.cache import cache

from .models import Audience
from .second_factor import second_factor_record
from .selectors import unit_by_code
from .text import nfc

logger = logging.getLogger(__name__)

OIDC_PROVIDER = "openid_connect"
_DISCOVERY_CACHE_SECONDS = 3600


def provider_rules(provider_id: str) -> dict | None:
    """The platform's rules for one configured provider (claims, second factor, logout), or None."""
    return settings.LMS_SSO_PROVIDERS.get(provider_id)


def _claims(sociallogin) -> tuple[dict, dict]:
    """(ID token claims, userinfo claims) of a sign-in, as allauth keeps them in ``extra_data``."""
    data = sociallogin.account.extra_data or {}
    return data.get("id_token") or {}, data.get("userinfo") or {}


def profile_initial(sociallogin) -> dict:
    """What the provider's claims say about a newcomer, as initial values of the short form.

    Each field is looked up through the provider's mapping (``LMS_OIDC_<N>_CLAIMS`` over
    ``LMS_SSO_DEFAULT_CLAIMS``), in userinfo first, then in the ID token. A unit code that names no active
    unit and an audience that is none of official/citizen/business are ignored; a provider may give a
    default audience (``LMS_OIDC_<N>_AUDIENCE``). The person can still correct every value.
    """
    rules = provider_rules(sociallogin.account.provider) or {}
    mapping = rules.get("claims") or settings.LMS_SSO_DEFAULT_CLAIMS
    id_token, userinfo = _claims(sociallogin)

    def claim(field):
        name = mapping.get(field)
        value = userinfo.get(name, id_token.get(name)) if name else None
        return nfc(value.strip()) if isinstance(value, str) else None

    initial = {}
    if full_name := claim("full_name"):
        initial["full_name"] = full_name[:150]
    audience = (claim("audience") or "").lower()
    if audience not in Audience.values:
        audience = rules.get("audience", "")
    if audience in Audience.values:
        initial["audience"] = audience
    if (code := claim("unit_code")) and (unit := unit_by_code(code=code)):
        initial["organisation_unit"] = unit.pk
        initial.setdefault("audience", Audience.OFFICIAL)
    return initial


def second_factor_asserted(sociallogin) -> bool:
    """True when the provider is trusted for a second factor and its ID token asserts one.

    ``amr`` (RFC 8176 values such as "mfa", "otp", "hwk") must share a value with the provider's
    ``LMS_OIDC_<N>_MFA_AMR`` (default "mfa"), or ``acr`` must be one of ``LMS_OIDC_<N>_MFA_ACR``. Only the ID
    token counts: it is what the provider signs about this authentication; userinfo describes the person.
    """
    rules = provider_rules(sociallogin.account.provider)
    if not rules or not rules["trust_mfa"]:
        return False
    id_token, _userinfo = _claims(sociallogin)
    amr = id_token.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(map(str, amr)) & set(rules["mfa_amr"]):
        return True
    acr = id_token.get("acr")
    return bool(acr) and str(acr) in rules["mfa_acr"]


class SecondFactorStage(AuthenticateStage):
    """allauth's TOTP step of a sign-in, skipped when a trusted provider asserted a second factor.

    Skipping records the provider's assertion as this session's second factor (``second_factor_record``),
    which is what the staff gate asks for; every other sign-in (password, untrusted provider, trusted one
    without the claim) goes through allauth's own step, or the gate's set-up step for staff without a device.
    """

    def handle(self):
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if self.login.user is not None and sociallogin is not None and second_factor_asserted(sociallogin):
            id_token, _userinfo = _claims(sociallogin)
            second_factor_record(
                self.request,
                self.login.user,
                type="oidc",
                provider=sociallogin.account.provider,
                amr=id_token.get("amr"),
                acr=id_token.get("acr"),
            )
            return None, True
        return super().handle()


def _discovery(request, provider) -> dict:
    key = f"lms:oidc-discovery:{provider.app.provider_id}:{provider.server_url}"
    config = cache.get(key)
    if config is None:
        config = provider.get_oauth2_adapter(request).openid_config
        cache.set(key, config, _DISCOVERY_CACHE_SECONDS)
    return config


def sso_provider_of(request) -> str | None:
    """The configured provider this session signed in through, if any (allauth's authentication records)."""
    for record in reversed(get_authentication_records(request, request.user)):
        if record.get("method") == "socialaccount" and provider_rules(record.get("provider", "")):
            return record["provider"]
    return None


def logout_url(request) -> str | None:
    """Where to send a person who signs out, to end their session at the provider too; None for local only.

    Used when the session signed in through a provider whose rules allow it (``LMS_OIDC_<N>_LOGOUT``) and whose
    discovery document has an ``end_session_endpoint``. The provider sends the browser back to the home page
    (``post_logout_redirect_uri``, registered with the provider). A provider that cannot be reached does not
    stop the local logout.
    """
    provider_id = sso_provider_of(request)
    if not provider_id or not provider_rules(provider_id)["logout"]:
        return None
    try:
        provider = get_social_adapter().get_provider(request, provider_id)
        endpoint = _discovery(request, provider).get("end_session_endpoint")
    except (requests.RequestException, OAuth2Error, ValueError, LookupError):
        logger.warning("SSO logout: discovery of %s failed; signing out locally only", provider_id)
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "client_id": provider.app.client_id,
            "post_logout_redirect_uri": request.build_absolute_uri("/"),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
