"""The outbox (`Delivery` rows): writing it, and sending it by SMS or e-mail.

`queue` writes rows in the caller's transaction and hands each to a worker
once that transaction commits; the periodic sweep (`deliver_pending`) sends
whatever the broker or a worker missed. A delivery is locked while it is sent,
so two workers never send the same row; a failure leaves it pending for the
next try (up to MAX_ATTEMPTS). Each SMS carries the row's key, so a gateway
that already took it drops a repeat after a crash between sending and recording.

Tasks call this module and it never imports them: it hands a row to the worker
by the task's name (DELIVER_TASK), as beat's schedule does.
"""

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.sms import send_sms, sms_deferred
from accounts.text import without_control_characters
from reports.models import Delivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
SWEEP_BATCH = 200
# reports.tasks.deliver: sends one row (its body is `deliver` below).
DELIVER_TASK = "reports.tasks.deliver"


def queue(*, deliveries: Sequence[Delivery]) -> None:
    """Write unsaved rows to the outbox and send each soon after commit.

    A row whose `dedupe_key` is already in the outbox is neither written nor
    sent again (an occasion announced twice, e.g. reminders run twice a day).
    A fixed number of queries however many rows, for the morning reminders.
    """
    for row in deliveries:
        # As a save stores text (accounts.receivers), which a bulk insert skips.
        row.address, row.subject, row.body = (
            without_control_characters(text) for text in (row.address, row.subject, row.body)
        )
    keyed = {row.dedupe_key: row for row in deliveries if row.dedupe_key}
    if keyed:
        taken = set(
            Delivery.objects.filter(dedupe_key__in=keyed).values_list("dedupe_key", flat=True)
        )
        fresh = {key: row for key, row in keyed.items() if key not in taken}
        deliveries = [
            row for row in deliveries if not row.dedupe_key or fresh.get(row.dedupe_key) is row
        ]
    if not deliveries:
        return
    if keyed:
        # A run at the same moment may have written the same occasion since:
        # its row wins; the rows written here are found by their own keys.
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        ids = Delivery.objects.filter(key__in=[row.key for row in deliveries]).order_by("pk")
        ids = list(ids.values_list("pk", flat=True))
    else:
        ids = [row.pk for row in Delivery.objects.bulk_create(deliveries)]
    for delivery_id in ids:
        transaction.on_commit(functools.partial(send_soon, delivery_id), robust=True)


def send_soon(delivery_id: int) -> None:
    """Hand one committed row to a worker. If the broker is down this fails, is
    logged (on_commit is robust), and the periodic sweep sends the row later."""
    current_app.tasks[DELIVER_TASK].delay(delivery_id)


def deliver(delivery_id: int) -> bool:
    """Send one pending delivery; True when it went out now."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(pk=delivery_id, status=Delivery.Status.PENDING)
            .first()
        )
        if delivery is None:  # already sent, given up, or another worker has it
            return False
        delivery.attempts += 1
        try:
            _send(delivery)
        except Exception as error:  # any failure of the gateway is one failed attempt
            logger.warning(
                "Delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, error
            )
            delivery.last_error = str(error)[:1000]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = Delivery.Status.FAILED
            delivery.save(update_fields=["attempts", "last_error", "status"])
            return False
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["attempts", "status", "sent_at"])
        return True


@dataclass
class ResendOutcome:
    sent: int = 0
    still_failing: int = 0
    skipped: int = 0


def resend_failed(deliveries) -> ResendOutcome:
    """Failed messages go back to pending and get one more try now; a message
    still failing stays pending for the sweep until it runs out of attempts
    again. Sent and pending messages are left alone."""
    outcome = ResendOutcome()
    for delivery in deliveries.order_by("pk"):
        if delivery.status != Delivery.Status.FAILED:
            outcome.skipped += 1
            continue
        delivery.status = Delivery.Status.PENDING
        delivery.save(update_fields=["status"])
        if deliver(delivery.pk):
            outcome.sent += 1
        else:
            outcome.still_failing += 1
    return outcome


def deliver_pending() -> int:
    """The sweep: try every pending delivery, oldest first. Returns how many went out."""
    pending = Delivery.objects.filter(status=Delivery.Status.PENDING).order_by("created_at")
    sent = 0
    for pk in pending.values_list("pk", flat=True)[:SWEEP_BATCH]:
        try:
            sent += deliver(pk)
        except Exception:  # a database error on one row must not stop the sweep
            logger.exception("Delivery %s could not be processed", pk)
    return sent


def _send(delivery: Delivery) -> None:
    if delivery.channel == Delivery.Channel.SMS:
        send_sms(to=delivery.address, body=delivery.body, key=str(delivery.key))
    else:
        send_mail(delivery.subject, delivery.body, settings.DEFAULT_FROM_EMAIL, [delivery.address])


def keep_deferred_sms(sender, to, body, **kwargs) -> None:
    """An account's SMS (a code) the gateway refused: a pending row the sweep retries."""
    Delivery.objects.create(
        channel=Delivery.Channel.SMS,
        recipient=User.objects.filter(phone=to).first(),
        address=to,
        body=body,
    )


def connect() -> None:
    sms_deferred.connect(keep_deferred_sms, dispatch_uid="outbox-deferred-sms")
