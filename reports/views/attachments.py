"""Attachments served through the permission gate.

Everything uploaded is served so that no browser runs it from the portal's
origin: the content type stored at upload (decided from the bytes), no
sniffing, a sandbox policy, and documents always as downloads.
"""

from pathlib import PurePath
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from reports import selectors
from reports.models import Attachment

# Stored bytes never change under a public_id, so browsers may keep them.
CACHE_SECONDS = 3600


@require_safe
def serve_attachment(request, public_id):
    attachment = selectors.attachment_get_for_user(user=request.user, public_id=public_id)
    return _serve(attachment, attachment.file, attachment.content_type)


@require_safe
def serve_thumbnail(request, public_id):
    """The thumbnail, or the (re-encoded) image itself while the background
    task has not made one yet."""
    attachment = selectors.attachment_get_for_user(user=request.user, public_id=public_id)
    if attachment.thumbnail:
        return _serve(attachment, attachment.thumbnail, "image/jpeg")
    if attachment.kind == Attachment.Kind.IMAGE:
        return _serve(attachment, attachment.file, attachment.content_type)
    raise Http404


def _serve(attachment: Attachment, field_file, content_type: str) -> HttpResponse:
    header = settings.ATTACHMENT_SENDFILE_HEADER
    if header:
        # The web server sends the bytes; the headers below still apply.
        response = HttpResponse(content_type=content_type)
        response[header] = settings.ATTACHMENT_SENDFILE_PREFIX + quote(field_file.name)
    else:
        try:
            response = FileResponse(field_file.open("rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404 from None
    if attachment.kind == Attachment.Kind.FILE:
        response["Content-Disposition"] = content_disposition_header(
            True, _download_name(attachment)
        )
    else:
        response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    # Shared caches may keep only what anyone may see.
    public = selectors.attachment_is_public(attachment)
    patch_cache_control(
        response, max_age=CACHE_SECONDS, **({"public": True} if public else {"private": True})
    )
    return response


def _download_name(attachment: Attachment) -> str:
    """The citizen's file name, ending with the extension of what was really
    stored: “hoa-don.exe” holding a PDF is downloaded as “hoa-don.exe.pdf”."""
    stored_suffix = PurePath(attachment.file.name).suffix.lower()
    name = attachment.original_name or f"tep-dinh-kem{stored_suffix}"
    if PurePath(name).suffix.lower() != stored_suffix:
        name += stored_suffix
    return name
