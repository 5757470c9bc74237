"""One-click unsubscribe from every e-mail and SMS this app sends: a signed
link, no login needed (README §5). The token names what it stops (a
subscription or a follow) and is refused once altered; stopping twice is fine.

A GET shows a confirmation page and its form POSTs (with the page's CSRF
token), so a mail scanner that opens links stops nothing."""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

SALT = "engagement.unsubscribe"
SUBSCRIPTION = "s"
FOLLOW = "f"


def token_for(kind: str, pk: int) -> str:
    return signing.dumps([kind, pk], salt=SALT, compress=True)


def read_token(token: str) -> tuple[str, int] | None:
    """(kind, pk) of a genuine token; None for an altered or foreign one."""
    try:
        kind, pk = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind not in (SUBSCRIPTION, FOLLOW) or not isinstance(pk, int):
        return None
    return kind, pk


def absolute(path: str) -> str:
    """The portal's address for `path`, for e-mails (PORTAL_URL, or the Site)."""
    base = getattr(settings, "PORTAL_URL", "") or f"https://{Site.objects.get_current().domain}"
    return base.rstrip("/") + path


def link(kind: str, pk: int) -> str:
    return absolute(reverse("engagement:unsubscribe", args=[token_for(kind, pk)]))


def footer(kind: str, pk: int):
    """The last line of a message, written in its recipient's language."""
    url = link(kind, pk)

    def write() -> str:
        return _("Ngừng nhận tin này: %(url)s") % {"url": url}

    return write
