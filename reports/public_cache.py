"""Anonymous visitors' pages, kept whole in the cache (SPEC 10).

Every visitor who is not logged in sees the same community pages, so each is
rendered once and then served from Redis. Every key carries the *public
version*, a counter that any change a public page may show moves on (the
receivers in reports/apps.py and moderation/apps.py call `public_changed`).
A new version makes every older page unreachable at once: nothing to find and
delete, and a change reaches the public pages as soon as it commits.

Only anonymous GETs are cached and answered from the cache: a logged-in user's
page has their name, their notifications and what only staff may see, so it is
always rendered for them. The one per-visitor part of an anonymous page, the
CSRF token of the language switch, is taken out before storing and put back
for each visitor.
"""

import contextlib
import functools
import hashlib
import re
import time

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

VERSION_KEY = "public:version"
# What a stored page holds; a new layout gets new keys, so a deploy never reads old ones.
STORED_FORMAT = 2
# Time-dependent details (the overdue badge, "quá hạn") refresh at least this often.
PAGE_TIMEOUT = 60
# Set again for each response by the middleware or the server.
PER_RESPONSE_HEADERS = frozenset({"content-length", "set-cookie", "vary"})
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_TOKEN_MARK = b"@csrf-token@"
CSRF_PLACEHOLDER = rb"\1" + CSRF_TOKEN_MARK + rb"\2"


def public_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh start (or an evicted key) must never reuse an old version.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def public_changed() -> None:
    """Something a public page may show changed. The version moves now, so this
    process never serves the old page, and again on commit, so a page cached
    by another request before the commit is not served either."""
    bump_version()
    transaction.on_commit(bump_version)


def bump_version() -> None:
    with contextlib.suppress(ValueError):  # no version yet: the next read starts one
        cache.incr(VERSION_KEY)


def cached_for_visitors(view):
    """Serve `view` to anonymous GET requests from the cache, per address
    (with its query string) and language; render and store it on a miss. Others pass through."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        stored = cache.get(key)
        if stored is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if not _storable(response):
                return response
            headers = {
                name: value
                for name, value in response.headers.items()
                if name.lower() not in PER_RESPONSE_HEADERS
            }
            content, tokens = CSRF_FIELD.subn(CSRF_PLACEHOLDER, response.content)
            stored = (headers, content, tokens > 0)
            cache.set(key, stored, PAGE_TIMEOUT)
        return _from_stored(request, stored)

    return wrapper


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    # A page with a message for this visitor ("Bạn đã đăng xuất") is theirs alone.
    messages = getattr(request, "_messages", None)
    return not messages


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _page_key(request) -> str:
    # The host and scheme too: share links, feeds and Open311 carry absolute URLs.
    address = request.build_absolute_uri().encode()
    digest = hashlib.blake2b(address, digest_size=16).hexdigest()
    return f"public:page{STORED_FORMAT}:{public_version()}:{get_language()}:{digest}"


def _from_stored(request, stored) -> HttpResponse:
    headers, content, has_token = stored
    if has_token:
        # get_token() also has the CSRF middleware set the visitor's cookie.
        content = content.replace(CSRF_TOKEN_MARK, get_token(request).encode())
    return HttpResponse(content, headers=headers)
