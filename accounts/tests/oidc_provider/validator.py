"""The claims each test user of the stand-in provider has, as the province's
provider gives them: the name, and the phone number with whether it checked it."""

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "phone_number": "phone",
        "phone_number_verified": "phone",
    }

    def get_additional_claims(self, request):
        return settings.SPEC["users"][request.user.username]["claims"]
