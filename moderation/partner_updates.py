"""Partners' citizen updates on requests (FixMyStreet's Open311 extension,
`POST servicerequestupdates`): each becomes a comment held for moderation like
every comment, written by the partners' owner account, with who wrote it kept
for the IOC (PartnerUpdate). The Open311 view authenticates the key, limits
each key's rate and checks the lengths of what it passes here."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from reports.models import ApiKey, Report
from reports.submissions import partner_owner

from .models import Comment, PartnerUpdate
from .services import NOT_FOUND, _new_comment, commentable_reports

# ValidationError code: no partner_update_id, or one longer than the model keeps.
INVALID_UPDATE_ID = "invalid_update_id"


def partner_update_post(
    *,
    api_key: ApiKey,
    report: Report,
    partner_update_id: str,
    body: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    media_urls: Iterable[str] = (),
    updated_at: datetime | None = None,
) -> tuple[Comment, bool]:
    """A partner's citizen comments on `report`: a pending comment; returns
    (comment, created).

    Idempotent per (key, partner_update_id): an id the key sent before returns
    that comment and `False`, whatever else differs (racing requests included:
    the unique constraint decides). The key may comment on its own reports in
    any state but draft, and on any report open to comments; anything else
    raises NOT_FOUND. The body follows every comment's rules (EMPTY, TOO_LONG,
    banned words hold it), without the per-user rate limit.
    """
    partner_update_id = (partner_update_id or "").strip()
    max_length = PartnerUpdate._meta.get_field("partner_update_id").max_length
    if not partner_update_id or len(partner_update_id) > max_length:
        raise ValidationError(
            _("Mã cập nhật của đối tác phải có từ 1 đến %(limit)s ký tự.") % {"limit": max_length},
            code=INVALID_UPDATE_ID,
        )
    existing = _sent_before(api_key, partner_update_id)
    if existing is not None:
        return existing, False
    if not reports_open_to_partner(api_key).filter(pk=report.pk).exists():
        raise ValidationError(_("Không tìm thấy phản ánh này."), code=NOT_FOUND)
    owner = partner_owner()
    try:
        with transaction.atomic():
            comment = _new_comment(author=owner, report=report, body=body, rate_limited=False)
            PartnerUpdate.objects.create(
                comment=comment,
                api_key=api_key,
                partner_update_id=partner_update_id,
                first_name=first_name,
                last_name=last_name,
                email=email,
                phone=phone,
                media_urls=list(media_urls),
                partner_updated_at=updated_at,
            )
    except IntegrityError:  # the same update, twice at once
        existing = _sent_before(api_key, partner_update_id)
        if existing is None:
            raise
        return existing, False
    return comment, True


def reports_open_to_partner(api_key: ApiKey):
    """Where a key's updates may go: its own reports but drafts, and every
    report open to comments."""
    own = Q(partner_submission__api_key_id=api_key.pk) & ~Q(status=Report.Status.DRAFT)
    return Report.objects.filter(own | Q(pk__in=commentable_reports().values("pk")))


def _sent_before(api_key: ApiKey, partner_update_id: str) -> Comment | None:
    update = (
        PartnerUpdate.objects.filter(api_key=api_key, partner_update_id=partner_update_id)
        .select_related("comment")
        .first()
    )
    return update.comment if update is not None else None
