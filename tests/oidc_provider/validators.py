import json

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class PeopleValidator(OAuth2Validator):
    """Claims of each known person from the fixture's JSON file: e-mail (verified or not), name, unit code,
    audience, and the authentication methods (``amr``) their sign-in here used."""

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "unit_code": "unit",
        "audience": "profile",
        "amr": "openid",
        "acr": "openid",
    }

    def get_additional_claims(self, request):
        with open(settings.OIDC_TEST_PEOPLE, encoding="utf-8") as file:
            people = json.load(file)
        return dict(people.get(request.user.username, {}).get("claims", {}))
