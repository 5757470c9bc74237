"""Signed-in users' list pages, kept whole in the cache for each user (README §10).

The citizen's own reports, the agency queue, the moderation queue and the
admin's report list are read far more often than anything changes. Each is
kept per user, under the *data version*: a counter that every write to the
database moves (an INSERT, UPDATE or DELETE of any row of any table but the ones below),
whether it comes from a view, the admin, a Celery task, a bulk update or raw
SQL. So a cached page is never older than the last write: a new report,
comment, notification, membership or permission reaches every page at once.
In a busy hour most requests miss and cost what they cost without the cache;
a quiet queue, reloaded, is served at once.

Only GETs of a user, never another's: the key holds the user's id and the
request's absolute address. Pages with a message, a cookie or another status
than 200 are not kept. What the page marks private (the admin's never-cache
headers) is sent again as it came: it is meant for browsers and proxies.
"""

from django.db import transaction
from django.db.backends.signals import connection_created

from reports.page_store import cached_pages, current_version, move_version, page_key

VERSION_KEY = "data:version"
# Frequent writes that no cached page shows: sessions (every login) and the outbox.
UNSHOWN_TABLES = ("django_session", "reports_delivery")
WRITES = ("INSERT", "UPDATE", "DELETE")


def data_version() -> int | None:
    return current_version(VERSION_KEY)


def data_changed(using: str) -> None:
    """Move the version now (this process never serves the old page) and on
    commit (a page cached by another request before the commit is not served)."""
    bump_version()
    transaction.on_commit(bump_version, using=using)


def bump_version() -> None:
    move_version(VERSION_KEY)


def _note_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    statement = sql.lstrip()[:6].upper()
    if statement not in WRITES or any(table in sql for table in UNSHOWN_TABLES):
        return result
    # A write that touched no row (an UPDATE matching nothing, an INSERT of a
    # duplicate ignored) changed nothing. SQLite counts the rows of a RETURNING
    # statement only once they are fetched: those always count.
    if context["cursor"].rowcount != 0 or " RETURNING " in sql:
        data_changed(context["connection"].alias)
    return result


def _watch_connection(sender, connection, **kwargs) -> None:
    # What connection.execute_wrapper() does for a block, here for the connection's life.
    if _note_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_note_writes)


def connect() -> None:
    connection_created.connect(_watch_connection, dispatch_uid="user-cache-writes")


def _user_key(request) -> str | None:
    if not request.user.is_authenticated:
        return None
    return page_key("user:page", request, data_version(), request.user.pk)


# Serve a signed-in user's view from their own cached copy; visitors pass through.
cached_for_user = cached_pages(_user_key, shared=False)
