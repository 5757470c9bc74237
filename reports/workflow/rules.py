"""The rules of the workflow: the table of moves (`MOVES`), who may take each,
and the steps every transition shares (check, lock, record, save).

Every condition on a move is in its row of `MOVES` (sources, role, guard), so
`can()` gives the admin, the dashboard and the API the same answer as the
transition's own check."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.models import (
    AT_AN_AGENCY_STATUSES,
    AgencyMembership,
    ExtensionRequest,
    Report,
    ReportCodeCounter,
    ReportEvent,
    Satisfaction,
    is_ioc,
)
from reports.notifications import kinds, notify
from reports.signals import report_transitioned

Status = Report.Status
Kind = ReportEvent.Kind


class ReportRole(Enum):
    """The part a person plays on one report, which decides the moves they may
    make (not `AgencyMembership.AgencyRole`, a member's job in an agency)."""

    REPORTER = "reporter"  # the citizen who wrote the report
    IOC = "ioc"  # one of reports.models.ioc_users()
    LEAD = "lead"  # officer or leader of the lead agency
    CO = "co"  # officer or leader of a co-processing agency


@dataclass(frozen=True)
class Move:
    sources: frozenset
    target: str | None  # None: recorded in the history, the status stays
    role: ReportRole
    # An extra condition on the report, with the message shown when it fails.
    guard: Callable[[Report], bool] | None = None
    guard_message: str = ""


def _move(sources: Iterable[str], target: str | None, role: ReportRole, **guard) -> Move:
    return Move(frozenset(sources), target, role, **guard)


def _no_pending_extension(report: Report) -> bool:
    return report.pending_extension is None


def _has_pending_extension(report: Report) -> bool:
    return report.pending_extension is not None


def _has_lead_agency(report: Report) -> bool:
    # An answer of the IOC itself has no agency to go back to.
    return report.lead_agency_id is not None


def _review_pending(report: Report) -> bool:
    # The reporter rated the published answer "Không hài lòng" and the IOC has
    # not decided yet (reports/satisfaction.py keeps the review's state).
    try:
        return report.satisfaction.awaits_review
    except Satisfaction.DoesNotExist:
        return False


_NO_REVIEW_PENDING = gettext_lazy(
    "Phản ánh không có ý kiến không hài lòng nào đang chờ xem xét lại."
)

MOVES = {
    "submit": _move({Status.DRAFT}, Status.SUBMITTED, ReportRole.REPORTER),
    "receive": _move({Status.SUBMITTED}, Status.RECEIVED, ReportRole.IOC),
    "reject": _move({Status.SUBMITTED, Status.RECEIVED}, Status.REJECTED, ReportRole.IOC),
    "forward": _move({Status.RECEIVED}, Status.FORWARDED, ReportRole.IOC),
    "recall": _move({Status.FORWARDED}, Status.RECEIVED, ReportRole.IOC),
    "accept": _move({Status.FORWARDED}, Status.IN_PROGRESS, ReportRole.LEAD),
    "return": _move(AT_AN_AGENCY_STATUSES, Status.RECEIVED, ReportRole.LEAD),
    "answer": _move({Status.IN_PROGRESS}, Status.RESOLVED, ReportRole.LEAD),
    "answer_directly": _move({Status.RECEIVED}, Status.RESOLVED, ReportRole.IOC),
    "send_back": _move(
        {Status.RESOLVED},
        Status.IN_PROGRESS,
        ReportRole.IOC,
        guard=_has_lead_agency,
        guard_message=gettext_lazy(
            "Phản ánh do Trung tâm IOC trả lời trực tiếp, không có đơn vị để gửi lại."
        ),
    ),
    "publish": _move({Status.RESOLVED}, Status.PUBLISHED, ReportRole.IOC),
    # After an unsatisfied rating (reopening.py): back to an agency, or the
    # answer kept with a reply to the reporter.
    "reopen": _move(
        {Status.PUBLISHED},
        Status.FORWARDED,
        ReportRole.IOC,
        guard=_review_pending,
        guard_message=_NO_REVIEW_PENDING,
    ),
    "close_review": _move(
        {Status.PUBLISHED},
        None,
        ReportRole.IOC,
        guard=_review_pending,
        guard_message=_NO_REVIEW_PENDING,
    ),
    "progress": _move(AT_AN_AGENCY_STATUSES, None, ReportRole.LEAD),
    "opinion": _move(AT_AN_AGENCY_STATUSES, None, ReportRole.CO),
    "request_extension": _move(
        AT_AN_AGENCY_STATUSES,
        None,
        ReportRole.LEAD,
        guard=_no_pending_extension,
        guard_message=gettext_lazy("Phản ánh đã có một đề nghị gia hạn đang chờ duyệt."),
    ),
    "decide_extension": _move(
        AT_AN_AGENCY_STATUSES,
        None,
        ReportRole.IOC,
        guard=_has_pending_extension,
        guard_message=gettext_lazy("Đề nghị gia hạn này đã được xử lý."),
    ),
}

# The state machine of README §4, derived from MOVES.
ALLOWED = {
    status: {move.target for move in MOVES.values() if status in move.sources and move.target}
    for status in Status.values
}


HANDLER_ROLES = (AgencyMembership.AgencyRole.OFFICER, AgencyMembership.AgencyRole.LEADER)


class WorkflowError(Exception):
    """A move that is not allowed; the message is for the user."""


def roles_on(user, report: Report, *, acting_for=None) -> frozenset[ReportRole]:
    """Every role `user` holds on `report`, read at once: at most one query for
    the agencies they handle, and `report.co_agencies` (prefetched by pages,
    asked only when they handle some).

    `acting_for`: the agency a dashboard member works for now. The lead
    agency's role and a co-processing agency's are then held only through it,
    so an officer of both acts for one side at a time."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    roles = set()
    if report.reporter_id == user.pk:
        roles.add(ReportRole.REPORTER)
    if is_ioc(user):
        roles.add(ReportRole.IOC)
    # Co-processing agencies come and go with the lead agency (report_forward,
    # _release_agencies): without one, no agency has a role on the report.
    if report.lead_agency_id is not None:
        handled = AgencyMembership.objects.filter(user=user, role__in=HANDLER_ROLES)
        if acting_for is not None:
            handled = handled.filter(agency=acting_for)
        agencies = set(handled.values_list("agency_id", flat=True))
        if report.lead_agency_id in agencies:
            roles.add(ReportRole.LEAD)
        if agencies and any(agency.pk in agencies for agency in report.co_agencies.all()):
            roles.add(ReportRole.CO)
    return frozenset(roles)


def can(user, action: str, report: Report, *, roles: frozenset[ReportRole] | None = None) -> bool:
    """Whether `user` may take `action` on `report` now (for showing buttons):
    the same conditions as the move's own check. `roles`: from `roles_on()`,
    when the caller asks about several actions."""
    move = MOVES[action]
    if report.status not in move.sources:
        return False
    if move.role not in (roles if roles is not None else roles_on(user, report)):
        return False
    return move.guard is None or move.guard(report)


def check(user, action: str, report: Report, *, acting_for=None) -> None:
    """Raise WorkflowError, with the reason for the user, unless `user` may
    take `action` on `report` now (as `can()`, acting for `acting_for`)."""
    _check(report, action, user, acting_for=acting_for)


def _check(report: Report, action: str, actor, *, acting_for=None) -> Move:
    move = MOVES[action]
    if move.role not in roles_on(actor, report, acting_for=acting_for):
        raise WorkflowError(_("Bạn không có quyền thực hiện thao tác này với phản ánh."))
    if report.status not in move.sources:
        raise WorkflowError(
            _("Không thể thực hiện thao tác này khi phản ánh đang ở trạng thái “%(status)s”.")
            % {"status": report.get_status_display()}
        )
    if move.guard is not None and not move.guard(report):
        raise WorkflowError(str(move.guard_message))
    return move


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def _record(report, actor, *, kind=Kind.TRANSITION, to=None, note="", public=True, agency=None):
    return ReportEvent.objects.create(
        report=report,
        actor=actor,
        kind=kind,
        from_status=report.status,
        to_status=to or report.status,
        note=note,
        is_public=public,
        agency=agency,
    )


def _transition(report: Report, action: str, actor, *, note="", public=True, agency=None):
    """Lock, check, record and set the new status (the caller saves the row)."""
    report = _locked(report)
    move = _check(report, action, actor)
    if agency is None and move.role is ReportRole.LEAD:
        agency = report.lead_agency
    _record(report, actor, to=move.target, note=note, public=public, agency=agency)
    changed = partial(
        report_transitioned.send,
        sender=Report,
        report=report,
        action=action,
        from_status=report.status,
        to_status=move.target,
        public=public,
    )
    report.status = move.target
    # Followers and area alerts (engagement) hear of it once it is committed.
    transaction.on_commit(changed, robust=True)
    return report


def _save(report, *fields):
    report.save(update_fields=["status", "updated_at", *fields])
    return report


def next_report_code(year: int) -> str:
    """PA-<year>-<6 digits>. The year's counter row is locked until the caller's
    transaction ends, so two submissions never share a number; a rolled-back
    submission may leave a gap, which is allowed."""
    counter, _created = ReportCodeCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"PA-{year}-{counter.last_number:06d}"


# --- Shared steps ------------------------------------------------------------------------


def _require(text: str, message: str) -> None:
    if not (text or "").strip():
        raise WorkflowError(message)


def _tell_reporter_rerouted(report):
    notify.reporter(report, kinds.message(kinds.REROUTED, code=report.code))


def _release_agencies(report):
    """Back to the IOC: no agency, no deadline, and any pending extension closed."""
    report.lead_agency = None
    report.deadline = None
    _save(report, "lead_agency", "deadline")
    report.co_agencies.clear()
    report.extension_requests.pending().update(
        status=ExtensionRequest.Status.CANCELLED, decided_at=timezone.now()
    )


def _answer(report, action, actor, answer, attachments):
    _require(answer, _("Hãy nhập nội dung trả lời."))
    if any(a.report_id not in (None, report.pk) for a in attachments):
        raise WorkflowError(_("Tệp đính kèm không thuộc phản ánh này."))
    report = _transition(report, action, actor)
    report.answer = answer
    report.resolved_at = timezone.now()
    _save(report, "answer", "resolved_at")
    for attachment in attachments:
        attachment.report = report
        attachment.is_answer = True
        attachment.save()
    notify.reporter(report, kinds.message(kinds.ANSWERED, code=report.code))
    notify.ioc(report, kinds.message(kinds.ANSWER_TO_PUBLISH, code=report.code))
    return report
