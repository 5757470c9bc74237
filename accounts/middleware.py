import time

from allauth.core.ratelimit import RateLimited
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.shortcuts import redirect, render

from accounts import staff

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
        if session is not None and session.get(staff.STAFF_MEMBER):
            now = int(time.time())
            if now - session.get("staff_seen", 0) >= STAFF_SESSION_REFRESH:
                session["staff_seen"] = now
        return response


class StaffSecondFactorMiddleware:
    """A staff member without an authenticator app opens nothing but the pages
    that set one up (and logout): every other request goes to the activation
    page. Once it is set up, allauth asks for its code at each login.

    Who is staff is known without a query: the user row says so for IOC staff
    and superusers, the session (accounts.staff) for agency members, and a new
    membership marks its user at once. Once checked, the session remembers
    the app, so a working session costs no query."""

    ENROLMENT_PAGES = frozenset(
        {
            "mfa_activate_totp",
            "mfa_view_recovery_codes",
            "mfa_download_recovery_codes",
            "mfa_generate_recovery_codes",
            "account_logout",
            "set_language",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.session.get(staff.SECOND_FACTOR_SET_UP):
            return None
        if not staff.is_staff_session(request):
            return None
        if is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            request.session[staff.SECOND_FACTOR_SET_UP] = True
            return None
        if request.resolver_match.url_name in self.ENROLMENT_PAGES:
            return None
        return redirect("mfa_activate_totp")
