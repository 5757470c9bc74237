"""Tests: fast hashing, SMS kept in memory (as e-mail is), nothing leaves the machine."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SMS_BACKEND = "accounts.sms.backends.locmem.SmsBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the app finders in tests; nothing is collected.
STATIC_ROOT = None
