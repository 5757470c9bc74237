"""Whole pages kept in the cache: what the visitors' cache (public_cache.py) and
the signed-in users' cache (user_cache.py) share.

A page is rendered once, stored, and served again while its key holds. Each
cache decides the key; a key of None lets the request through untouched. The
per-response parts are never stored: the cookies, the length, the
Content-Security-Policy header, and the CSRF token of every form and the CSP
nonce of every inline script or style (the stored page has marks in their
place, and each request gets its own token and nonce).
"""

import contextlib
import functools
import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from phananh.cache import CacheUnavailable

# What a stored page holds; a new layout gets new keys, so a deploy never reads old ones.
STORED_FORMAT = 3
# Time-dependent details (the overdue badge, "quá hạn") refresh at least this often.
PAGE_TIMEOUT = 60
# Set again for each response by the middleware or the server.
PER_RESPONSE_HEADERS = frozenset(
    {"content-length", "set-cookie", "vary", "content-security-policy"}
)
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_TOKEN_MARK = b"@csrf-token@"
CSRF_PLACEHOLDER = rb"\1" + CSRF_TOKEN_MARK + rb"\2"
NONCE_ATTRIBUTE = re.compile(rb'( nonce=")[^"]*(")')
NONCE_MARK = b"@csp-nonce@"
NONCE_PLACEHOLDER = rb"\1" + NONCE_MARK + rb"\2"


def current_version(key: str) -> int | None:
    """The counter under `key` that the keys of a cache's pages hold. It starts
    at the clock's nanoseconds, so a fresh start (or an evicted key) never
    reuses an old number; None while Redis cannot be reached."""
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return version


def move_version(key: str) -> None:
    """Move the counter on, so no page stored under the old number is served.
    Without a counter yet, the next read starts one; with Redis away, the
    write that moved it goes on (a restarted Redis holds no old pages)."""
    with contextlib.suppress(ValueError, CacheUnavailable):
        cache.incr(key)


def cached_pages(key_for, *, shared: bool):
    """A view decorator: serve GET and HEAD requests from the cache under
    `key_for(request)`, rendering and storing on a miss. A `shared` cache serves
    one page to many people, so it never stores a response marked private."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            key = key_for(request) if _cacheable(request) else None
            if key is None:
                return view(request, *args, **kwargs)
            stored = cache.get(key)
            if stored is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                if not _storable(response, shared=shared):
                    return response
                stored = _stored(response)
                cache.set(key, stored, PAGE_TIMEOUT)
            return _from_stored(request, stored)

        return wrapper

    return decorator


def page_key(prefix: str, request, *parts) -> str:
    """`prefix`, `parts`, the language and a digest of the absolute address
    (host and scheme too: share links, feeds and Open311 carry absolute URLs)."""
    address = request.build_absolute_uri().encode()
    digest = hashlib.blake2b(address, digest_size=16).hexdigest()
    return ":".join(
        (f"{prefix}{STORED_FORMAT}", *(str(part) for part in parts), get_language(), digest)
    )


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    # A page with a message for this visitor ("Bạn đã đăng xuất") is theirs alone.
    return not getattr(request, "_messages", None)


def _storable(response, *, shared: bool) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        # The CSRF cookie is set again for each request that gets the page (_from_stored).
        and not set(response.cookies) - {settings.CSRF_COOKIE_NAME}
        and not response.has_header("Set-Cookie")
        and not (shared and ("no-store" in cache_control or "private" in cache_control))
    )


def _stored(response) -> tuple:
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in PER_RESPONSE_HEADERS
    }
    content, tokens = CSRF_FIELD.subn(CSRF_PLACEHOLDER, response.content)
    content, nonces = NONCE_ATTRIBUTE.subn(NONCE_PLACEHOLDER, content)
    return headers, content, tokens > 0, nonces > 0


def _from_stored(request, stored) -> HttpResponse:
    headers, content, has_token, has_nonce = stored
    if has_token:
        # get_token() also has the CSRF middleware set the visitor's cookie.
        content = content.replace(CSRF_TOKEN_MARK, get_token(request).encode())
    if has_nonce:
        # Reading the nonce has the CSP middleware put it in this response's header.
        content = content.replace(NONCE_MARK, str(get_nonce(request)).encode())
    return HttpResponse(content, headers=headers)
