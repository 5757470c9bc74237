"""Reads: the only ways views get reports, each through the visibility rule."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from reports.models import AdministrativeUnit, Attachment, Category, Notification, Report


def report_get_for_user(*, user, code: str) -> Report:
    """A submitted report the user may see; 404 both when missing and when hidden."""
    return get_object_or_404(
        Report.objects.visible_to(user).select_related("category", "ward", "reporter"), code=code
    )


def draft_get_for_owner(*, user, pk: int) -> Report:
    """A draft, for its owner only: everyone else, staff included, gets 404."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Report.objects.drafts_of(user), pk=pk)


def attachment_get_for_user(*, user, public_id) -> Attachment:
    return get_object_or_404(
        Attachment.objects.select_related("report").filter(
            report__in=Report.objects.visible_to(user)
        ),
        public_id=public_id,
    )


def reports_sent_by(*, user):
    return Report.objects.sent_by(user).with_card_data().order_by("-submitted_at", "-pk")


def active_categories():
    return Category.objects.filter(is_active=True)


def wards():
    return AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.WARD).order_by("name")


def notifications_for(*, user):
    return Notification.objects.filter(recipient=user).select_related("report")
