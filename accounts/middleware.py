import time

from allauth.core.ratelimit import RateLimited
from django.shortcuts import render

# A staff session is saved again at most this often, which restarts its idle clock.
STAFF_SESSION_REFRESH = 60


class RateLimitedMiddleware:
    """A rate limit hit deep inside an allauth flow becomes a Vietnamese 429
    page rather than a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return render(request, "429.html", status=429)
        return None


class StaffIdleMiddleware:
    """Staff sessions end after settings.STAFF_IDLE_TIMEOUT without a request
    (accounts.receivers sets the expiry at login). Each request within it keeps
    the session alive; it is saved at most once a minute, not on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.get("staff_idle_timeout"):
            now = int(time.time())
            if now - session.get("staff_seen", 0) >= STAFF_SESSION_REFRESH:
                session["staff_seen"] = now
        return response
