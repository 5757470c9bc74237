import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    """Writes one file per message under SMS_FILE_PATH."""

    def __init__(self, file_path=None, **kwargs):
        super().__init__(**kwargs)
        self.directory = Path(file_path or settings.SMS_FILE_PATH)
        self.directory.mkdir(parents=True, exist_ok=True)

    def send_messages(self, messages) -> int:
        for message in messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = self.directory / f"{stamp}-{uuid.uuid4().hex}.txt"
            path.write_text(f"To: {message.to}\n\n{message.body}\n", encoding="utf-8")
        return len(messages)
