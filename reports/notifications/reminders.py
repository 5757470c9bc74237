"""Every working morning: remind agencies of reports due within one working day,
and flag overdue ones to the agency and the IOC. Safe to run twice a day."""

from django.utils import timezone

from reports import deadlines
from reports.models import AT_AN_AGENCY_STATUSES, Report
from reports.notifications import kinds, notify
from reports.notifications.notify import Notice


def send_deadline_reminders(now=None) -> int:
    """Returns how many reports were reminded of. Every notice of the morning
    is written at once, in the same number of queries for one report or many."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not deadlines.is_working_day(today):
        return 0
    handled = Report.objects.filter(status__in=AT_AN_AGENCY_STATUSES).select_related("lead_agency")
    due_soon = list(
        handled.filter(deadline__gte=now, deadline__lte=deadlines.add_working_days(now, 1))
    )
    to_agencies = [
        (
            report.lead_agency,
            Notice(
                report,
                kinds.message(kinds.DUE_SOON, code=report.code, deadline=report.deadline),
                dedupe=f"due:{report.pk}:{today}",
            ),
        )
        for report in due_soon
    ]
    to_ioc = []
    overdue = list(Report.objects.overdue(now).select_related("lead_agency"))
    for report in overdue:
        message = kinds.message(kinds.OVERDUE, code=report.code, deadline=report.deadline)
        if report.status in AT_AN_AGENCY_STATUSES:
            to_agencies.append(
                (report.lead_agency, Notice(report, message, dedupe=f"overdue:{report.pk}:{today}"))
            )
        to_ioc.append(Notice(report, message, dedupe=f"overdue-ioc:{report.pk}:{today}"))
    notify.agencies(to_agencies)
    notify.ioc_many(to_ioc)
    return len(due_soon) + len(overdue)
