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

# Map tiles come from a local placeholder: tests never reach a tile server. The
# tiles keep the real attribution, so the browser tests check the page people see.
_TILE_OPTIONS = LEAFLET_CONFIG["TILES"][0][2]  # noqa: F405
LEAFLET_CONFIG = {**LEAFLET_CONFIG, "TILES": [("test", "/static/img/tile.png", _TILE_OPTIONS)]}  # noqa: F405

# Tasks run in-process in tests, on SQLite and on PostgreSQL + Redis alike; a
# test that needs the real broker turns this off for itself.
CELERY_TASK_ALWAYS_EAGER = True

# The live server of the browser tests shares one SQLite connection between its
# threads: phananh/testing/serial.py.
MIDDLEWARE = ["phananh.testing.serial.OneRequestAtATimeOnSqlite", *MIDDLEWARE]  # noqa: F405
