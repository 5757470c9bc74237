"""The public statistics page (README §8): figures computed by the database.

What counts: what the public may see, i.e. public reports the IOC has taken in
(received and every later state). Reports kept private, rejected ones, drafts
and reports still waiting for receipt never count: with a filter by day, a
count that moved would otherwise tell that a hidden report exists. The figures
are totals and carry no personal data (no names, no contents, no codes).

Counts come from `values().annotate(Count(...))` with conditional counts, in a
fixed number of queries whatever the number of reports. Only the average
processing time is finished in Python: it is measured in working days
(`deadlines.working_hours_between` / 7.5 office hours a day), which SQL cannot
know (holidays, make-up Saturdays), from one query of two dates per answered
report.

The figures are computed by a Celery task and never in a request: at a
million reports a full count takes tens of seconds. They are stored in the
cache per date range, in no language (labels are added when shown). Beat
recomputes the whole period every few minutes (`figures_refresh`); figures
older than REFRESH_SECONDS are still shown while a task computes them again;
a range nobody asked for yet says "being computed" until its task has run
(at once where tasks run in-process).
"""

import logging
from collections import defaultdict
from datetime import date, datetime

from celery import current_app
from django.core.cache import cache
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import deadlines
from reports.models import (
    ANSWERED_STATUSES,
    PUBLIC_STATUSES,
    Report,
    Satisfaction,
    overdue_q,
)

logger = logging.getLogger(__name__)

CACHE_VERSION = 3
# Older figures are shown while new ones are computed; beat refreshes the whole
# period more often than this.
REFRESH_SECONDS = 5 * 60
KEEP_SECONDS = 24 * 60 * 60
# A computation asked for and not finished within this time may be asked for again.
COMPUTING_SECONDS = 10 * 60
# The task whose body is `store`, asked for by name: the tasks module imports this one.
COMPUTE_TASK = "reports.tasks.compute_statistics"

SATISFACTION_LEVELS = (
    Satisfaction.Level.SATISFIED,
    Satisfaction.Level.ACCEPTABLE,
    Satisfaction.Level.DISSATISFIED,
)


def cache_key(date_from: date | None, date_to: date | None) -> str:
    start = date_from.isoformat() if date_from else "-"
    end = date_to.isoformat() if date_to else "-"
    return f"reports:stats:v{CACHE_VERSION}:{start}:{end}"


def figures(date_from: date | None = None, date_to: date | None = None) -> dict | None:
    """The figures of the range with labels in the active language and
    `computed_at`, or None while they are first being computed. Never computes
    in the caller: it asks Celery when the figures are missing or old."""
    key = cache_key(date_from, date_to)
    stored = cache.get(key)
    if stored is None or is_old(stored):
        _ask_for(date_from, date_to)
        stored = cache.get(key) or stored  # tasks run in-process: already there
    return _labelled(stored) if stored else None


def store(date_from: date | None = None, date_to: date | None = None) -> None:
    """Compute the range's figures and keep them (the Celery task's body)."""
    key = cache_key(date_from, date_to)
    try:
        stored = {"computed_at": timezone.now().timestamp(), **compute(date_from, date_to)}
        cache.set(key, stored, KEEP_SECONDS)
    finally:
        cache.delete(f"{key}:computing")


def figures_refresh() -> None:
    """Compute the whole-period figures again, ahead of any visitor (beat)."""
    store()


def is_old(stored: dict, now: datetime | None = None) -> bool:
    """Figures stored with their `computed_at` (a timestamp) and due to be computed again."""
    return (now or timezone.now()).timestamp() - stored["computed_at"] > REFRESH_SECONDS


def _ask_for(date_from: date | None, date_to: date | None) -> None:
    days = [day.isoformat() if day else None for day in (date_from, date_to)]
    ask_once(f"{cache_key(date_from, date_to)}:computing", COMPUTE_TASK, *days)


def ask_once(marker: str, task_name: str, *args) -> None:
    """Queue the task `task_name` once: not again while `marker` is in the cache
    (the task deletes it when it ends, or it expires after COMPUTING_SECONDS).
    Also the monthly rankings' way to ask (rankings.py)."""
    if not cache.add(marker, 1, COMPUTING_SECONDS):
        return
    try:
        current_app.tasks[task_name].delay(*args)
    except Exception:  # broker down: the page says "being computed", a later visit asks again
        cache.delete(marker)
        logger.exception("Could not queue %s%s", task_name, args)


def _labelled(stored: dict) -> dict:
    """A copy of stored figures with the labels of the active language."""
    statuses = {status.value: str(status.label) for status in Report.Status}
    levels = {level.value: str(level.label) for level in SATISFACTION_LEVELS}
    uncategorised = _("Chưa phân loại")
    return {
        **stored,
        "computed_at": datetime.fromtimestamp(
            stored["computed_at"], tz=timezone.get_current_timezone()
        ),
        "by_status": [{**row, "label": statuses[row["status"]]} for row in stored["by_status"]],
        "by_category": [
            {**row, "name": row["name"] or uncategorised} for row in stored["by_category"]
        ],
        "satisfaction": {**stored["satisfaction"], "labels": levels},
    }


