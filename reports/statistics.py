"""The public statistics page (SPEC 8): figures computed by the database.

What counts: reports the IOC has taken in, i.e. received and every later state.
The status table also shows rejected reports; the tables by category, agency
and month leave them out (spam or duplicates say nothing about a category or
an agency). Drafts and reports still waiting for receipt never count. Every
report counts whether or not it is public: the figures are totals and carry no
personal data (no names, no contents, no codes).

Counts come from `values().annotate(Count(...))` with conditional counts, in a
fixed number of queries whatever the number of reports. Only the average
processing time is finished in Python: it is measured in working days
(`deadlines.working_hours_between` / 7.5 office hours a day), which SQL cannot
know (holidays, make-up Saturdays), from one query of two dates per answered
report.

The figures are cached for five minutes, per date range and language; the
whole-period figures, which most visitors see, are refreshed by Celery beat
before they expire (`figures_refresh`), so no visitor waits for them.
"""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports import deadlines
from reports.models import Report, Satisfaction

CACHE_SECONDS = 5 * 60
CACHE_VERSION = 1
WORKING_HOURS_PER_DAY = 7.5

COUNTED_STATUSES = (*Report.PUBLIC_STATUSES, Report.Status.REJECTED)
ACCEPTED_STATUSES = Report.PUBLIC_STATUSES
ANSWERED_STATUSES = (Report.Status.RESOLVED, Report.Status.PUBLISHED)
# Forwarded to an agency and not answered yet: the states where its deadline runs.
OPEN_AT_AGENCY_STATUSES = (Report.Status.FORWARDED, Report.Status.IN_PROGRESS)
STATUS_ORDER = (
    Report.Status.RECEIVED,
    Report.Status.FORWARDED,
    Report.Status.IN_PROGRESS,
    Report.Status.RESOLVED,
    Report.Status.PUBLISHED,
    Report.Status.REJECTED,
)
SATISFACTION_LEVELS = (
    Satisfaction.Level.SATISFIED,
    Satisfaction.Level.ACCEPTABLE,
    Satisfaction.Level.DISSATISFIED,
)


def cache_key(date_from: date | None, date_to: date | None) -> str:
    language = translation.get_language() or "vi"
    start = date_from.isoformat() if date_from else "-"
    end = date_to.isoformat() if date_to else "-"
    return f"reports:stats:v{CACHE_VERSION}:{language}:{start}:{end}"


def figures(date_from: date | None = None, date_to: date | None = None) -> dict:
    """Every figure of the page, from the cache when fresh (plain data: JSON-ready)."""
    key = cache_key(date_from, date_to)
    result = cache.get(key)
    if result is None:
        result = compute(date_from, date_to)
        cache.set(key, result, CACHE_SECONDS)
    return result


