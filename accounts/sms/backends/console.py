import sys
import threading

from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    """Writes each message to a stream (stdout by default) and flushes it, so
    codes reach a log file at once, as Django's console e-mail backend does."""

    def __init__(self, stream=None, **kwargs):
        super().__init__(**kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.Lock()

    def send_messages(self, messages) -> int:
        with self._lock:
            for message in messages:
                self.stream.write(f"[SMS] to {message.to}: {message.body}\n")
            self.stream.flush()
        return len(messages)
