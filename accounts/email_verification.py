"""A profile's e-mail address is confirmed by a signed link sent to it before
the portal sends it anything else (security review, issue 10 item 18)."""

import logging

from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User

logger = logging.getLogger(__name__)

SALT = "accounts.email-verification"
MAX_AGE = 3 * 24 * 60 * 60


def send_link(request, user: User) -> bool:
    """Mail the confirmation link of the user's current address; False if it could not go."""
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=SALT)
    link = request.build_absolute_uri(reverse("accounts:verify_email", args=[token]))
    try:
        send_mail(
            _("Xác nhận thư điện tử – Phản ánh hiện trường"),
            _(
                "Để nhận thông báo của cổng Phản ánh hiện trường tại địa chỉ này, hãy mở liên "
                "kết sau trong 3 ngày:\n%(link)s\n\nNếu bạn không yêu cầu, hãy bỏ qua thư này."
            )
            % {"link": link},
            None,
            [user.email],
        )
    except OSError:
        logger.warning("Could not send the e-mail confirmation of user %s", user.pk)
        return False
    return True


def confirm(token: str) -> User | None:
    """The user whose address the token confirms, now marked verified; None if
    the token is wrong, too old or for an address the user no longer has."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("user"), email=data.get("email")).first()
    if user is None or not user.email:
        return None
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])
    return user
