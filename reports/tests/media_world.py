"""What the upload rule tests (README §3, reports/media.py) share: the
attachment kinds, and the bytes an inspected upload would store."""

from reports.models import Attachment

IMAGE, VIDEO, FILE = Attachment.Kind.IMAGE, Attachment.Kind.VIDEO, Attachment.Kind.FILE


def stored(prepared) -> bytes:
    prepared.content.seek(0)
    return prepared.content.read()
