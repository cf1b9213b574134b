"""Single sign-on through OpenID Connect providers (allauth's ``openid_connect`` provider; ADR 0029).

Providers are configured from the environment (``LMS_OIDC_*``, read into ``SOCIALACCOUNT_PROVIDERS`` and
``LMS_SSO_PROVIDERS`` by the settings). This module holds what the platform adds to allauth's flow:

- the claim mapping: which claim gives the full name, the unit code and the audience: they fill a newcomer's
  form, and at every later sign-in they refresh the profile (the provider owns the fields it asserts);
- the second factor: a provider trusted for it (``trust_mfa``) that asserts one in the ID token (``amr`` or
  ``acr``) satisfies the staff gate (``second_factor.py``); any other sign-in still meets the TOTP step;
- logout at the provider (RP-initiated logout) where its discovery document names an end-session endpoint,
  with the ID token of the sign-in as ``id_token_hint`` (kept in the session, ``ID_TOKEN_SESSION_KEY``).
"""

import logging
from urllib.parse import urlencode

import requests
from allauth.account.authentication import get_authentication_records
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404

from . import services
from .models import Audience
from .second_factor import second_factor_record
from .selectors import unit_by_code
from .text import nfc

logger = logging.getLogger(__name__)

OIDC_PROVIDER = "openid_connect"
_DISCOVERY_CACHE_SECONDS = 3600
# The raw ID token of the sign-in, carried in allauth's sociallogin state (which survives the TOTP step and the
# short form) and then kept in the session for the provider's logout: {"provider": id, "id_token": jwt}.
_ID_TOKEN_STATE_KEY = "lms_id_token"  # noqa: S105  (a key name, not a secret)
ID_TOKEN_SESSION_KEY = "lms_sso_id_token"  # noqa: S105


def provider_rules(provider_id: str) -> dict | None:
    """The platform's rules for one configured provider (claims, second factor, logout), or None."""
    return settings.LMS_SSO_PROVIDERS.get(provider_id)


def _claims(sociallogin) -> tuple[dict, dict]:
    """(ID token claims, userinfo claims) of a sign-in, as allauth keeps them in ``extra_data``."""
    data = sociallogin.account.extra_data or {}
    return data.get("id_token") or {}, data.get("userinfo") or {}


def mapped_claims(sociallogin) -> dict:
    """The profile fields the provider's claims assert: ``full_name``, ``audience``, ``unit_code``.

    Each is looked up through the provider's mapping (``LMS_OIDC_<N>_CLAIMS`` over ``LMS_SSO_DEFAULT_CLAIMS``),
    in userinfo first, then in the ID token. A field whose claim is missing or empty is absent; an audience that
    is none of official/citizen/business is absent too. The unit code is returned as given (not yet looked up).
    """
    rules = provider_rules(sociallogin.account.provider) or {}
    mapping = rules.get("claims") or settings.LMS_SSO_DEFAULT_CLAIMS
    id_token, userinfo = _claims(sociallogin)

    def claim(field):
        name = mapping.get(field)
        value = userinfo.get(name, id_token.get(name)) if name else None
        return nfc(value.strip()) if isinstance(value, str) else None

    asserted = {}
    if full_name := claim("full_name"):
        asserted["full_name"] = full_name[:150]
    if (audience := (claim("audience") or "").lower()) in Audience.values:
        asserted["audience"] = audience
    if code := claim("unit_code"):
        asserted["unit_code"] = code
    return asserted


def _unit_of(sociallogin, code: str | None):
    """The active unit a unit-code claim names; an unknown code is logged and ignored."""
    if not code:
        return None
    unit = unit_by_code(code=code)
    if unit is None:
        logger.warning(
            "SSO: %s sent unit code %r, which names no active unit; ignored",
            sociallogin.account.provider,
            code[:64],
        )
    return unit


def profile_initial(sociallogin) -> dict:
    """What the provider's claims say about a newcomer, as initial values of the short form.

    The claims of ``mapped_claims``; a unit code that names no active unit is ignored; without an audience
    claim the provider's default audience (``LMS_OIDC_<N>_AUDIENCE``) applies, and a unit implies "official".
    The person can still correct every value.
    """
    rules = provider_rules(sociallogin.account.provider) or {}
    asserted = mapped_claims(sociallogin)
    initial = {}
    if "full_name" in asserted:
        initial["full_name"] = asserted["full_name"]
    audience = asserted.get("audience") or rules.get("audience", "")
    if audience in Audience.values:
        initial["audience"] = audience
    if unit := _unit_of(sociallogin, asserted.get("unit_code")):
        initial["organisation_unit"] = unit.pk
        initial.setdefault("audience", Audience.OFFICIAL)
    return initial


def profile_refresh(sociallogin) -> list[str]:
    """Bring a known person's profile in line with what the provider asserts at this sign-in.

    The provider owns the fields it asserts (docs/sso.md, "Claim mapping"): the full name, the unit (an
    active unit's code) and the audience are overwritten by the claims of every sign-in; a field whose claim
    is absent, empty, invalid or an unknown unit code is left as it is (an unknown code is logged). Everything
    else (position, phone, commune, ...) stays the person's. Returns the names of the fields that changed.
    Never raises for bad claims: a sign-in is not refused because of them.
    """
    asserted = mapped_claims(sociallogin)
    return services.profile_claims_apply(
        user=sociallogin.user,
        full_name=asserted.get("full_name"),
        audience=asserted.get("audience"),
        unit=_unit_of(sociallogin, asserted.get("unit_code")),
    )


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


class _IdTokenKeepingAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's adapter, which decodes the ID token and drops it; the logout needs the token itself."""

    def complete_login(self, request, app, token, **kwargs):
        request.lms_oidc_id_token = (kwargs.get("response") or {}).get("id_token")
        return super().complete_login(request, app, token, **kwargs)


@login_not_required
def callback(request, provider_id):
    """allauth's OpenID Connect callback (same URL and name), keeping the raw ID token on the request."""
    try:
        return OAuth2CallbackView.adapter_view(_IdTokenKeepingAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


def id_token_carry(request, sociallogin) -> None:
    """Put the raw ID token of this callback into the sign-in's state, which allauth keeps across its steps."""
    raw = getattr(request, "lms_oidc_id_token", None)
    if isinstance(raw, str) and raw:
        sociallogin.state[_ID_TOKEN_STATE_KEY] = raw


def id_token_remember(request, sociallogin) -> None:
    """Once signed in, keep the ID token in the session for ``logout_url`` (a password sign-in drops it)."""
    raw = (sociallogin.state or {}).get(_ID_TOKEN_STATE_KEY) if sociallogin is not None else None
    if raw:
        request.session[ID_TOKEN_SESSION_KEY] = {"provider": sociallogin.account.provider, "id_token": raw}
    else:
        request.session.pop(ID_TOKEN_SESSION_KEY, None)


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
    discovery document has an ``end_session_endpoint``. The query carries ``id_token_hint`` (the ID token of the
    sign-in, so the provider ends that session without asking), ``client_id`` and ``post_logout_redirect_uri``
    (the home page, registered with the provider). A provider that cannot be reached does not stop the local
    logout: this is asked before the session ends, and the local session ends whatever it answers.
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
    params = {}
    kept = request.session.get(ID_TOKEN_SESSION_KEY) or {}
    if kept.get("provider") == provider_id and kept.get("id_token"):
        params["id_token_hint"] = kept["id_token"]
    params |= {
        "client_id": provider.app.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri("/"),
    }
    query = urlencode(params)
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
