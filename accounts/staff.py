"""Staff sessions: known as such from login on, idle-limited, and gated by a
second factor (accounts.middleware). IOC staff and superusers are marked on
their user row; agency members by their membership, which the session records
at login and a new membership records at once, so no request needs a query
to tell."""

import time

from django.conf import settings
from django.core.cache import cache

STAFF_MEMBER = "staff_member"
STAFF_SEEN = "staff_seen"
SECOND_FACTOR_SET_UP = "staff_second_factor"


def _became_staff_key(user_id) -> str:
    return f"became-staff:{user_id}"


def start_session(request, user) -> None:
    """At login: a staff member's session ends when idle (StaffIdleMiddleware
    keeps it alive while they work)."""
    if user.is_staff_member:
        request.session.set_expiry(settings.STAFF_IDLE_TIMEOUT)
        request.session[STAFF_MEMBER] = True
        request.session[STAFF_SEEN] = int(time.time())


def became_staff(user_id) -> None:
    """A citizen given a membership is staff in the sessions already open."""
    cache.set(_became_staff_key(user_id), True, timeout=settings.SESSION_COOKIE_AGE)


def is_staff_session(request) -> bool:
    user = request.user
    return (
        user.is_staff
        or user.is_superuser
        or bool(request.session.get(STAFF_MEMBER))
        or bool(cache.get(_became_staff_key(user.pk)))
    )
