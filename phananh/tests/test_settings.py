"""Settings come from the environment; production refuses to run unsafely."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, "
    "'cache': s.CACHES['default']['BACKEND'], 'sms': s.SMS_BACKEND, "
    "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS}))"
)
CLEAN_ENV = {
    key: value
    for key, value in os.environ.items()
    if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "SMS_"))
}


def load_settings(module, **env):
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**CLEAN_ENV, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result


def test_defaults_need_nothing_outside_the_project():
    result = load_settings("phananh.settings.base")
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["eager"] is True
    assert values["cache"].endswith("LocMemCache")
    assert values["sms"] == "accounts.sms.backends.console.SmsBackend"


def test_environment_selects_postgres_redis_and_sms_gateway():
    result = load_settings(
        "phananh.settings.base",
        DATABASE_URL="postgres://u@127.0.0.1:5432/x",
        REDIS_URL="redis://127.0.0.1:6379/3",
        SMS_BACKEND="accounts.sms.backends.http.SmsBackend",
        DJANGO_DEBUG="true",
        DJANGO_ALLOWED_HOSTS="a.vn,b.vn",
    )
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["eager"] is False
    assert values["broker"] == "redis://127.0.0.1:6379/3"
    assert values["cache"].endswith("RedisCache")
    assert values["sms"] == "accounts.sms.backends.http.SmsBackend"
    assert values["debug"] is True
    assert values["hosts"] == ["a.vn", "b.vn"]


@pytest.mark.parametrize("secret", [None, "short", "dev-only-insecure-key-never-use-in-production"])
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    env = {"DJANGO_ALLOWED_HOSTS": "phananh.example.vn"}
    if secret:
        env["DJANGO_SECRET_KEY"] = secret
    result = load_settings("phananh.settings.production", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_dates_are_shown_day_first_in_both_languages():
    import datetime

    day = datetime.date(2026, 2, 17)
    for language in ("vi", "en"):
        with translation.override(language):
            assert formats.date_format(day, "SHORT_DATE_FORMAT") == "17/02/2026"
