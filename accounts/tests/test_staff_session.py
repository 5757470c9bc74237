"""Staff sessions end after half an hour without a request (security review,
issue 10 item 18); citizens keep Django's long session."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from reports.tests.factories import AgencyMembershipFactory

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_sessions(settings):
    # The expiry as the database keeps it; a cache's own TTL runs on the real clock.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


def travel(monkeypatch, seconds):
    """Every clock the sessions and the middleware read, `seconds` ahead."""
    later, later_ts = timezone.now() + timedelta(seconds=seconds), time.time() + seconds
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(time, "time", lambda: later_ts)


@pytest.mark.parametrize("kind", ["superuser", "staff", "officer"])
def test_a_staff_session_ends_when_idle(client, settings, monkeypatch, kind):
    if kind == "officer":
        user = AgencyMembershipFactory().user
        page = "/xu-ly/"
    else:
        user = UserFactory(is_staff=True, is_superuser=kind == "superuser")
        page = "/admin/"
    client.force_login(user)
    assert client.session.get_expiry_age() == settings.STAFF_IDLE_TIMEOUT
    assert client.get(page).status_code == 200

    travel(monkeypatch, settings.STAFF_IDLE_TIMEOUT + 1)

    assert "_auth_user_id" not in client.session
    assert client.get(page).status_code in (302, 404)  # the login page, or the 404 gate


def test_working_keeps_a_staff_session_alive(client, settings, monkeypatch):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    half = settings.STAFF_IDLE_TIMEOUT // 2 + 60
    travel(monkeypatch, half)
    assert client.get("/admin/").status_code == 200
    monkeypatch.undo()

    travel(monkeypatch, 2 * half - 60)  # past the timeout from login, not from the last request

    assert client.get("/admin/").status_code == 200


def test_citizens_keep_the_long_session(client, settings):
    client.force_login(UserFactory())
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
