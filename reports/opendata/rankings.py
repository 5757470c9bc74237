"""The agencies' monthly rankings (README §8; issue 15), as the city publishes them monthly.

A month's figures per lead agency are the statistics page's (one rule:
`statistics.agency_figures`) over the public reports sent that month, days in
Vietnam's time. An agency is ranked when it received at least one of them.

The rank: the higher on-time rate first, then the higher satisfaction rate,
then the more reports received; agencies equal on all three share a rank
(1, 1, 3). The on-time rate is the reports answered by their deadline out of
those whose outcome is known (answered on time, answered late, or still open
past the deadline); the satisfaction rate is the "Hài lòng" ratings out of all
ratings. A rate with nothing to measure (None) comes after every rate. Rates
are compared as published, rounded to 0.1 %, so two agencies shown equal rank
equal.

A month that is over is computed once and fixed (`freeze_month`, rows of
`MonthlyRanking`): beat freezes the previous month early on the 1st, and a
month asked for before its task has run is frozen by that task, never in the
request. The current month is provisional ("tạm tính"): computed in the
background and kept in the cache like the statistics, refreshed when older
than statistics.REFRESH_SECONDS.
"""

from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from reports.models import MonthlyAgencyFigures, MonthlyRanking, Report
from reports.opendata import statistics

CACHE_VERSION = 1
RANK_TASK = "reports.tasks.rank_month"
# The figures a ranking row carries, in the order of the table and the CSV.
FIGURES = (
    "received",
    "answered",
    "on_time",
    "late",
    "on_time_rate",
    "average_working_days",
    "satisfied",
    "acceptable",
    "dissatisfied",
    "satisfied_rate",
)


# --- Months -------------------------------------------------------------------------------


def month_of(moment: datetime) -> date:
    """The first day of the month `moment` falls in, in Vietnam's time."""
    return timezone.localdate(moment).replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(month: date) -> date:
    return (month.replace(day=1) - timedelta(days=1)).replace(day=1)


def is_over(month: date, now: datetime) -> bool:
    return timezone.localdate(now) >= next_month(month)


def months(now: datetime) -> list[date]:
    """The months a visitor may choose, newest first: from the month of the
    first public report to the current month (only the current one without any)."""
    first = Report.objects.public().aggregate(first=Min("submitted_at"))["first"]
    current = month_of(now)
    month = min(month_of(first), current) if first else current
    chosen = []
    while month <= current:
        chosen.append(month)
        month = next_month(month)
    return chosen[::-1]


def default_month(choices: list[date], now: datetime) -> date:
    """The last month that is over, when there is one to choose; else the current one."""
    last = previous_month(month_of(now))
    return last if last in choices else month_of(now)


# --- Figures ------------------------------------------------------------------------------


def month_figures(month: date, *, now: datetime) -> list[dict]:
    """The month's agencies, ranked: `rank`, `agency_id`, `name` and FIGURES.
    Computed from the database (three queries whatever the number of agencies):
    for the background tasks only."""
    counted = statistics.counted_reports(month, next_month(month) - timedelta(days=1))
    rows = [
        {
            "agency_id": agency["agency_id"],
            "name": agency["name"],
            "received": agency["received"],
            "answered": agency["answered"],
            "on_time": agency["on_time"],
            "late": agency["overdue"],
            "on_time_rate": statistics.share(
                agency["on_time"], agency["on_time"] + agency["overdue"]
            ),
            "average_working_days": agency["average_days"],
            "satisfied": agency["satisfied"],
            "acceptable": agency["acceptable"],
            "dissatisfied": agency["dissatisfied"],
            "satisfied_rate": agency["satisfied_pct"],
        }
        for agency in statistics.agency_figures(counted, now)
        if agency["received"]
    ]
    return ranked(rows)


def _order(row: dict) -> tuple:
    """The rank's rule (see the module's docstring); a rate of None sorts last."""

    def rate(value):
        return -1.0 if value is None else value

    return (-rate(row["on_time_rate"]), -rate(row["satisfied_rate"]), -row["received"])


