"""A deadline in plain words for the report page: when it falls ("trước 17:00
thứ Tư 02/12", "trước 11:30 hôm nay") and how much working time is left or
past ("còn 3 giờ làm việc", "còn 2 ngày làm việc", "quá hạn 5 giờ làm việc").

Working time is office time on working days (`reports.deadlines`): a lunch
break, an evening, a weekend or a holiday never counts. Both functions take
`now` so that callers (and tests) fix the moment; amounts are rounded down,
so the page never promises more time than there is."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from reports import deadlines

WEEKDAYS = (
    gettext_lazy("thứ Hai"),
    gettext_lazy("thứ Ba"),
    gettext_lazy("thứ Tư"),
    gettext_lazy("thứ Năm"),
    gettext_lazy("thứ Sáu"),
    gettext_lazy("thứ Bảy"),
    gettext_lazy("Chủ nhật"),
)


def deadline_when(deadline: datetime, now: datetime) -> str:
    """ "trước 17:00 thứ Tư 02/12" (a deadline to come) or "17:00 thứ Hai 30/11"
    (a past one), in Vietnam time; "hôm nay", "ngày mai" or "hôm qua" for the
    days next to `now`'s, and the year when it is not `now`'s."""
    local = timezone.localtime(deadline, deadlines.VIETNAM)
    today = timezone.localtime(now, deadlines.VIETNAM).date()
    clock = local.strftime("%H:%M")
    offset = (local.date() - today).days
    if offset == 0:
        day = _("hôm nay")
    elif offset == 1:
        day = _("ngày mai")
    elif offset == -1:
        day = _("hôm qua")
    else:
        date_format = "%d/%m" if local.year == today.year else "%d/%m/%Y"
        day = f"{WEEKDAYS[local.weekday()]} {local.strftime(date_format)}"
    if deadline > now:
        return _("trước %(time)s %(day)s") % {"time": clock, "day": day}
    return f"{clock} {day}"


def deadline_phrase(deadline: datetime, now: datetime) -> str:
    """The working time left before `deadline`, or past it, in words: whole
    working days from one working day up, else whole hours, else minutes."""
    if timezone.is_naive(deadline) or timezone.is_naive(now):
        raise ValueError("deadline texts need aware datetimes")
    if deadline > now:
        minutes = _working_minutes(now, deadline)
        if minutes < 1:  # only evenings, lunch breaks or days off until then
            return _("không còn giờ làm việc trước hạn")
        days, hours = _days_and_hours(minutes)
        if days:
            return ngettext("còn %(count)d ngày làm việc", "còn %(count)d ngày làm việc", days) % {
                "count": days
            }
        if hours:
            return ngettext("còn %(count)d giờ làm việc", "còn %(count)d giờ làm việc", hours) % {
                "count": hours
            }
        return ngettext("còn %(count)d phút làm việc", "còn %(count)d phút làm việc", minutes) % {
            "count": minutes
        }
    minutes = _working_minutes(deadline, now)
    if minutes < 1:  # past the deadline, but no office time since (evening, lunch)
        return _("đã quá hạn")
    days, hours = _days_and_hours(minutes)
    if days:
        return ngettext(
            "quá hạn %(count)d ngày làm việc", "quá hạn %(count)d ngày làm việc", days
        ) % {"count": days}
    if hours:
        return ngettext(
            "quá hạn %(count)d giờ làm việc", "quá hạn %(count)d giờ làm việc", hours
        ) % {"count": hours}
    return ngettext(
        "quá hạn %(count)d phút làm việc", "quá hạn %(count)d phút làm việc", minutes
    ) % {"count": minutes}


def _working_minutes(start: datetime, end: datetime) -> int:
    # Whole minutes first, so that a float sum such as 7.4999999 hours is 7.5.
    return round(deadlines.working_hours_between(start, end) * 60)


def _days_and_hours(minutes: int) -> tuple[int, int]:
    """Whole working days (0 below one working day), and whole hours."""
    per_day = round(deadlines.working_hours_per_day() * 60)
    return minutes // per_day, minutes // 60
