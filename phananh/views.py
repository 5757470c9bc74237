"""The portal's pages outside any app: health checks for the load balancer,
and the server error page, which says 503 while the database is away."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from phananh.cache import redis_reachable

# Seconds a client is told to wait when the database is away (a restart takes ~10).
DATABASE_RETRY_AFTER = 30


def healthz(request):
    """Liveness: the process answers. Touches neither the database nor Redis,
    so a database outage never makes the balancer restart every web worker."""
    response = HttpResponse("ok", content_type="text/plain")
    add_never_cache_headers(response)
    return response


def readyz(request):
    """Readiness: the database and Redis (cache and broker) both answer."""
    checks = {"database": _database_answers(), "redis": redis_reachable()}
    response = JsonResponse(
        {name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        status=200 if all(checks.values()) else 503,
    )
    add_never_cache_headers(response)
    return response


def server_error(request):
    """Django's 500 page, except while the database cannot be reached: then a
    503 that asks the citizen to retry, built without the database (no
    context processors, no user, no session)."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        add_never_cache_headers(response)
        return response
    return defaults.server_error(request)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True
