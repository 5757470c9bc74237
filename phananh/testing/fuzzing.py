"""Running hypothesis under pytest-django, and the properties every fuzzing test
checks: no response is a server error, and stored text never comes back as
markup (HTML pages, Atom feeds, Open311's XML) or as a page a browser renders.

pytest-django rolls the database back per test function and the root conftest
clears the cache per test, but hypothesis runs many examples inside one test:
`isolated_example()` gives each example a clean cache (rate limits live there;
left alone they would turn every later example into a 429), an empty SMS
outbox and a savepoint that is rolled back, so examples never see each other's
rows and a database error in one cannot poison the next on PostgreSQL.

`FUZZ_SCALE=10 pytest ...` runs ten times the examples, for a deeper look.
"""

import contextlib
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, settings

from accounts import sms
from phananh.testing.strategies import MARKUP_PAYLOADS

# Hypothesis keeps caches (Unicode tables, constants of the code under test) in
# ./.hypothesis unless told otherwise: keep them out of the repository. Read
# when hypothesis first needs them, so setting it at import is early enough.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "phananh-hypothesis")
)

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def fuzz(max_examples: int):
    """The settings of every fuzzing test: fixtures are shared by the examples
    (each isolates itself), no deadline (the first request warms caches), and
    no example database, so nothing is written into the repository."""
    return settings(
        max_examples=max(1, round(max_examples * SCALE)),
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


@contextlib.contextmanager
def isolated_example():
    """One example's world: empty cache and SMS outbox, its rows rolled back."""
    cache.clear()
    sms.outbox.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def new_client(user=None) -> Client:
    """A client without cookies from earlier examples; logged in as `user` if given.
    It raises the view's exception, so a 500 fails with its traceback."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def has_nul(params: dict) -> bool:
    """Whether a query holds a NUL, which phananh.middleware refuses (400) first."""
    values = (
        v for value in params.values() for v in (value if isinstance(value, list) else [value])
    )
    return any("\x00" in str(value) for value in values)


# --- Properties -------------------------------------------------------------------


def assert_no_server_error(response) -> None:
    assert response.status_code < 500, (response.status_code, response.content[:500])  # nosec B101 # a test helper's check


def page_text(response) -> str:
    return response.content.decode()


def assert_safe_page(response) -> None:
    """Not a server error; an HTML page shows no markup payload as typed, however
    it got there (echoed in a form, stored, put in a message)."""
    assert_no_server_error(response)
    if response.get("Content-Type", "").startswith("text/html"):
        content = page_text(response)
        for payload in MARKUP_PAYLOADS:
            assert_not_markup(content, payload)


def assert_local_redirect(response) -> str:
    """A redirect stays on this site (no open redirect through `next`): read as
    a browser reads it, with backslashes as slashes and leading blanks dropped."""
    location = response["Location"]
    as_browser_reads = location.replace("\\", "/").lstrip("".join(map(chr, range(33))))
    parts = urlsplit(as_browser_reads)
    assert not (parts.scheme or parts.netloc or as_browser_reads.startswith("//")), location  # nosec B101 # a test helper's check
    return location


def assert_not_markup(content: str, payload: str) -> None:
    """`payload` (markup from the input) does not appear as it was typed."""
    assert payload not in content, f"input markup {payload!r} came back unescaped"  # nosec B101 # a test helper's check


def assert_shown_escaped(content: str, payload: str, stored: str) -> None:
    """The page shows the stored text escaped: the markup is not there as typed,
    and when it was stored as typed, its escaped form is (so the check is not
    passing merely because the text is missing)."""
    assert_not_markup(content, payload)
    if payload in stored:
        assert escape(payload) in content, f"{escape(payload)!r} not shown"  # nosec B101 # a test helper's check


def assert_json(response) -> object:
    """A JSON answer, served so that no browser renders it as a page."""
    assert response["Content-Type"].split(";")[0] in {"application/json", "application/geo+json"}  # nosec B101 # a test helper's check
    assert response["X-Content-Type-Options"] == "nosniff"  # nosec B101 # a test helper's check
    return response.json()
