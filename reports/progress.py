"""Where a report stands, as the report page's step tracker shows it (issue 14):
the workflow's public steps, Đã gửi → Đã tiếp nhận → Đang xử lý (the agency)
→ Đã có kết quả, or the end of a refused one; and its deadline in words.

Internal moves (a recall, an agency handing a report back) only move the
report back to an earlier step: the tracker follows the status, never the
history, so it shows nothing the public timeline does not."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from reports.deadline_text import deadline_phrase, deadline_when
from reports.models import AWAITING_ANSWER_STATUSES, Report

Status = Report.Status

DONE, CURRENT, TODO, ENDED = "done", "current", "todo", "ended"

# The step each status stands at (0 to 3); a refused report leaves the line.
_STEP_OF = {
    Status.SUBMITTED: 0,
    Status.RECEIVED: 1,
    Status.FORWARDED: 2,
    Status.IN_PROGRESS: 2,
    Status.RESOLVED: 3,
    Status.PUBLISHED: 3,
}


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # DONE, CURRENT, TODO or ENDED (the end of a refused report)
    detail: str = ""
    moment: datetime | None = None

    @property
    def is_current(self) -> bool:
        return self.state in (CURRENT, ENDED)

    @property
    def is_done(self) -> bool:
        return self.state == DONE


@dataclass(frozen=True)
class Deadline:
    label: str  # "Hạn tiếp nhận" (the IOC's) or "Hạn xử lý"
    moment: datetime
    when: str  # "trước 17:00 thứ Tư 02/12"
    left: str  # "còn 3 giờ làm việc", "quá hạn 5 giờ làm việc"; "" once answered


@dataclass(frozen=True)
class Progress:
    steps: list[Step]
    refused: bool
    deadline: Deadline | None


def report_progress(report: Report, *, now: datetime) -> Progress:
    """The tracker of a sent report at `now` (never a draft). Reads
    `report.lead_agency` (one query unless selected with the report)."""
    refused = report.status == Status.REJECTED
    steps = _refused_steps(report) if refused else _steps(report)
    return Progress(steps=steps, refused=refused, deadline=_deadline(report, now))


def _steps(report: Report) -> list[Step]:
    current = _STEP_OF[report.status]
    finished = report.status == Status.PUBLISHED

    def state(index):
        if index < current or (finished and index == current):
            return DONE
        return CURRENT if index == current else TODO

    waiting = {
        Status.SUBMITTED: _("Chờ Trung tâm IOC tiếp nhận"),
        Status.RECEIVED: _("Trung tâm IOC đang chuyển đến cơ quan xử lý"),
        Status.RESOLVED: _("Chờ Trung tâm IOC đăng tải"),
    }.get(report.status, "")
    handler = ""
    if report.lead_agency_id is not None:
        handler = report.lead_agency.name
    elif current == 3:  # answered with no agency: the IOC answered itself
        handler = _("Trung tâm IOC")
    return [
        Step(_("Đã gửi"), state(0), waiting if current == 0 else "", report.submitted_at),
        Step(_("Đã tiếp nhận"), state(1), waiting if current == 1 else "", report.received_at),
        Step(_("Đang xử lý"), state(2), handler, report.forwarded_at if current >= 2 else None),
        Step(
            _("Đã có kết quả"),
            state(3),
            waiting if current == 3 else "",
            report.published_at if finished else None,
        ),
    ]


def _refused_steps(report: Report) -> list[Step]:
    steps = [Step(_("Đã gửi"), DONE, moment=report.submitted_at)]
    if report.received_at is not None:
        steps.append(Step(_("Đã tiếp nhận"), DONE, moment=report.received_at))
    if report.rejection_reason == Report.RejectionReason.DUPLICATE:
        # The page links the original's code (report.duplicate_of) under it.
        steps.append(Step(_("Trùng với phản ánh khác"), ENDED))
    else:
        reason = report.get_rejection_reason_display() if report.rejection_reason else ""
        steps.append(Step(_("Không được tiếp nhận"), ENDED, reason))
    return steps


def _deadline(report: Report, now: datetime) -> Deadline | None:
    if not report.shows_deadline:
        return None
    running = report.status in AWAITING_ANSWER_STATUSES
    return Deadline(
        label=_("Hạn tiếp nhận") if report.status == Status.SUBMITTED else _("Hạn xử lý"),
        moment=report.deadline,
        when=deadline_when(report.deadline, now),
        left=deadline_phrase(report.deadline, now) if running else "",
    )
