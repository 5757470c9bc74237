"""Authenticator apps (TOTP) for accounts set up without the activation page:
the demo staff of `make run` and the staff of the tests. Staff set up their own
app through allauth's pages (accounts.middleware.StaffSecondFactorMiddleware)."""

import time

from allauth.mfa import app_settings
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)


def enrol(user, secret: str | None = None) -> str:
    """Give `user` an authenticator app with `secret` (a new one if None) and
    recovery codes; an app and codes already there are replaced (they may have
    been encrypted under another SECRET_KEY). Returns the secret."""
    secret = secret or generate_totp_secret()
    kinds = (Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES)
    Authenticator.objects.filter(user=user, type__in=kinds).delete()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def secret_of(user) -> str | None:
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return get_adapter().decrypt(authenticator.data["secret"]) if authenticator else None


def current_code(secret: str) -> str:
    """The code an authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))