def figures_refresh() -> None:
    """Compute the whole-period figures again in every language, ahead of time."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            cache.set(cache_key(None, None), compute(), CACHE_SECONDS)


def counted_reports(date_from: date | None = None, date_to: date | None = None):
    """The reports the figures count, sent between the two days (both included,
    days in Vietnam's time)."""
    reports = Report.objects.filter(status__in=COUNTED_STATUSES)
    if date_from:
        reports = reports.filter(submitted_at__date__gte=date_from)
    if date_to:
        reports = reports.filter(submitted_at__date__lte=date_to)
    return reports.order_by()


def compute(date_from: date | None = None, date_to: date | None = None, now=None) -> dict:
    now = now or timezone.now()
    counted = counted_reports(date_from, date_to)
    accepted = counted.filter(status__in=ACCEPTED_STATUSES)
    by_status = _by_status(counted)
    return {
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "total": sum(row["count"] for row in by_status),
        "accepted": sum(
            row["count"] for row in by_status if row["status"] != Report.Status.REJECTED
        ),
        "by_status": by_status,
        "by_category": _by_category(accepted),
        "by_agency": _by_agency(accepted, now),
        "by_month": _by_month(accepted),
        "satisfaction": _satisfaction(accepted),
    }


def _by_status(counted) -> list[dict]:
    counts = dict(counted.values_list("status").annotate(count=Count("pk")))
    return [
        {"status": status.value, "label": str(status.label), "count": counts.get(status, 0)}
        for status in STATUS_ORDER
    ]


def _by_category(accepted) -> list[dict]:
    rows = (
        accepted.values("category__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "category__name")
    )
    return [
        {"name": row["category__name"] or _("Chưa phân loại"), "count": row["count"]}
        for row in rows
    ]


def _by_month(accepted) -> list[dict]:
    rows = (
        accepted.exclude(submitted_at=None)
        .annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    return [{"month": row["month"].strftime("%Y-%m"), "count": row["count"]} for row in rows]


def _percentages(counts: dict) -> dict:
    rated = sum(counts[level] for level in SATISFACTION_LEVELS)
    shares = {"rated": rated}
    for level in SATISFACTION_LEVELS:
        shares[f"{level}_pct"] = round(100 * counts[level] / rated, 1) if rated else None
    return shares


def _satisfaction(accepted) -> dict:
    rows = dict(
        Satisfaction.objects.filter(report__in=accepted)
        .order_by()
        .values_list("level")
        .annotate(count=Count("pk"))
    )
    counts = {level.value: rows.get(level, 0) for level in SATISFACTION_LEVELS}
    return {
        **counts,
        **_percentages(counts),
        "labels": {level.value: str(level.label) for level in SATISFACTION_LEVELS},
    }


def _by_agency(accepted, now) -> list[dict]:
    """Per lead agency (co-processing agencies are not credited)."""
    answered = Q(status__in=ANSWERED_STATUSES)
    rows = (
        accepted.filter(lead_agency__isnull=False, forwarded_at__isnull=False)
        .values("lead_agency", "lead_agency__name")
        .annotate(
            received=Count("pk", distinct=True),
            answered=Count("pk", filter=answered, distinct=True),
            on_time=Count("pk", filter=answered & Q(resolved_at__lte=F("deadline")), distinct=True),
            answered_late=Count(
                "pk", filter=answered & Q(resolved_at__gt=F("deadline")), distinct=True
            ),
            open_overdue=Count(
                "pk",
                filter=Q(status__in=OPEN_AT_AGENCY_STATUSES, deadline__lt=now),
                distinct=True,
            ),
            **{
                level.value: Count("satisfactions", filter=Q(satisfactions__level=level))
                for level in SATISFACTION_LEVELS
            },
        )
        .order_by("-received", "lead_agency__name")
    )
    days = _average_working_days(accepted)
    agencies = []
    for row in rows:
        counts = {level.value: row[level.value] for level in SATISFACTION_LEVELS}
        agencies.append(
            {
                "name": row["lead_agency__name"],
                "received": row["received"],
                "answered": row["answered"],
                "on_time": row["on_time"],
                "overdue": row["open_overdue"] + row["answered_late"],
                "open_overdue": row["open_overdue"],
                "answered_late": row["answered_late"],
                "average_days": days.get(row["lead_agency"]),
                **counts,
                **_percentages(counts),
            }
        )
    return agencies


def _average_working_days(accepted) -> dict[int, float]:
    """Mean working days from forwarding to result, per lead agency, rounded to 0.1."""
    spans = accepted.filter(
        status__in=ANSWERED_STATUSES,
        lead_agency__isnull=False,
        forwarded_at__isnull=False,
        resolved_at__isnull=False,
    ).values_list("lead_agency", "forwarded_at", "resolved_at")
    totals = defaultdict(lambda: [0.0, 0])
    for agency, forwarded_at, resolved_at in spans:
        hours = max(0.0, deadlines.working_hours_between(forwarded_at, resolved_at))
        totals[agency][0] += hours / WORKING_HOURS_PER_DAY
        totals[agency][1] += 1
    return {agency: round(total / n, 1) for agency, (total, n) in totals.items()}
