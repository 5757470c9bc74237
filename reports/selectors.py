"""Reads: the only ways views get reports, each through the visibility rule."""

import math
from collections.abc import Callable

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from reports.models import AdministrativeUnit, Attachment, Category, Notification, Report
from reports.models.report import SEES_EVERY_REPORT


def report_get_for_user(*, user, code: str) -> Report:
    """A submitted report the user may see; 404 both when missing and when hidden."""
    return get_object_or_404(
        Report.objects.visible_to(user)
        .select_related("category", "ward", "reporter")
        .with_overdue(),
        code=code,
    )


def draft_get_for_owner(*, user, pk: int) -> Report:
    """A draft, for its owner only: everyone else, staff included, gets 404."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Report.objects.drafts_of(user), pk=pk)


# The citizen's files at once, the current answer's only once it is published.
RELEASED_ATTACHMENTS = Q(is_answer=False) | Q(
    report__status=Report.Status.PUBLISHED, retired_at__isnull=True
)


def attachment_is_public(attachment: Attachment) -> bool:
    """Whether anyone at all may see the file (so shared caches may keep it)."""
    return (
        Attachment.objects.filter(pk=attachment.pk, report__in=Report.objects.public())
        .filter(RELEASED_ATTACHMENTS)
        .exists()
    )


def attachment_get_for_user(*, user, public_id) -> Attachment:
    """A file of a report the user may see. The answer's files, like its text,
    stay with the IOC and the agencies until the answer is published."""
    attachments = Attachment.objects.select_related("report").filter(
        report__in=Report.objects.visible_to(user)
    )
    if not user.has_perm(SEES_EVERY_REPORT):
        released = RELEASED_ATTACHMENTS
        if user.is_authenticated:
            released |= Q(report__in=Report.objects.filter(Report.handled_or_watched_q(user)))
        attachments = attachments.filter(released)
    return get_object_or_404(attachments, public_id=public_id)


# Figures of a card that other apps add (engagement's number of supporters):
# each an expression (one subquery) annotated on the list's own query, so
# reports never imports those apps and a page of cards stays one query.
CARD_ANNOTATIONS: dict[str, Callable] = {}


def with_card_annotations(queryset):
    return queryset.annotate(**{name: make() for name, make in CARD_ANNOTATIONS.items()})


def reports_sent_by(*, user):
    return with_card_annotations(
        Report.objects.sent_by(user)
        .with_card_data()
        .with_overdue()
        .order_by("-submitted_at", "-pk")
    )


def drafts_of(*, user):
    return Report.objects.drafts_of(user).with_card_data().with_overdue().order_by("-updated_at")


def active_categories():
    return Category.objects.filter(is_active=True)


def wards():
    """Today's wards and communes (not those of the former districts)."""
    return AdministrativeUnit.objects.current_wards().order_by("name")


def notifications_for(*, user):
    return Notification.objects.filter(recipient=user).select_related("report")


def attachments_by_kind(*, report, answer: bool = False) -> dict[str, list[Attachment]]:
    """The citizen's files, or the answer's (`answer=True`), grouped by kind."""
    grouped = {kind: [] for kind in Attachment.Kind.values}
    files = report.attachments.of_answer() if answer else report.attachments.filter(is_answer=False)
    for attachment in files.order_by("order", "pk"):
        grouped[attachment.kind].append(attachment)
    return grouped


def timeline_for(*, user, report):
    """The public history for everyone; every entry for IOC staff."""
    events = report.events.select_related("actor")
    if not user.has_perm("reports.view_reportevent"):
        events = events.filter(is_public=True)
    return events


METRES_PER_DEGREE = 111_320


def nearby_open_reports(*, latitude, longitude, category_id, metres):
    """(report, distance in metres) pairs, nearest first. A bounding box in SQL
    (indexed on latitude, longitude) keeps the exact distance to a few rows."""
    cos_lat = math.cos(math.radians(latitude))
    dlat = metres / METRES_PER_DEGREE
    dlon = metres / (METRES_PER_DEGREE * max(cos_lat, 0.01))
    candidates = (
        Report.objects.public()
        .open()
        .filter(
            category_id=category_id,
            latitude__range=(latitude - dlat, latitude + dlat),
            longitude__range=(longitude - dlon, longitude + dlon),
        )
        .only("code", "title", "status", "latitude", "longitude")[:50]
    )
    found = []
    for report in candidates:
        distance = _metres_between(
            latitude, longitude, float(report.latitude), float(report.longitude)
        )
        if distance <= metres:
            found.append((report, distance))
    return sorted(found, key=lambda pair: pair[1])[:10]


def _metres_between(lat1, lon1, lat2, lon2) -> float:
    """Haversine distance."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))
