import time

import pytest

from .factories import UserFactory


@pytest.fixture
def user(db):
    """An activated citizen with the factory password."""
    return UserFactory()


@pytest.fixture
def unactivated_user(db):
    return UserFactory(unactivated=True)


class Clock:
    """`time.time` moved forward on demand, still ticking with the real clock so
    that two events never share a timestamp (allauth's rate-limit rollback
    removes entries by timestamp)."""

    def __init__(self):
        self.offset = 0.0
        self._real_time = time.time

    def __call__(self):
        return self._real_time() + self.offset

    def advance(self, seconds):
        self.offset += seconds


@pytest.fixture
def clock(monkeypatch):
    """Patch `time.time`, which allauth's code expiry (code_verification) and
    rate limits (core/internal/ratelimit), the portal's views and the local
    memory cache all read through the `time` module."""
    fake = Clock()
    monkeypatch.setattr(time, "time", fake)
    return fake


@pytest.fixture
def admin_user(db):
    """pytest-django's admin_user assumes a username; ours logs in by phone."""
    return UserFactory(
        phone="+84901000009", full_name="Quản trị hệ thống", is_staff=True, is_superuser=True
    )
