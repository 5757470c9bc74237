"""Sending SMS, shaped like django.core.mail: pick a backend with SMS_BACKEND.

Backends: console (development), locmem (tests read `accounts.sms.outbox`),
file (one file per message under SMS_FILE_PATH) and http (a JSON gateway).
"""

from dataclasses import dataclass

from django.conf import settings
from django.dispatch import Signal
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164
    body: str
    # Sent to the gateway so that a retried message is not delivered twice.
    key: str = ""


class SmsDeliveryError(Exception):
    """The gateway could not take the message; the text says why."""


# Sent with `to` and `body` when the gateway refused a message that must still
# go out: the outbox keeps it and retries (reports/receivers.py).
sms_deferred = Signal()

# The locmem backend appends here, as Django's does to mail.outbox.
outbox: list[SmsMessage] = []


def get_connection(backend: str | None = None, **kwargs):
    return import_string(backend or settings.SMS_BACKEND)(**kwargs)


def send_sms(*, to: str, body: str, key: str = "", connection=None) -> int:
    """Send one message; returns how many were sent. Raises SmsDeliveryError."""
    connection = connection or get_connection()
    return connection.send_messages([SmsMessage(to=str(to), body=body, key=key)])
