"""Sending the outbox (`Delivery` rows) by SMS or e-mail.

A delivery is locked while it is sent, so two workers never send the same row;
a failure leaves it pending for the next try (up to MAX_ATTEMPTS). Each SMS
carries the row's key, so a gateway that already took it drops a repeat after a
crash between sending and recording.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.sms import send_sms, sms_deferred
from reports.models import Delivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
SWEEP_BATCH = 200


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
