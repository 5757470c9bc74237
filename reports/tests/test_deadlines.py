"""Deadlines in working time, on real dates of 2026 and 2027 (Vietnam time).

Days off used below: Tết 2026 is Monday 16 to Friday 20 February; Tết 2027 is
Thursday 4 to Wednesday 10 February; Saturday 22 August 2026 is a make-up
working day for Monday 31 August; 1-2 September 2026 (Tuesday, Wednesday) is
National Day.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured

from reports import deadlines
from reports.models import Category, Report

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),  # Friday before Tết
        *((date(2026, 2, d), False) for d in range(16, 21)),  # Tết 2026
        (date(2026, 2, 23), True),
        (date(2027, 2, 3), True),
        *((date(2027, 2, d), False) for d in range(4, 11)),  # Tết 2027
        (date(2027, 2, 11), True),
        (date(2026, 8, 22), True),  # make-up Saturday
        (date(2026, 8, 23), False),  # Sunday
        (date(2026, 8, 29), False),  # ordinary Saturday
        (date(2026, 8, 31), False),  # off in place of 22 August
        (date(2026, 9, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 9, 3), True),
        (date(2026, 11, 27), True),  # Friday
        (date(2026, 11, 28), False),  # Saturday
    ],
)
def test_is_working_day(day, working):
    assert deadlines.is_working_day(day) is working


def test_is_working_day_takes_a_datetime_by_its_vietnam_date():
    # 22:00 UTC on Sunday 30 August is 05:00 on Monday 31 August in Vietnam: off.
    assert deadlines.is_working_day(datetime(2026, 8, 30, 22, 0, tzinfo=UTC)) is False
    assert deadlines.is_working_day(datetime(2026, 8, 21, 22, 0, tzinfo=UTC)) is True  # Sat 22


# --- Working hours (receipt) --------------------------------------------------


@pytest.mark.parametrize(
    ("submitted_at", "deadline"),
    [
        # Friday 16:55: 5 min Friday, 7.5 h Monday, 25 min Tuesday.
        (vn(2026, 11, 27, 16, 55), vn(2026, 12, 1, 7, 55)),
        # After hours on Friday, on Sunday, before 07:30: the count starts Monday 07:30.
        (vn(2026, 11, 27, 18, 0), vn(2026, 12, 1, 8, 0)),
        (vn(2026, 11, 29, 10, 0), vn(2026, 12, 1, 8, 0)),
        (vn(2026, 11, 30, 6, 0), vn(2026, 12, 1, 8, 0)),
        # Lunch time: the count starts at 13:30; 3.5 h Monday, 4.5 h Tuesday.
        (vn(2026, 11, 30, 12, 0), vn(2026, 12, 1, 14, 0)),
        (vn(2026, 11, 30, 11, 30), vn(2026, 12, 1, 14, 0)),
        # Exactly one working day, from the opening bell.
        (vn(2026, 11, 30, 7, 30), vn(2026, 12, 1, 8, 0)),
        # Tết 2026: 2 h Friday 13 February, then Monday 23 February.
        (vn(2026, 2, 13, 15, 0), vn(2026, 2, 23, 15, 30)),
        # Tết 2027: 1 h Wednesday 3 February, then Thursday 11 February.
        (vn(2027, 2, 3, 16, 0), vn(2027, 2, 11, 16, 30)),
        # Make-up Saturday 22 August 2026 is worked: 5 h that day, 3 h Monday 24.
        (vn(2026, 8, 22, 10, 0), vn(2026, 8, 24, 10, 30)),
        # 6 h Friday 28 August; 31 August, 1 and 2 September are off.
        (vn(2026, 8, 28, 9, 0), vn(2026, 9, 3, 9, 30)),
    ],
)
def test_receipt_deadline(submitted_at, deadline):
    result = deadlines.receipt_deadline(submitted_at)
    assert result == deadline
    assert result.tzinfo == VN


@pytest.mark.parametrize(
    ("start", "hours", "end"),
    [
        # Time running out at the end of a period ends there, not at the next opening.
        (vn(2026, 11, 30, 7, 30), 4, vn(2026, 11, 30, 11, 30)),
        (vn(2026, 11, 30, 7, 30), 7.5, vn(2026, 11, 30, 17, 0)),
        (vn(2026, 11, 30, 9, 0), 0.25, vn(2026, 11, 30, 9, 15)),
        (vn(2026, 11, 30, 9, 0), 0, vn(2026, 11, 30, 9, 0)),
        (vn(2026, 11, 28, 9, 0), 0, vn(2026, 11, 30, 7, 30)),  # Saturday: Monday's opening
    ],
)
def test_add_working_hours(start, hours, end):
    assert deadlines.add_working_hours(start, hours) == end


def test_add_working_hours_accepts_any_time_zone_and_answers_in_vietnam_time():
    result = deadlines.add_working_hours(datetime(2026, 11, 27, 9, 55, tzinfo=UTC), 8)
    assert result == vn(2026, 12, 1, 7, 55)
    assert result.tzinfo == VN


def test_naive_datetimes_and_negative_amounts_are_refused():
    with pytest.raises(ValueError, match="aware"):
        deadlines.add_working_hours(datetime(2026, 11, 27, 16, 55), 8)
    with pytest.raises(ValueError, match="aware"):
        deadlines.add_working_days(datetime(2026, 11, 27, 16, 55), 1)
    with pytest.raises(ValueError, match="negative"):
        deadlines.add_working_hours(vn(2026, 11, 27, 16, 55), -1)
    with pytest.raises(ValueError, match="negative"):
        deadlines.add_working_days(vn(2026, 11, 27, 16, 55), -1)


# --- Working days (processing) --------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "deadline"),
    [
        # Any time on Friday 27 November 2026, or on the weekend after it.
        (vn(2026, 11, 27, 0, 0), 1, vn(2026, 11, 30, 17, 0)),
        (vn(2026, 11, 27, 8, 0), 1, vn(2026, 11, 30, 17, 0)),
        (vn(2026, 11, 27, 16, 55), 1, vn(2026, 11, 30, 17, 0)),
        (vn(2026, 11, 27, 23, 59), 1, vn(2026, 11, 30, 17, 0)),
        (vn(2026, 11, 28, 10, 0), 1, vn(2026, 11, 30, 17, 0)),
        (vn(2026, 11, 29, 10, 0), 1, vn(2026, 11, 30, 17, 0)),
        (vn(2026, 11, 27, 16, 55), 7, vn(2026, 12, 8, 17, 0)),
        # Tết 2026: Friday 13 February, then from Monday 23 February.
        (vn(2026, 2, 13, 9, 0), 1, vn(2026, 2, 23, 17, 0)),
        (vn(2026, 2, 13, 9, 0), 7, vn(2026, 3, 3, 17, 0)),
        (vn(2026, 2, 17, 9, 0), 1, vn(2026, 2, 23, 17, 0)),  # received during Tết
        # Tết 2027: Wednesday 3 February, then from Thursday 11 February.
        (vn(2027, 2, 3, 9, 0), 1, vn(2027, 2, 11, 17, 0)),
        (vn(2027, 2, 3, 9, 0), 7, vn(2027, 2, 19, 17, 0)),
        # The make-up Saturday counts; the Monday off does not.
        (vn(2026, 8, 21, 9, 0), 1, vn(2026, 8, 22, 17, 0)),
        (vn(2026, 8, 21, 9, 0), 2, vn(2026, 8, 24, 17, 0)),
        # 2 September: 31 August, 1 and 2 September are off.
        (vn(2026, 8, 28, 9, 0), 1, vn(2026, 9, 3, 17, 0)),
        (vn(2026, 8, 28, 9, 0), 7, vn(2026, 9, 11, 17, 0)),
        # Zero days: the end of the current working day, or of the next one.
        (vn(2026, 11, 27, 9, 0), 0, vn(2026, 11, 27, 17, 0)),
        (vn(2026, 11, 27, 17, 30), 0, vn(2026, 11, 30, 17, 0)),
        (vn(2026, 11, 28, 9, 0), 0, vn(2026, 11, 30, 17, 0)),
    ],
)
def test_add_working_days(start, days, deadline):
    assert deadlines.add_working_days(start, days) == deadline


@pytest.mark.parametrize(
    ("level", "deadline"),
    [
        ("normal", vn(2026, 3, 3, 17, 0)),
        (Report.Level.NORMAL, vn(2026, 3, 3, 17, 0)),
        ("urgent", vn(2026, 2, 23, 17, 0)),
        (Report.Level.URGENT, vn(2026, 2, 23, 17, 0)),
    ],
)
def test_processing_deadline_uses_the_category_days_for_the_level(level, deadline):
    category = Category(processing_days_normal=7, processing_days_urgent=1)
    assert deadlines.processing_deadline(vn(2026, 2, 13, 9, 0), category, level) == deadline


def test_processing_deadline_refuses_an_unknown_level():
    with pytest.raises(ValueError, match="level"):
        deadlines.processing_deadline(vn(2026, 2, 13, 9, 0), Category(), "whenever")


# --- Working hours between two moments ----------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (vn(2026, 11, 27, 16, 55), vn(2026, 12, 1, 7, 55), 8),
        (vn(2026, 11, 30, 0, 0), vn(2026, 12, 1, 0, 0), 7.5),  # one working day
        (vn(2026, 11, 30, 11, 45), vn(2026, 11, 30, 13, 15), 0),  # lunch break
        (vn(2026, 11, 30, 11, 0), vn(2026, 11, 30, 14, 0), 1),
        (vn(2026, 2, 13, 17, 0), vn(2026, 2, 23, 7, 30), 0),  # Tết 2026
        (vn(2027, 2, 3, 0, 0), vn(2027, 2, 12, 0, 0), 15),  # Tết 2027: 3 and 11 February
        (vn(2026, 8, 22, 0, 0), vn(2026, 8, 24, 0, 0), 7.5),  # make-up Saturday
        (vn(2026, 8, 29, 0, 0), vn(2026, 9, 3, 0, 0), 0),  # weekend, 31 August, 2 September
        (vn(2026, 11, 30, 9, 0), vn(2026, 11, 30, 9, 0), 0),
        # Across a new year: 2 h on 31 December, 1 January off, 2 January, 1.5 h on Monday.
        (vn(2025, 12, 31, 15, 0), vn(2026, 1, 5, 9, 0), 11),
        (vn(2024, 3, 4, 8, 0), vn(2026, 3, 4, 8, 0), 7.5 * 500),  # two years, counted not walked
    ],
)
def test_working_hours_between_is_antisymmetric(start, end, hours):
    assert deadlines.working_hours_between(start, end) == pytest.approx(hours)
    assert deadlines.working_hours_between(end, start) == pytest.approx(-hours)


@pytest.mark.parametrize(
    "start",
    [
        vn(2026, 11, 27, 16, 55),
        vn(2026, 11, 30, 12, 0),
        vn(2026, 11, 29, 10, 0),
        vn(2026, 2, 13, 15, 0),
        vn(2027, 2, 3, 16, 0),
        vn(2026, 8, 21, 10, 0),
    ],
)
@pytest.mark.parametrize("hours", [0.5, 4, 8, 40])
def test_working_hours_between_undoes_add_working_hours(start, hours):
    end = deadlines.add_working_hours(start, hours)
    assert deadlines.working_hours_between(start, end) == pytest.approx(hours)


# --- Configuration --------------------------------------------------------------


def test_office_hours_come_from_settings(settings):
    settings.OFFICE_HOURS = [("08:00", "12:00"), ("13:00", "16:30")]
    # 5 min Friday, 4 h + 3.5 h Monday, 25 min Tuesday from 08:00.
    assert deadlines.receipt_deadline(vn(2026, 11, 27, 16, 25)) == vn(2026, 12, 1, 8, 25)
    assert deadlines.add_working_days(vn(2026, 11, 27, 9, 0), 1) == vn(2026, 11, 30, 16, 30)
    assert deadlines.working_hours_between(vn(2026, 11, 30), vn(2026, 12, 1)) == 7.5
    assert deadlines.working_hours_per_day() == 7.5

    settings.OFFICE_HOURS = [("08:00", "12:00"), ("13:00", "17:00")]
    assert deadlines.working_hours_per_day() == 8
    # 5 min Friday, then 8 h on Monday would be 8h05m: due Monday 16:55.
    assert deadlines.receipt_deadline(vn(2026, 11, 27, 16, 55)) == vn(2026, 11, 30, 16, 55)


def test_receipt_hours_come_from_settings(settings):
    settings.RECEIPT_WORKING_HOURS = 4
    assert deadlines.receipt_deadline(vn(2026, 11, 30, 7, 30)) == vn(2026, 11, 30, 11, 30)


@pytest.mark.parametrize(
    "office_hours",
    [
        [],
        [("07:30", "25:00")],
        [("11:30", "07:30")],
        [("13:30", "17:00"), ("07:30", "11:30")],
        [("07:30", "12:00"), ("11:30", "17:00")],
        [("07:30",)],
    ],
)
def test_bad_office_hours_are_a_configuration_error(settings, office_hours):
    settings.OFFICE_HOURS = office_hours
    with pytest.raises(ImproperlyConfigured, match="OFFICE_HOURS"):
        deadlines.add_working_hours(vn(2026, 11, 30, 9, 0), 1)
