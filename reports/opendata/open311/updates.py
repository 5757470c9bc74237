"""FixMyStreet's Open311 extension, GET servicerequestupdates: the public steps
of the reports a caller may see (public ones; with a partner's key also those
it sent), between `start_date` and `end_date`. The POST side, a partner's
citizen update, becomes a comment: moderation/open311_updates.py."""

from django.db.models import Exists, OuterRef, Prefetch

from reports.models import Attachment, Report, ReportEvent

from . import serializers
from .params import MAX_RESULTS, api_key_of, date_window, param
from .service_requests import visible_requests

SHOWN_KINDS = (ReportEvent.Kind.TRANSITION, ReportEvent.Kind.PROGRESS)


def list_updates(request, fmt):
    api_key = api_key_of(request, required=False)
    start, end = date_window(request)
    extended = (api_key is not None and api_key.extended_statuses) or param(
        request, "extended_statuses"
    ).lower() in ("1", "true")
    answer_images = (
        Attachment.objects.of_answer().filter(kind=Attachment.Kind.IMAGE).order_by("order", "pk")
    )
    # EXISTS per event: the time window's index picks the few rows, each checked.
    seen = Exists(visible_requests(api_key).filter(pk=OuterRef("report_id")))
    events = (
        ReportEvent.objects.filter(
            seen,
            is_public=True,
            kind__in=SHOWN_KINDS,
            created_at__range=(start, end),
        )
        .exclude(from_status=Report.Status.DRAFT)  # the sender knows it sent it
        .select_related("report")
        .prefetch_related(
            Prefetch("report__attachments", queryset=answer_images, to_attr="answer_images")
        )
        .order_by("created_at", "pk")[:MAX_RESULTS]
    )
    data = [
        serializers.request_update(
            event, extended=extended, media_url=_answer_photo(request, event)
        )
        for event in events
    ]
    return serializers.render(data, fmt=fmt, root_tag="service_request_updates")


def _answer_photo(request, event) -> str | None:
    if event.to_status != Report.Status.PUBLISHED or not event.report.answer_images:
        return None
    return request.build_absolute_uri(event.report.answer_images[0].get_absolute_url())
