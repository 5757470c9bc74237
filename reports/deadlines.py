"""Deadlines in working time (README §4): office hours on Vietnam's working days.

Working days are Monday to Friday, minus Vietnam's public holidays (Tết, 2
September, their substitute days...), plus the make-up working Saturdays the
government sets when it moves a day off (e.g. Saturday 22 August 2026 is worked,
Monday 31 August 2026 is off in its place); all of this comes from the
`holidays` package. Office hours are ``settings.OFFICE_HOURS``, a list of
("HH:MM", "HH:MM") periods, by default 07:30-11:30 and 13:30-17:00.

Every datetime taken or returned is aware; results are in Vietnam time
(Asia/Ho_Chi_Minh, no daylight saving time). Naive datetimes raise ValueError.

Two kinds of deadline:

- in working hours (:func:`add_working_hours`, the receipt target): office time
  is counted from ``start``, or from the next office period if ``start`` falls
  outside office hours (lunch break, evening, weekend, holiday). The result is
  the very moment the time runs out, so it may be the end of a period (11:30,
  17:00), never the start of the next one.
- in working days (:func:`add_working_days`, the processing target): the day of
  ``start`` never counts, whatever the hour; the deadline is the end of office
  hours (17:00) of the n-th working day after it.
"""

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
URGENT = "urgent"  # Report.Level.URGENT
NORMAL = "normal"  # Report.Level.NORMAL

_ONE_DAY = timedelta(days=1)
_ONE_HOUR = timedelta(hours=1)


@functools.cache
def _vietnam_holidays(year: int) -> holidays.HolidayBase:
    """Vietnam's public holidays and make-up working days of one year, built once."""
    return holidays.country_holidays("VN", years=year, expand=False)


def is_working_day(day: date) -> bool:
    """Whether offices work on this calendar day (a datetime counts by its Vietnam date)."""
    if isinstance(day, datetime):
        day = _local(day).date()
    return _vietnam_holidays(day.year).is_working_day(day)


def office_hours() -> tuple[tuple[time, time], ...]:
    """The office periods of a working day from ``settings.OFFICE_HOURS``, checked."""
    return _parse_office_hours(tuple(tuple(period) for period in settings.OFFICE_HOURS))


def working_hours_per_day() -> float:
    """The office time of one working day, in hours (7.5 with the default
    ``OFFICE_HOURS``): what a working day of the statistics is worth."""
    return _office_hours_per_day(office_hours())


def add_working_hours(start: datetime, hours: float) -> datetime:
    """The moment when ``hours`` of office time have passed after ``start``.

    If ``start`` is outside office hours, counting begins with the next office
    period. Friday 16:55 plus 8 hours is Tuesday 07:55: 5 minutes on Friday,
    7.5 hours on Monday, 25 minutes on Tuesday.
    """
    if hours < 0:
        raise ValueError("hours must not be negative")
    remaining = timedelta(hours=hours)
    start = _local(start)
    for opens, closes in _office_periods(start.date()):
        if closes <= start:
            continue
        begin = max(opens, start)
        if remaining <= closes - begin:
            return begin + remaining
        remaining -= closes - begin
    raise AssertionError("unreachable: office periods never run out")


