import pytest

from accounts import sms

pytest_plugins = ["phananh.testing.browser"]


@pytest.fixture(autouse=True)
def _isolated_outbox_and_cache():
    """Each test starts with an empty SMS outbox and an empty cache (rate limits live there)."""
    from django.core.cache import cache

    sms.outbox.clear()
    cache.clear()
    yield
    sms.outbox.clear()
