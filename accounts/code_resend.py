"""When a visitor may ask for a new SMS code: ``SMS_CODE_RESEND_COOLDOWN``
seconds after the last one was sent. Activation and password reset both ask
here, and their pages count the wait down."""

import math
import time

from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _


def seconds_to_wait(sent_at: float) -> int:
    """Whole seconds left before a new code may go to the same visitor (0: now)."""
    return max(0, math.ceil(settings.SMS_CODE_RESEND_COOLDOWN - (time.time() - sent_at)))


def refuse(request) -> None:
    messages.error(
        request,
        _("Chỉ gửi lại mã sau %(seconds)s giây kể từ lần gửi trước. Vui lòng đợi.")
        % {"seconds": settings.SMS_CODE_RESEND_COOLDOWN},
    )
