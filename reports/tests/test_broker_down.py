"""With the real broker: a report changes state while Redis is unreachable, or
while no worker takes the task message, and the citizen still gets one SMS.

These tests need REDIS_URL (CI's second run: PostgreSQL + Redis). Celery is
eager in tests (phananh/settings/test.py); each test turns that off for itself,
points Celery at the broker it wants, and puts everything back afterwards, even
when it fails.
"""

import contextlib
import json
import time

import kombu.pools
import pytest
import redis
from django.conf import settings

from accounts import sms
from phananh.celery import app
from reports import public_cache, tasks, user_cache, workflow
from reports.models import Delivery, Report
from reports.notifications import delivery

from .factories import IocOperatorFactory, report_in_state

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not settings.REDIS_URL,
        reason="needs the real broker: set REDIS_URL (e.g. redis://127.0.0.1:6379/15)",
    ),
]

# Nothing listens on port 1: connections are refused at once.
CLOSED_PORT = "redis://127.0.0.1:1/0"
# Cached pages' versions moving on commit: not sends.
CACHE_REFRESHES = (public_cache.bump_version, user_cache.bump_version)

# Fail fast instead of retrying: a test must not wait for a broker that never comes.
FAIL_FAST = {
    "task_publish_retry": False,
    "broker_connection_retry": False,
    "broker_connection_retry_on_startup": False,
    "broker_connection_max_retries": 0,
    "broker_connection_timeout": 1,
    "broker_transport_options": {
        "socket_connect_timeout": 0.5,
        "socket_timeout": 0.5,
        "retry_on_timeout": False,
        "max_retries": 0,
    },
}


def _drop_connections():
    """Forget pooled broker connections, so the next publish uses the current URL.
    kombu also keeps producer pools per connection in its own registry: they go
    too, or a publish after this one would find a pool over closed connections."""
    if app._pool is not None:
        with contextlib.suppress(Exception):
            app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    kombu.pools.reset()


@contextlib.contextmanager
def celery_with_broker(url):
    """Celery really publishing to `url` (not eager), restored on the way out."""
    changes = {"task_always_eager": False, "broker_url": url, **FAIL_FAST}
    saved = {key: app.conf[key] for key in changes}
    _drop_connections()
    app.conf.update(changes)
    try:
        yield
    finally:
        _drop_connections()
        app.conf.update(saved)


def receive(report, actor):
    return workflow.report_receive(
        report=report, actor=actor, category=report.category, level="normal", is_public=True
    )


@pytest.fixture
def submitted(citizen):
    return report_in_state(Report.Status.SUBMITTED, reporter=citizen)


@pytest.fixture
def ioc(db):
    return IocOperatorFactory()


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(settings.REDIS_URL)
    yield client
    client.close()


def test_the_config_is_restored_even_when_the_test_fails():
    before = (app.conf.task_always_eager, app.conf.broker_url)
    with pytest.raises(ZeroDivisionError), celery_with_broker(CLOSED_PORT):
        assert (app.conf.task_always_eager, app.conf.broker_url) == (False, CLOSED_PORT)
        1 / 0  # noqa: B018
    assert (app.conf.task_always_eager, app.conf.broker_url) == before
    assert app.conf.task_always_eager is True


def test_broker_down_during_a_transition_loses_nothing(
    submitted, ioc, citizen, django_capture_on_commit_callbacks, caplog
):
    started = time.monotonic()
    with celery_with_broker(CLOSED_PORT):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            receive(submitted, ioc)
        # The hand-over to the broker failed and was logged, not raised.
        sends = [c for c in callbacks if getattr(c, "func", None) is delivery.send_soon]
        assert len(sends) == 1
        assert "Error calling" in caplog.text

    # The change is made; the SMS waits in the outbox; nothing was sent.
    assert Report.objects.get(pk=submitted.pk).status == Report.Status.RECEIVED
    row = Delivery.objects.get(report=submitted)
    assert (row.channel, row.status, row.attempts) == (
        Delivery.Channel.SMS,
        Delivery.Status.PENDING,
        0,
    )
    assert sms.outbox == []

    # The broker is back (the settings' Redis answers); the sweep sends it, once.
    with celery_with_broker(settings.REDIS_URL), app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1)
    assert delivery.deliver_pending() == 1
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENT
    assert [(message.to, message.key) for message in sms.outbox] == [
        (str(citizen.phone), str(row.key))
    ]
    assert submitted.code in sms.outbox[0].body

    assert delivery.deliver_pending() == 0
    assert len(sms.outbox) == 1
    assert time.monotonic() - started < 5


def test_a_task_message_nobody_consumes_loses_nothing(
    submitted, ioc, redis_client, django_capture_on_commit_callbacks
):
    """The task is really published to Redis, but no worker takes it (it is lost
    with a crashed worker, or the worker is down). The row waits; the sweep sends
    it; a worker that runs the old message later sends nothing more."""
    queue = app.conf.task_default_queue
    before = set(redis_client.lrange(queue, 0, -1))
    published = []
    try:
        with celery_with_broker(settings.REDIS_URL):
            with django_capture_on_commit_callbacks(execute=True):
                receive(submitted, ioc)
            row = Delivery.objects.get(report=submitted)
            published = [
                raw
                for raw in redis_client.lrange(queue, 0, -1)
                if raw not in before and _is_deliver_task(raw, row.pk)
            ]
        assert len(published) == 1

        row.refresh_from_db()
        assert (row.status, row.attempts) == (Delivery.Status.PENDING, 0)
        assert sms.outbox == []

        assert delivery.deliver_pending() == 1
        row.refresh_from_db()
        assert row.status == Delivery.Status.SENT
        assert [message.key for message in sms.outbox] == [str(row.key)]

        # A worker that picks up the old message afterwards sends nothing more.
        tasks.deliver(row.pk)
        assert delivery.deliver_pending() == 0
        assert len(sms.outbox) == 1
    finally:
        for raw in published:
            redis_client.lrem(queue, 1, raw)


def _is_deliver_task(raw: bytes, delivery_id: int) -> bool:
    try:
        headers = json.loads(raw)["headers"]
    except (ValueError, KeyError, TypeError):
        return False
    return headers.get("task") == "reports.tasks.deliver" and headers.get("argsrepr") == (
        f"({delivery_id},)"
    )
