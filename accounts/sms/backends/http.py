import requests
from django.conf import settings

from accounts.phone import redact_phone_numbers
from accounts.sms import SmsDeliveryError

from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    """Posts each message as JSON to a generic gateway:

        POST SMS_GATEWAY_URL
        Authorization: Bearer SMS_GATEWAY_TOKEN
        {"to": "+84912345678", "text": "...", "sender": SMS_SENDER_NAME, "id": "<key>"}

    `id` is the message's idempotency key, when it has one.
    Any answer other than 2xx, a timeout or a refused connection raises
    SmsDeliveryError with the reason.
    """

    def __init__(self, url=None, token=None, timeout=None, **kwargs):
        super().__init__(**kwargs)
        self.url = url or settings.SMS_GATEWAY_URL
        self.token = token or settings.SMS_GATEWAY_TOKEN
        self.timeout = timeout or settings.SMS_GATEWAY_TIMEOUT
        if not self.url:
            raise SmsDeliveryError("SMS_GATEWAY_URL is not set.")

    def send_messages(self, messages) -> int:
        with requests.Session() as session:
            session.headers["Authorization"] = f"Bearer {self.token}"
            for message in messages:
                self._post(session, message)
        return len(messages)

    def _post(self, session, message):
        payload = {"to": message.to, "text": message.body, "sender": settings.SMS_SENDER_NAME}
        if message.key:
            payload["id"] = message.key  # the gateway drops a repeated id
        try:
            response = session.post(self.url, json=payload, timeout=self.timeout)
        except requests.Timeout as error:
            raise SmsDeliveryError(f"SMS gateway timed out after {self.timeout}s.") from error
        except requests.RequestException as error:
            raise SmsDeliveryError(f"SMS gateway unreachable: {error}") from error
        if not response.ok:
            # The reason is logged and kept in the outbox: never the number.
            reason = f"HTTP {response.status_code} {redact_phone_numbers(response.text[:200])}"
            raise SmsDeliveryError(f"SMS gateway refused the message: {reason}")
