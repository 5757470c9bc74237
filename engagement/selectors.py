"""Reads: counts for report lists, one person's state on a report, their subscriptions."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from engagement.models import Follow, Subscription, Support


def support_count_expression():
    """The number of supporters of each report of a list, as one subquery of
    the list's own query (reports/selectors.py `CARD_ANNOTATIONS`)."""
    counts = (
        Support.objects.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def support_count(*, report) -> int:
    known = getattr(report, "support_count", None)
    return known if known is not None else Support.objects.filter(report=report).count()


def state_of(*, user, report) -> dict:
    """Whether `user` supports and follows `report` (False for visitors)."""
    if not user.is_authenticated:
        return {"supported": False, "followed": False}
    return {
        "supported": Support.objects.filter(user=user, report=report).exists(),
        "followed": Follow.objects.filter(user=user, report=report).exists(),
    }


def subscriptions_of(*, user):
    return Subscription.objects.filter(user=user).select_related("ward", "category")


def follows_of(*, user):
    return (
        Follow.objects.filter(user=user)
        .select_related("report", "report__category")
        .order_by("-created_at")
    )