def ranked(rows: list[dict]) -> list[dict]:
    """The rows in rank order with their `rank`; equal rows share it (1, 1, 3)."""
    rows = sorted(rows, key=lambda row: (_order(row), row["name"]))
    for position, row in enumerate(rows, start=1):
        tied = position > 1 and _order(row) == _order(rows[position - 2])
        row["rank"] = rows[position - 2]["rank"] if tied else position
    return rows


def freeze_month(month: date, *, now: datetime | None = None) -> MonthlyRanking:
    """Compute a month that is over and keep its figures, once: a month already
    frozen is returned as it is (safe to run twice, or in two workers at once:
    the month is unique). For the task only; raises ValueError for a month that
    is not over."""
    now = now or timezone.now()
    if not is_over(month, now):
        raise ValueError(f"{month:%Y-%m} is not over")
    with transaction.atomic():
        ranking, created = MonthlyRanking.objects.get_or_create(
            month=month, defaults={"computed_at": now}
        )
        if created:
            MonthlyAgencyFigures.objects.bulk_create(
                MonthlyAgencyFigures(
                    ranking=ranking,
                    agency_id=row["agency_id"],
                    agency_name=row["name"],
                    rank=row["rank"],
                    **{name: row[name] for name in FIGURES},
                )
                for row in month_figures(month, now=now)
            )
    return ranking


def freeze_last_month(*, now: datetime | None = None) -> MonthlyRanking:
    """Beat's entry early on the 1st: the month that has just ended."""
    now = now or timezone.now()
    return freeze_month(previous_month(month_of(now)), now=now)


def store_provisional(month: date, *, now: datetime | None = None) -> None:
    """Compute the current month's ranking and keep it in the cache."""
    now = now or timezone.now()
    cache.set(
        cache_key(month),
        {"computed_at": now.timestamp(), "rows": month_figures(month, now=now)},
        statistics.KEEP_SECONDS,
    )


def rank_month(month: date) -> None:
    """The task's body: freeze a month that is over, else compute it provisionally."""
    try:
        now = timezone.now()
        if is_over(month, now):
            freeze_month(month, now=now)
        else:
            store_provisional(month, now=now)
    finally:
        cache.delete(_marker(month))


# --- What the page shows ------------------------------------------------------------------


def cache_key(month: date) -> str:
    return f"reports:rankings:v{CACHE_VERSION}:{month:%Y-%m}"


def _marker(month: date) -> str:
    return f"{cache_key(month)}:computing"


def ranking(month: date, *, now: datetime | None = None) -> dict | None:
    """The month's ranking as shown: `month`, `provisional`, `computed_at` and
    `rows` (dicts of `rank`, `name` and FIGURES), or None while it is being
    computed. Never computes in the caller: asks Celery (RANK_TASK) when a
    month that is over is not frozen yet, or the current month's figures are
    missing or old. A frozen month costs two queries."""
    now = now or timezone.now()
    if is_over(month, now):
        frozen = _frozen(month)
        if frozen is None:
            statistics.ask_once(_marker(month), RANK_TASK, month.isoformat())
            frozen = _frozen(month)  # tasks run in-process: already there
        return frozen
    stored = cache.get(cache_key(month))
    if stored is None or statistics.is_old(stored, now):
        statistics.ask_once(_marker(month), RANK_TASK, month.isoformat())
        stored = cache.get(cache_key(month)) or stored
    if stored is None:
        return None
    return {
        "month": month,
        "provisional": True,
        "computed_at": datetime.fromtimestamp(
            stored["computed_at"], tz=timezone.get_current_timezone()
        ),
        "rows": stored["rows"],
    }


def _frozen(month: date) -> dict | None:
    ranking = MonthlyRanking.objects.filter(month=month).first()
    if ranking is None:
        return None
    rows = ranking.rows.values_list("rank", "agency_name", *FIGURES)
    return {
        "month": month,
        "provisional": False,
        "computed_at": timezone.localtime(ranking.computed_at),
        "rows": [dict(zip(("rank", "name", *FIGURES), row, strict=True)) for row in rows],
    }
