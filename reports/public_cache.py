"""Anonymous visitors' pages, kept whole in the cache (README §10).

Every visitor who is not logged in sees the same community pages, so each is
rendered once and then served from Redis. Every key carries the *public
version*, a counter that any change a public page may show moves on (the
receivers in reports/apps.py and moderation/apps.py call `public_changed`).
A new version makes every older page unreachable at once: nothing to find and
delete, and a change reaches the public pages as soon as it commits.

Only anonymous GETs are cached and answered from the cache: a logged-in user's
page has their name, their notifications and what only staff may see, so it is
never served from here (user_cache.py keeps each user's pages apart). The
storing itself is page_store.py's.
"""

from django.db import transaction

from reports.page_store import cached_pages, current_version, move_version, page_key

VERSION_KEY = "public:version"


def public_version() -> int | None:
    return current_version(VERSION_KEY)


def public_changed() -> None:
    """Something a public page may show changed. The version moves now, so this
    process never serves the old page, and again on commit, so a page cached
    by another request before the commit is not served either."""
    bump_version()
    transaction.on_commit(bump_version)


def bump_version() -> None:
    move_version(VERSION_KEY)


def _visitor_key(request) -> str | None:
    # A partner's Open311 call with its key sees its own reports: never shared.
    if request.user.is_authenticated or "api_key" in request.GET:
        return None
    return page_key("public:page", request, public_version())


# Serve a view to anonymous visitors from the cache, per address (with its
# query string) and language; others pass through.
cached_for_visitors = cached_pages(_visitor_key, shared=True)
