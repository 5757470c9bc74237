"""The deadline in plain words (issue 14): when it falls and the working time
left or past, on fixed moments of 2026 (Vietnam time; never the real clock).

Office hours are the default 07:30-11:30 and 13:30-17:00 (7.5 hours a day).
Days off used below: Monday 31 August, Tuesday 1 and Wednesday 2 September 2026
(National Day); Saturday 22 August 2026 is a make-up working day."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from reports.deadline_text import deadline_phrase, deadline_when

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(month, day, hour=0, minute=0, year=2026):
    return datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.fixture(autouse=True)
def _default_office_hours(settings):
    settings.OFFICE_HOURS = [("07:30", "11:30"), ("13:30", "17:00")]


# --- When -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "now", "words"),
    [
        (vn(12, 2, 17), vn(11, 30, 9), "trước 17:00 thứ Tư 02/12"),
        (vn(12, 2, 17), vn(12, 2, 9), "trước 17:00 hôm nay"),
        (vn(12, 2, 11, 30), vn(12, 1, 16), "trước 11:30 ngày mai"),
        (vn(12, 6, 17), vn(12, 2, 9), "trước 17:00 Chủ nhật 06/12"),
        (vn(1, 4, 17, year=2027), vn(12, 31, 9), "trước 17:00 thứ Hai 04/01/2027"),
        # Past deadlines: no "trước".
        (vn(12, 2, 17), vn(12, 2, 17, 30), "17:00 hôm nay"),
        (vn(12, 1, 17), vn(12, 2, 9), "17:00 hôm qua"),
        (vn(11, 30, 17), vn(12, 2, 9), "17:00 thứ Hai 30/11"),
    ],
)
def test_when_the_deadline_falls(deadline, now, words):
    assert deadline_when(deadline, now) == words


def test_when_is_told_in_vietnam_time_whatever_the_zone_given():
    # 02:00 UTC on 2 December is 09:00 in Vietnam; 10:00 UTC is 17:00.
    assert (
        deadline_when(datetime(2026, 12, 2, 10, tzinfo=UTC), datetime(2026, 12, 2, 2, tzinfo=UTC))
        == "trước 17:00 hôm nay"
    )
    # 18:00 UTC on 1 December is already 2 December in Vietnam: "today", not "tomorrow".
    assert deadline_when(vn(12, 2, 17), datetime(2026, 12, 1, 18, tzinfo=UTC)) == (
        "trước 17:00 hôm nay"
    )


def test_when_in_english():
    with translation.override("en"):
        assert deadline_when(vn(12, 2, 17), vn(11, 30, 9)) == "by 17:00 Wednesday 02/12"
        assert deadline_when(vn(12, 2, 17), vn(12, 2, 9)) == "by 17:00 today"
        assert deadline_when(vn(12, 2, 11, 30), vn(12, 1, 9)) == "by 11:30 tomorrow"
        assert deadline_when(vn(12, 1, 17), vn(12, 2, 9)) == "17:00 yesterday"


def test_naive_moments_are_refused():
    with pytest.raises(ValueError):
        deadline_when(datetime(2026, 12, 2, 17), vn(12, 2, 9))
    with pytest.raises(ValueError):
        deadline_phrase(vn(12, 2, 17), datetime(2026, 12, 2, 9))


# --- Working time left ------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "now", "words"),
    [
        # Same afternoon: 14:00 to 17:00.
        (vn(12, 2, 17), vn(12, 2, 14), "còn 3 giờ làm việc"),
        # Rounded down: 3 h 50 min is "3 hours", never more than there is.
        (vn(12, 2, 17), vn(12, 2, 13, 10), "còn 3 giờ làm việc"),
        # The lunch break does not count: 10:00-11:30 and 13:30-14:30.
        (vn(12, 2, 14, 30), vn(12, 2, 10), "còn 2 giờ làm việc"),
        # During lunch, only the afternoon counts.
        (vn(12, 2, 15), vn(12, 2, 12), "còn 1 giờ làm việc"),
        (vn(12, 2, 14), vn(12, 2, 12), "còn 30 phút làm việc"),
        # Over a weekend: Friday 16:00-17:00 and Monday 07:30-10:30.
        (vn(11, 30, 10, 30), vn(11, 27, 16), "còn 4 giờ làm việc"),
        # Days: Monday 10:00 to Wednesday 17:00 is 5 + 7.5 + 7.5 hours, 2 whole days.
        (vn(12, 2, 17), vn(11, 30, 10), "còn 2 ngày làm việc"),
        # A whole working day exactly.
        (vn(12, 2, 17), vn(12, 2, 7, 30), "còn 1 ngày làm việc"),
        (vn(12, 2, 17), vn(11, 30, 7, 30), "còn 3 ngày làm việc"),
        # Over the National Day holidays (Mon 31/8 to Wed 2/9 off): Friday 28/8
        # 16:00 to Thursday 3/9 17:00 is 1 + 7.5 hours.
        (vn(9, 3, 17), vn(8, 28, 16), "còn 1 ngày làm việc"),
        (vn(9, 3, 10), vn(8, 28, 16), "còn 3 giờ làm việc"),
        # From a Friday evening to Monday's opening: no office time at all.
        (vn(11, 30, 7, 30), vn(11, 27, 18), "không còn giờ làm việc trước hạn"),
        # During lunch, due when the office opens again.
        (vn(12, 2, 13, 30), vn(12, 2, 12), "không còn giờ làm việc trước hạn"),
    ],
)
def test_working_time_left(deadline, now, words):
    assert deadline_phrase(deadline, now) == words


@pytest.mark.parametrize(
    ("deadline", "now", "words"),
    [
        # Past the deadline by office time only: 09:00-11:30 and 13:30-16:00 is 5 h.
        (vn(12, 2, 9), vn(12, 2, 16), "quá hạn 5 giờ làm việc"),
        (vn(12, 2, 16, 30), vn(12, 2, 16, 50), "quá hạn 20 phút làm việc"),
        # The evening after a 17:00 deadline is not office time: overdue, by nothing yet.
        (vn(12, 2, 17), vn(12, 2, 20), "đã quá hạn"),
        (vn(12, 2, 11, 30), vn(12, 2, 12, 30), "đã quá hạn"),
        (vn(12, 2, 17), vn(12, 2, 17), "đã quá hạn"),
        # Friday 17:00 to Tuesday 09:00: all of Monday and 1.5 hours of Tuesday.
        (vn(11, 27, 17), vn(12, 1, 9), "quá hạn 1 ngày làm việc"),
        (vn(11, 25, 17), vn(12, 1, 9), "quá hạn 3 ngày làm việc"),
        # The holidays do not count: Friday 28/8 17:00 to Thursday 3/9 09:00.
        (vn(8, 28, 17), vn(9, 3, 9), "quá hạn 1 giờ làm việc"),
    ],
)
def test_working_time_past(deadline, now, words):
    assert deadline_phrase(deadline, now) == words


def test_a_make_up_saturday_counts():
    # Friday 21/8 16:00 to Saturday 22/8 (worked) 17:00: 1 + 7.5 hours.
    assert deadline_phrase(vn(8, 22, 17), vn(8, 21, 16)) == "còn 1 ngày làm việc"
    assert deadline_when(vn(8, 22, 17), vn(8, 20, 9)) == "trước 17:00 thứ Bảy 22/08"


def test_other_office_hours(settings):
    settings.OFFICE_HOURS = [("08:00", "12:00"), ("13:00", "17:00")]
    # 8 hours a day: Wednesday 09:00 to 17:00 is 7 hours, less than a day.
    assert deadline_phrase(vn(12, 2, 17), vn(12, 2, 9)) == "còn 7 giờ làm việc"
    assert deadline_phrase(vn(12, 2, 12, 30), vn(12, 2, 9)) == "còn 3 giờ làm việc"


def test_working_time_in_english():
    with translation.override("en"):
        assert deadline_phrase(vn(12, 2, 17), vn(12, 2, 14)) == "3 working hours left"
        assert deadline_phrase(vn(12, 2, 15), vn(12, 2, 12)) == "1 working hour left"
        assert deadline_phrase(vn(12, 2, 17), vn(11, 30, 10)) == "2 working days left"
        assert deadline_phrase(vn(12, 2, 9), vn(12, 2, 16)) == "5 working hours overdue"
        assert deadline_phrase(vn(12, 2, 17), vn(12, 2, 20)) == "overdue"
