"""Settings of the stand-in provider. Everything that changes with the run (the
signing key, the database file, the test users) comes from the files named by
OIDC_PROVIDER_* variables, which world.py writes in a temporary folder."""

import json
import os
import secrets
from pathlib import Path

RUN = Path(os.environ["OIDC_PROVIDER_RUN"])
SPEC = json.loads((RUN / "spec.json").read_text())

SECRET_KEY = secrets.token_urlsafe(40)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "accounts.tests.oidc_provider.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": RUN / "provider.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
LOGIN_URL = "/login/"
# The portal runs on "localhost", the provider on "127.0.0.1": two hosts, so
# their cookies never meet; own names all the same, for clarity in a trace.
SESSION_COOKIE_NAME = "provider_session"
CSRF_COOKIE_NAME = "provider_csrftoken"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": (RUN / "signing-key.pem").read_text(),
    "OAUTH2_VALIDATOR_CLASS": "accounts.tests.oidc_provider.validator.ClaimsValidator",
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Họ và tên",
        "email": "Thư điện tử",
        "phone": "Số điện thoại",
    },
    "PKCE_REQUIRED": True,
}