def counted_reports(date_from: date | None = None, date_to: date | None = None):
    """The reports the figures count (the public ones), sent between the two
    days (both included, days in Vietnam's time)."""
    reports = Report.objects.public()
    if date_from:
        reports = reports.filter(submitted_at__date__gte=date_from)
    if date_to:
        reports = reports.filter(submitted_at__date__lte=date_to)
    return reports.order_by()


def compute(date_from: date | None = None, date_to: date | None = None, now=None) -> dict:
    now = now or timezone.now()
    counted = counted_reports(date_from, date_to)
    by_status = _by_status(counted)
    return {
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "total": sum(row["count"] for row in by_status),
        "by_status": by_status,
        "by_category": _by_category(counted),
        "by_agency": _by_agency(counted, now),
        "by_month": _by_month(counted),
        "satisfaction": _satisfaction(counted),
    }


def _by_status(counted) -> list[dict]:
    counts = dict(counted.values_list("status").annotate(count=Count("pk")))
    return [{"status": status.value, "count": counts.get(status, 0)} for status in PUBLIC_STATUSES]


def _by_category(counted) -> list[dict]:
    rows = (
        counted.values("category__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "category__name")
    )
    return [{"name": row["category__name"], "count": row["count"]} for row in rows]


def _by_month(counted) -> list[dict]:
    rows = (
        counted.exclude(submitted_at=None)
        .annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    return [{"month": row["month"].strftime("%Y-%m"), "count": row["count"]} for row in rows]


def share(part: int, whole: int) -> float | None:
    """`part` in percent of `whole`, rounded to 0.1 (None when there is no whole)."""
    return round(100 * part / whole, 1) if whole else None


def _percentages(counts: dict) -> dict:
    rated = sum(counts[level] for level in SATISFACTION_LEVELS)
    shares = {"rated": rated}
    for level in SATISFACTION_LEVELS:
        shares[f"{level}_pct"] = share(counts[level], rated)
    return shares


def _satisfaction(counted) -> dict:
    rows = dict(
        Satisfaction.objects.filter(report__in=counted)
        .order_by()
        .values_list("level")
        .annotate(count=Count("pk"))
    )
    counts = {level.value: rows.get(level, 0) for level in SATISFACTION_LEVELS}
    return {**counts, **_percentages(counts)}


def _by_agency(counted, now) -> list[dict]:
    # The page and its CSV name agencies; their ids stay out of the published figures.
    return [
        {key: value for key, value in row.items() if key != "agency_id"}
        for row in agency_figures(counted, now)
    ]


def agency_figures(counted, now) -> list[dict]:
    """Per lead agency (co-processing agencies are not credited), most received
    first: the one rule for the statistics page and the monthly rankings
    (rankings.py). Two queries whatever the number of agencies.

    The column "Quá hạn" (`overdue`) counts more than `overdue_q`, which only
    knows reports still waiting: it adds the reports answered after their
    deadline (`answered_late`) to those overdue now (`open_overdue`)."""
    answered = Q(status__in=ANSWERED_STATUSES)
    rows = (
        counted.filter(lead_agency__isnull=False, forwarded_at__isnull=False)
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
                filter=overdue_q(now),
                distinct=True,
            ),
            **{
                level.value: Count("satisfaction", filter=Q(satisfaction__level=level))
                for level in SATISFACTION_LEVELS
            },
        )
        .order_by("-received", "lead_agency__name")
    )
    days = _average_working_days(counted)
    agencies = []
    for row in rows:
        counts = {level.value: row[level.value] for level in SATISFACTION_LEVELS}
        agencies.append(
            {
                "agency_id": row["lead_agency"],
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


def _average_working_days(counted) -> dict[int, float]:
    """Mean working days from forwarding to result, per lead agency, rounded to 0.1."""
    spans = counted.filter(
        status__in=ANSWERED_STATUSES,
        lead_agency__isnull=False,
        forwarded_at__isnull=False,
        resolved_at__isnull=False,
    ).values_list("lead_agency", "forwarded_at", "resolved_at")
    hours_per_day = deadlines.working_hours_per_day()
    totals = defaultdict(lambda: [0.0, 0])
    for agency, forwarded_at, resolved_at in spans:
        hours = max(0.0, deadlines.working_hours_between(forwarded_at, resolved_at))
        totals[agency][0] += hours / hours_per_day
        totals[agency][1] += 1
    return {agency: round(total / n, 1) for agency, (total, n) in totals.items()}
