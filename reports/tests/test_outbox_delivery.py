"""Sending once: each outbox row goes out once with its key; a gateway failure
leaves it pending for the sweep `deliver_pending`, up to `MAX_ATTEMPTS`; a
crash after the gateway took it resends the same key; a row that crashes does
not hold up the others; two workers never send the same row. The fake gateway
below behaves like a real one: it can fail, and it hands a message to the phone
network once per id (`SmsMessage.key`, the row's key)."""

import contextlib
import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from accounts import sms
from accounts.sms import SmsDeliveryError
from reports import tasks, workflow
from reports.models import Delivery
from reports.notifications import delivery

from .factories import report_in_state
from .outbox_world import EMAIL, FAILED, PENDING, SENT, SMS, S
from .outbox_world import ioc as ioc
from .outbox_world import reporter as reporter

pytestmark = pytest.mark.django_db


# --- A fake gateway -----------------------------------------------------------------

GATEWAY = SimpleNamespace(failures=0, accepted=[])


class Gateway:
    """An SMS backend like a real gateway: fails `GATEWAY.failures` times, records
    every message it accepts (`GATEWAY.accepted`, retries included) and passes
    each id to the phone network (`sms.outbox`) once, dropping repeats."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        if GATEWAY.failures:
            GATEWAY.failures -= 1
            raise SmsDeliveryError("SMS gateway refused the message: HTTP 503 Service Unavailable")
        for message in messages:
            GATEWAY.accepted.append(message)
            if message.key not in {delivered.key for delivered in sms.outbox}:
                sms.outbox.append(message)
        return len(messages)


@pytest.fixture
def gateway(settings):
    settings.SMS_BACKEND = f"{__name__}.Gateway"
    GATEWAY.failures, GATEWAY.accepted = 0, []
    yield GATEWAY
    GATEWAY.failures, GATEWAY.accepted = 0, []


# --- Sending once ------------------------------------------------------------------------------


def received_by_ioc(reporter, ioc, capture):
    """Receive a submitted report (an SMS and an e-mail to the reporter), after commit."""
    report = report_in_state(S.SUBMITTED, reporter=reporter)
    with capture(execute=True):
        workflow.report_receive(
            report=report, actor=ioc, category=report.category, level="normal", is_public=True
        )
    return report, Delivery.objects.get(report=report, channel=SMS)


def test_the_sms_goes_out_once_with_its_key(reporter, ioc, django_capture_on_commit_callbacks):
    report, row = received_by_ioc(reporter, ioc, django_capture_on_commit_callbacks)

    assert len(sms.outbox) == 1
    message = sms.outbox[0]
    assert message.to == str(reporter.phone)
    assert report.code in message.body
    assert message.key == str(row.key)
    assert (row.status, row.attempts, row.last_error) == (SENT, 1, "")
    assert row.sent_at is not None

    # Sending it again, by hand, by the task or by the sweep, sends nothing.
    assert delivery.deliver(row.pk) is False
    tasks.deliver.delay(row.pk)
    assert delivery.deliver_pending() == 0
    tasks.deliver_pending.delay()
    assert len(sms.outbox) == 1
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (SENT, 1)


def test_a_gateway_failure_leaves_it_pending_until_the_sweep(
    reporter, ioc, gateway, django_capture_on_commit_callbacks
):
    gateway.failures = 1
    _report, row = received_by_ioc(reporter, ioc, django_capture_on_commit_callbacks)

    row.refresh_from_db()
    assert (row.status, row.attempts) == (PENDING, 1)
    assert "HTTP 503" in row.last_error
    assert sms.outbox == []

    assert delivery.deliver_pending() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (SENT, 2)
    assert [message.key for message in sms.outbox] == [str(row.key)]

    assert delivery.deliver_pending() == 0
    assert len(sms.outbox) == 1


def test_after_max_attempts_it_is_failed_and_left_alone(
    reporter, ioc, gateway, django_capture_on_commit_callbacks
):
    gateway.failures = delivery.MAX_ATTEMPTS + 5
    _report, row = received_by_ioc(reporter, ioc, django_capture_on_commit_callbacks)

    for attempt in range(2, delivery.MAX_ATTEMPTS):
        delivery.deliver_pending()
        row.refresh_from_db()
        assert (row.status, row.attempts) == (PENDING, attempt)
    delivery.deliver_pending()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (FAILED, delivery.MAX_ATTEMPTS)
    assert row.last_error

    gateway.failures = 0  # the gateway is back: a failed row stays failed
    assert delivery.deliver_pending() == 0
    assert delivery.deliver(row.pk) is False
    row.refresh_from_db()
    assert (row.status, row.attempts) == (FAILED, delivery.MAX_ATTEMPTS)
    assert sms.outbox == []


def test_a_crash_after_the_gateway_took_it_resends_the_same_key(
    reporter, ioc, gateway, monkeypatch, django_capture_on_commit_callbacks
):
    """The worker dies after the gateway accepted the SMS but before the row is
    marked sent. The row's update is rolled back, so it is still pending and the
    sweep sends it again: the outbox alone gives "at least once". The retry
    carries the SAME key as the first try, and a gateway drops an id it has
    already taken, so the citizen gets one SMS, not two."""
    real_save = Delivery.save
    crashes = []

    def save(self, *args, **kwargs):
        if not crashes and "sent_at" in (kwargs.get("update_fields") or ()):
            crashes.append(self.pk)
            raise RuntimeError("worker killed")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Delivery, "save", save)

    _report, row = received_by_ioc(reporter, ioc, django_capture_on_commit_callbacks)

    assert crashes == [row.pk]
    row.refresh_from_db()
    assert row.status == PENDING
    assert [message.key for message in gateway.accepted] == [str(row.key)]

    assert delivery.deliver_pending() == 1

    row.refresh_from_db()
    assert row.status == SENT
    # Two submissions to the gateway with one key...
    assert [message.key for message in gateway.accepted] == [str(row.key), str(row.key)]
    assert gateway.accepted[0] == gateway.accepted[1]
    # ...and one SMS on the citizen's phone.
    assert len(sms.outbox) == 1
    assert delivery.deliver_pending() == 0
    assert len(gateway.accepted) == 2


def test_a_delivery_that_crashes_does_not_hold_up_the_others(
    reporter, ioc, monkeypatch, django_capture_on_commit_callbacks
):
    """A row whose sending raises something unexpected (a bug in a backend, a
    malformed address) must not stop the sweep from sending the rows after it."""
    poisoned, _row = received_by_ioc(reporter, ioc, django_capture_on_commit_callbacks)
    Delivery.objects.update(status=PENDING)
    sms.outbox.clear()
    mail.outbox.clear()
    real_send = delivery._send

    def send(row):
        if row.report_id == poisoned.pk and row.channel == SMS:
            raise RuntimeError("backend bug")
        return real_send(row)

    monkeypatch.setattr(delivery, "_send", send)
    Delivery.objects.filter(report=poisoned, channel=SMS).update(
        created_at=timezone.now() - timedelta(hours=1)
    )

    # Whether the sweep reports the crash is not the point; the others must go out.
    with contextlib.suppress(RuntimeError):
        delivery.deliver_pending()
    assert Delivery.objects.get(report=poisoned, channel=EMAIL).status == SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_row(reporter):
    """While one worker holds a row (PostgreSQL row lock), another skips it."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update skip_locked) need PostgreSQL")
    row = Delivery.objects.create(
        channel=SMS, recipient=reporter, address=str(reporter.phone), body="Thử."
    )
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                Delivery.objects.select_for_update().get(pk=row.pk)
                locked.set()
                release.wait(5)
        finally:
            connection.close()

    worker = threading.Thread(target=other_worker)
    worker.start()
    try:
        assert locked.wait(5)
        assert delivery.deliver(row.pk) is False
        assert sms.outbox == []
    finally:
        release.set()
        worker.join(5)
    assert delivery.deliver(row.pk) is True
    assert len(sms.outbox) == 1
