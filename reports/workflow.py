"""Every change of a report's status, and nothing else changes it (SPEC section 4).

Each transition checks the actor and the current state against ALLOWED, locks
the row, writes a ReportEvent and queues its side effects after commit.
Issue 4 adds the IOC and agency transitions to this table.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import Notification, Report, ReportCodeCounter, ReportEvent

Status = Report.Status

ALLOWED = {
    Status.DRAFT: {Status.SUBMITTED},
}


class WorkflowError(Exception):
    """A move that is not allowed; the message is for the user."""


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def _move(report: Report, *, actor, to: str, note: str = "", public: bool = True) -> ReportEvent:
    if to not in ALLOWED.get(report.status, ()):
        raise WorkflowError(
            _("Không thể chuyển phản ánh từ “%(from)s” sang “%(to)s”.")
            % {"from": report.get_status_display(), "to": Status(to).label}
        )
    event = ReportEvent.objects.create(
        report=report,
        actor=actor,
        from_status=report.status,
        to_status=to,
        note=note,
        is_public=public,
    )
    report.status = to
    return event


def next_report_code(year: int) -> str:
    """PA-<year>-<6 digits>. The year's counter row is locked until the caller's
    transaction ends, so two submissions never share a number; a rolled-back
    submission may leave a gap, which is allowed."""
    counter, _created = ReportCodeCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"PA-{year}-{counter.last_number:06d}"


@transaction.atomic
def report_submit(*, report: Report, actor) -> Report:
    """A citizen sends their draft to the IOC: it gets its code and its first history entry."""
    report = _locked(report)
    if report.reporter_id != actor.pk:
        raise WorkflowError(_("Chỉ người tạo phản ánh mới gửi được phản ánh này."))
    _move(report, actor=actor, to=Status.SUBMITTED)
    now = timezone.now()
    report.code = next_report_code(timezone.localtime(now).year)
    report.submitted_at = now
    report.save(update_fields=["status", "code", "submitted_at", "updated_at"])
    Notification.objects.create(
        recipient=actor,
        report=report,
        message=_("Phản ánh “%(title)s” đã được gửi thành công, mã %(code)s.")
        % {"title": report.title, "code": report.code},
    )
    return report