def add_working_days(start: datetime, days: int) -> datetime:
    """The end of office hours of the ``days``-th working day after the day of ``start``.

    The day of ``start`` never counts, whether it is a working day or not and
    whatever the hour: a report received on Friday morning, Friday evening or
    Saturday with 1 working day is due on Monday at 17:00 (if Monday is a
    working day). ``days=0`` means the end of the current working day: the first
    working day whose office hours have not ended at ``start``.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    start = _local(start)
    day = start.date()
    if days == 0:
        while not is_working_day(day) or _at(day, office_hours()[-1][1]) <= start:
            day += _ONE_DAY
    counted = 0
    while counted < days:
        day += _ONE_DAY
        if is_working_day(day):
            counted += 1
    return _at(day, office_hours()[-1][1])


def working_hours_between(start: datetime, end: datetime) -> float:
    """Office time from ``start`` to ``end``, in hours; negative if ``end`` is earlier.

    ``working_hours_between(start, add_working_hours(start, h)) == h``. The days
    strictly between the two are counted, not walked: the statistics sum this
    over every answered report.
    """
    if end < start:
        return -working_hours_between(end, start)
    start, end = _local(start), _local(end)
    first, last = start.date(), end.date()
    if first == last:
        return _office_hours_within(first, start, end)
    full_days = _working_days_strictly_between(first, last)
    return (
        _office_hours_within(first, start, _at(first + _ONE_DAY, time()))
        + full_days * working_hours_per_day()
        + _office_hours_within(last, _at(last, time()), end)
    )


def receipt_deadline(submitted_at: datetime) -> datetime:
    """When the IOC must have received a report: ``RECEIPT_WORKING_HOURS`` after submission."""
    return add_working_hours(submitted_at, settings.RECEIPT_WORKING_HOURS)


def processing_deadline(start: datetime, category, level: str) -> datetime:
    """When the agency must have answered: the category's working days for the level.

    ``category`` has ``processing_days_normal`` and ``processing_days_urgent``;
    ``level`` is ``"normal"`` or ``"urgent"`` (``Report.Level``). The days count
    as in :func:`add_working_days`, from ``start`` (usually the forwarding time).
    """
    if level == URGENT:
        days = category.processing_days_urgent
    elif level == NORMAL:
        days = category.processing_days_normal
    else:
        raise ValueError(f"unknown level {level!r}")
    return add_working_days(start, days)


# --- Helpers -----------------------------------------------------------------


def _local(moment: datetime) -> datetime:
    """``moment`` in Vietnam time; ValueError if it is naive."""
    if timezone.is_naive(moment):
        raise ValueError("deadlines need aware datetimes")
    return timezone.localtime(moment, VIETNAM)


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=VIETNAM)


def _office_hours_within(day: date, since: datetime, until: datetime) -> float:
    """Office hours of ``day`` between ``since`` and ``until`` (both on that day or its end)."""
    if not is_working_day(day):
        return 0.0
    total = timedelta()
    for opens, closes in office_hours():
        total += max(timedelta(), min(_at(day, closes), until) - max(_at(day, opens), since))
    return total / _ONE_HOUR


@functools.cache
def _office_hours_per_day(periods: tuple[tuple[time, time], ...]) -> float:
    day = date(2000, 1, 1)
    return sum((_at(day, closes) - _at(day, opens)) / _ONE_HOUR for opens, closes in periods)


@functools.cache
def _working_day_ordinals(year: int) -> tuple[int, ...]:
    """The working days of ``year`` as sorted ordinals, for counting with bisect."""
    day, ordinals = date(year, 1, 1), []
    while day.year == year:
        if is_working_day(day):
            ordinals.append(day.toordinal())
        day += _ONE_DAY
    return tuple(ordinals)


def _working_days_strictly_between(first: date, last: date) -> int:
    count = 0
    for year in range(first.year, last.year + 1):
        ordinals = _working_day_ordinals(year)
        count += bisect_left(ordinals, last.toordinal()) - bisect_right(ordinals, first.toordinal())
    return count


def _office_periods(day: date) -> Iterator[tuple[datetime, datetime]]:
    """Office periods (opens, closes) of ``day`` and every later working day, in order."""
    periods = office_hours()
    while True:
        if is_working_day(day):
            for opens, closes in periods:
                yield _at(day, opens), _at(day, closes)
        day += _ONE_DAY


@functools.cache
def _parse_office_hours(periods: tuple[tuple, ...]) -> tuple[tuple[time, time], ...]:
    """("HH:MM", "HH:MM") pairs (or time objects) to times, in order and not overlapping."""
    try:
        parsed = tuple(
            tuple(p if isinstance(p, time) else time.fromisoformat(p) for p in (opens, closes))
            for opens, closes in periods
        )
    except (TypeError, ValueError) as error:
        raise ImproperlyConfigured(f"OFFICE_HOURS: {error}") from error
    if not parsed:
        raise ImproperlyConfigured("OFFICE_HOURS must hold at least one period")
    previous_close = time.min
    for opens, closes in parsed:
        if not previous_close <= opens < closes:
            raise ImproperlyConfigured(
                "OFFICE_HOURS periods must be (opens, closes) pairs, in order, not overlapping"
            )
        previous_close = closes
    return parsed
