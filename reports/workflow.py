"""Every change of a report's status, and nothing else changes it (SPEC section 4).

`MOVES` is the one table of allowed moves: for each action, the states it
starts from, the state it leads to and who may take it. Each transition checks
the actor and the current state against it, locks the row, writes a
ReportEvent and queues notifications in the same transaction (an outbox that
is sent after commit). The agency's notes, opinions and extension requests do
not change the status but go through the same checks and history.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports import deadlines, notify
from reports.models import (
    AgencyMembership,
    ExtensionRequest,
    Report,
    ReportCodeCounter,
    ReportEvent,
)

Status = Report.Status
Kind = ReportEvent.Kind


class Role(Enum):
    REPORTER = "reporter"  # the citizen who wrote the report
    IOC = "ioc"  # holds reports.process_report
    LEAD = "lead"  # officer or leader of the lead agency
    CO = "co"  # officer or leader of a co-processing agency


@dataclass(frozen=True)
class Move:
    sources: frozenset
    target: str | None  # None: recorded in the history, the status stays
    role: Role
    # An extra condition on the report, with the message shown when it fails.
    guard: Callable[[Report], bool] | None = None
    guard_message: str = ""


def _move(sources: Iterable[str], target: str | None, role: Role, **guard) -> Move:
    return Move(frozenset(sources), target, role, **guard)


def _no_pending_extension(report: Report) -> bool:
    return not report.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists()


MOVES = {
    "submit": _move({Status.DRAFT}, Status.SUBMITTED, Role.REPORTER),
    "receive": _move({Status.SUBMITTED}, Status.RECEIVED, Role.IOC),
    "reject": _move({Status.SUBMITTED, Status.RECEIVED}, Status.REJECTED, Role.IOC),
    "forward": _move({Status.RECEIVED}, Status.FORWARDED, Role.IOC),
    "recall": _move({Status.FORWARDED}, Status.RECEIVED, Role.IOC),
    "accept": _move({Status.FORWARDED}, Status.IN_PROGRESS, Role.LEAD),
    "return": _move({Status.FORWARDED, Status.IN_PROGRESS}, Status.RECEIVED, Role.LEAD),
    "answer": _move({Status.IN_PROGRESS}, Status.RESOLVED, Role.LEAD),
    "answer_directly": _move({Status.RECEIVED}, Status.RESOLVED, Role.IOC),
    "send_back": _move({Status.RESOLVED}, Status.IN_PROGRESS, Role.IOC),
    "publish": _move({Status.RESOLVED}, Status.PUBLISHED, Role.IOC),
    "progress": _move({Status.FORWARDED, Status.IN_PROGRESS}, None, Role.LEAD),
    "opinion": _move({Status.FORWARDED, Status.IN_PROGRESS}, None, Role.CO),
    "request_extension": _move(
        {Status.FORWARDED, Status.IN_PROGRESS},
        None,
        Role.LEAD,
        guard=_no_pending_extension,
        guard_message=gettext_lazy("Phản ánh đã có một đề nghị gia hạn đang chờ duyệt."),
    ),
    "decide_extension": _move({Status.FORWARDED, Status.IN_PROGRESS}, None, Role.IOC),
}

# The state machine of SPEC section 4, derived from MOVES.
ALLOWED = {
    status: {move.target for move in MOVES.values() if status in move.sources and move.target}
    for status in Status.values
}


HANDLER_ROLES = (AgencyMembership.Role.OFFICER, AgencyMembership.Role.LEADER)


class WorkflowError(Exception):
    """A move that is not allowed; the message is for the user."""


def has_role(user, role: Role, report: Report) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if role is Role.REPORTER:
        return report.reporter_id == user.pk
    if role is Role.IOC:
        return user.has_perm("reports.process_report")
    handlers = AgencyMembership.objects.filter(user=user, role__in=HANDLER_ROLES)
    if role is Role.LEAD:
        return (
            report.lead_agency_id is not None
            and handlers.filter(agency_id=report.lead_agency_id).exists()
        )
    return handlers.filter(agency__in=report.co_agencies.all()).exists()


def can(user, action: str, report: Report) -> bool:
    """Whether `user` may take `action` on `report` now (for showing buttons)."""
    move = MOVES[action]
    return (
        report.status in move.sources
        and has_role(user, move.role, report)
        and (move.guard is None or move.guard(report))
    )


def available_actions(user, report: Report) -> list[str]:
    return [action for action in MOVES if can(user, action, report)]


def _check(report: Report, action: str, actor) -> Move:
    move = MOVES[action]
    if not has_role(actor, move.role, report):
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
    if agency is None and move.role is Role.LEAD:
        agency = report.lead_agency
    _record(report, actor, to=move.target, note=note, public=public, agency=agency)
    report.status = move.target
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


# --- The citizen ----------------------------------------------------------------


@transaction.atomic
def report_submit(*, report: Report, actor) -> Report:
    """A citizen sends their draft: it gets its code, the receipt deadline
    (8 working hours) and its first history entry."""
    report = _transition(report, "submit", actor)
    now = timezone.now()
    report.code = next_report_code(timezone.localtime(now).year)
    report.submitted_at = now
    report.deadline = deadlines.receipt_deadline(now)
    _save(report, "code", "submitted_at", "deadline")
    notify.reporter(
        report,
        _("Phản ánh “%(title)s” đã được gửi thành công, mã %(code)s.")
        % {"title": report.title, "code": report.code},
    )
    return report


# --- The IOC ------------------------------------------------------------------------


@transaction.atomic
def report_receive(
    *,
    report: Report,
    actor,
    category,
    level: str,
    is_public: bool,
    corrections: dict | None = None,
    note: str = "",
) -> Report:
    """The IOC verifies a report: confirms the category, decides the level and
    whether it is public, and may correct the title, content (to hide personal
    details the citizen typed), address, location and ward."""
    report = _transition(report, "receive", actor, note=note, public=False)
    corrections = {
        name: value
        for name, value in (corrections or {}).items()
        if name in ("title", "content", "address", "latitude", "longitude", "ward")
    }
    for name, value in corrections.items():
        setattr(report, name, value)
    report.category = category
    report.level = level
    report.is_public = is_public
    report.received_at = timezone.now()
    report.deadline = None  # the receipt target is met; forwarding sets the next one
    _save(report, "category", "level", "is_public", "received_at", "deadline", *corrections)
    notify.reporter(
        report,
        _("Phản ánh %(code)s đã được Trung tâm IOC tiếp nhận.") % {"code": report.code},
        sms=True,
    )
    return report


@transaction.atomic
def report_reject(
    *, report: Report, actor, reason: str, note: str = "", duplicate_of: Report | None = None
) -> Report:
    """Refuse a report with a reason from the list, shown to the reporter."""
    if reason not in Report.RejectionReason.values:
        raise WorkflowError(_("Hãy chọn lý do từ chối."))
    if reason == Report.RejectionReason.DUPLICATE and duplicate_of is None:
        raise WorkflowError(_("Hãy cho biết mã phản ánh bị trùng."))
    if reason == Report.RejectionReason.OTHER and not note.strip():
        raise WorkflowError(_("Hãy ghi rõ lý do từ chối."))
    label = Report.RejectionReason(reason).label
    explanation = f"{label}: {note}" if note else str(label)
    if duplicate_of is not None:
        explanation += f" ({duplicate_of.code})"
    report = _transition(report, "reject", actor, note=explanation)
    report.rejection_reason = reason
    report.duplicate_of = duplicate_of
    _save(report, "rejection_reason", "duplicate_of")
    notify.reporter(
        report,
        _("Phản ánh %(code)s không được tiếp nhận. Lý do: %(reason)s")
        % {"code": report.code, "reason": explanation},
        sms=True,
    )
    return report


def suggested_agency(report: Report):
    """The category's default agency, else a commune office covering the ward."""
    if report.category and report.category.default_agency_id:
        return report.category.default_agency
    if report.ward_id:
        return report.ward.agencies.filter(is_active=True).first()
    return None


def suggested_deadline(report: Report, start=None):
    return deadlines.processing_deadline(start or timezone.now(), report.category, report.level)


@transaction.atomic
def report_forward(
    *, report: Report, actor, lead_agency, co_agencies=(), deadline=None, note: str = ""
) -> Report:
    """Hand a received report to its lead agency (and co-processing agencies)
    with a deadline from the category and level unless the IOC set one."""
    report = _transition(report, "forward", actor, note=note, public=True, agency=lead_agency)
    now = timezone.now()
    report.lead_agency = lead_agency
    report.forwarded_at = now
    report.deadline = deadline or suggested_deadline(report, now)
    _save(report, "lead_agency", "forwarded_at", "deadline")
    report.co_agencies.set([agency for agency in co_agencies if agency != lead_agency])
    message = _("Phản ánh %(code)s được chuyển đến đơn vị để xử lý, hạn %(deadline)s.") % {
        "code": report.code,
        "deadline": timezone.localtime(report.deadline).strftime("%H:%M %d/%m/%Y"),
    }
    for agency in [lead_agency, *report.co_agencies.all()]:
        notify.agency(agency, report, message)
    notify.reporter(
        report,
        _("Phản ánh %(code)s đã được chuyển đến %(agency)s xử lý.")
        % {"code": report.code, "agency": lead_agency.name},
    )
    return report


@transaction.atomic
def report_recall(*, report: Report, actor, reason: str) -> Report:
    """The IOC takes a forwarded report back before the agency accepted it."""
    _require(reason, _("Hãy ghi lý do thu hồi."))
    report = _transition(report, "recall", actor, note=reason, public=False)
    agencies = [report.lead_agency, *report.co_agencies.all()]
    _release_agencies(report)
    for agency in agencies:
        notify.agency(
            agency,
            report,
            _("Phản ánh %(code)s đã được Trung tâm IOC thu hồi.") % {"code": report.code},
        )
    _tell_reporter_rerouted(report)
    return report


@transaction.atomic
def report_answer_directly(*, report: Report, actor, answer: str, attachments=()) -> Report:
    """The IOC answers a received report itself."""
    return _answer(report, "answer_directly", actor, answer, attachments)


@transaction.atomic
def report_send_back(*, report: Report, actor, reason: str) -> Report:
    """The IOC finds the answer lacking and sends it back for more work."""
    _require(reason, _("Hãy ghi lý do yêu cầu xử lý lại."))
    report = _transition(report, "send_back", actor, note=reason, public=False)
    if report.lead_agency_id is None:
        raise WorkflowError(
            _("Phản ánh do Trung tâm IOC trả lời trực tiếp, không có đơn vị để gửi lại.")
        )
    report.resolved_at = None
    _save(report, "resolved_at")
    notify.agency(
        report.lead_agency,
        report,
        _("Kết quả xử lý phản ánh %(code)s cần bổ sung: %(reason)s")
        % {"code": report.code, "reason": reason},
    )
    notify.reporter(report, _("Phản ánh %(code)s đang được xử lý bổ sung.") % {"code": report.code})
    return report


@transaction.atomic
def report_publish(*, report: Report, actor, note: str = "") -> Report:
    """Release the answer to the reporter; public reports then show it publicly."""
    report = _transition(report, "publish", actor, note=note)
    report.published_at = timezone.now()
    _save(report, "published_at")
    notify.reporter(
        report,
        _("Phản ánh %(code)s đã có kết quả xử lý. Mời bạn xem và đánh giá.")
        % {"code": report.code},
        sms=True,
    )
    return report


@transaction.atomic
def extension_decide(*, extension: ExtensionRequest, actor, approve: bool, note: str = ""):
    """The IOC approves (the deadline moves) or refuses an extension request."""
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    if extension.status != ExtensionRequest.Status.PENDING:
        raise WorkflowError(_("Đề nghị gia hạn này đã được xử lý."))
    report = _locked(extension.report)
    _check(report, "decide_extension", actor)
    extension.status = (
        ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REFUSED
    )
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        report.deadline = extension.new_deadline
        report.save(update_fields=["deadline", "updated_at"])
    summary = _("%(decision)s gia hạn đến %(deadline)s.") % {
        "decision": extension.get_status_display(),
        "deadline": timezone.localtime(extension.new_deadline).strftime("%H:%M %d/%m/%Y"),
    }
    _record(
        report,
        actor,
        kind=Kind.EXTENSION_DECISION,
        note=" ".join([summary, note]).strip(),
        public=approve,
        agency=extension.agency,
    )
    notify.agency(extension.agency, report, f"{report.code}: {summary}")
    return extension


# --- The agency -----------------------------------------------------------------------


@transaction.atomic
def report_accept(*, report: Report, actor) -> Report:
    """The lead agency takes the report on."""
    report = _transition(report, "accept", actor)
    _save(report)
    notify.reporter(
        report,
        _("%(agency)s đã nhận xử lý phản ánh %(code)s.")
        % {"agency": report.lead_agency.name, "code": report.code},
    )
    return report


@transaction.atomic
def report_return(*, report: Report, actor, reason: str) -> Report:
    """The lead agency hands the report back to the IOC (e.g. not its competence)."""
    _require(reason, _("Hãy ghi lý do trả lại."))
    report = _transition(report, "return", actor, note=reason, public=False)
    agency = report.lead_agency
    _release_agencies(report)
    _tell_reporter_rerouted(report)
    notify.ioc(
        report,
        _("%(agency)s trả lại phản ánh %(code)s: %(reason)s")
        % {"agency": agency.name, "code": report.code, "reason": reason},
    )
    return report


@transaction.atomic
def report_answer(*, report: Report, actor, answer: str, attachments=()) -> Report:
    """The lead agency's answer (text and attachments) goes to the IOC for review."""
    return _answer(report, "answer", actor, answer, attachments)


@transaction.atomic
def report_add_progress(*, report: Report, actor, note: str, public: bool) -> ReportEvent:
    """A progress note of the lead agency, internal or shown to the public."""
    _require(note, _("Hãy nhập nội dung ghi chú."))
    report = _locked(report)
    _check(report, "progress", actor)
    return _record(
        report, actor, kind=Kind.PROGRESS, note=note, public=public, agency=report.lead_agency
    )


@transaction.atomic
def report_add_opinion(*, report: Report, actor, agency, note: str) -> ReportEvent:
    """A co-processing agency's opinion, for the lead agency and the IOC."""
    _require(note, _("Hãy nhập ý kiến."))
    report = _locked(report)
    _check(report, "opinion", actor)
    handles_agency = AgencyMembership.objects.filter(
        user=actor, agency=agency, role__in=HANDLER_ROLES
    ).exists()
    if not report.co_agencies.filter(pk=agency.pk).exists():
        raise WorkflowError(_("Đơn vị này không phối hợp xử lý phản ánh."))
    if not handles_agency:
        raise WorkflowError(_("Bạn không góp ý thay cho đơn vị phối hợp này được."))
    event = _record(report, actor, kind=Kind.OPINION, note=note, public=False, agency=agency)
    notify.agency(
        report.lead_agency,
        report,
        _("%(agency)s góp ý về phản ánh %(code)s.") % {"agency": agency.name, "code": report.code},
    )
    return event


@transaction.atomic
def extension_request(*, report: Report, actor, new_deadline, reason: str) -> ExtensionRequest:
    """The lead agency asks for a later deadline; the IOC decides."""
    _require(reason, _("Hãy ghi lý do đề nghị gia hạn."))
    report = _locked(report)
    _check(report, "request_extension", actor)
    if report.deadline and new_deadline <= report.deadline:
        raise WorkflowError(_("Hạn mới phải sau hạn hiện tại."))
    extension = ExtensionRequest.objects.create(
        report=report,
        agency=report.lead_agency,
        requested_by=actor,
        new_deadline=new_deadline,
        reason=reason,
    )
    _record(
        report,
        actor,
        kind=Kind.EXTENSION_REQUEST,
        note=reason,
        public=False,
        agency=report.lead_agency,
    )
    notify.ioc(
        report,
        _("%(agency)s đề nghị gia hạn phản ánh %(code)s đến %(deadline)s.")
        % {
            "agency": report.lead_agency.name,
            "code": report.code,
            "deadline": timezone.localtime(new_deadline).strftime("%H:%M %d/%m/%Y"),
        },
    )
    return extension


# --- Shared steps ------------------------------------------------------------------------


def _require(text: str, message: str) -> None:
    if not (text or "").strip():
        raise WorkflowError(message)


def _tell_reporter_rerouted(report):
    notify.reporter(
        report,
        _("Phản ánh %(code)s đang được Trung tâm IOC điều phối lại đơn vị xử lý.")
        % {"code": report.code},
    )


def _release_agencies(report):
    """Back to the IOC: no agency, no deadline, and any pending extension closed."""
    report.lead_agency = None
    report.deadline = None
    _save(report, "lead_agency", "deadline")
    report.co_agencies.clear()
    report.extension_requests.filter(status=ExtensionRequest.Status.PENDING).update(
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
    notify.reporter(
        report,
        _("Phản ánh %(code)s đã có kết quả, đang chờ Trung tâm IOC đăng tải.")
        % {"code": report.code},
    )
    notify.ioc(
        report,
        _("Phản ánh %(code)s đã có kết quả xử lý, chờ đăng tải.") % {"code": report.code},
    )
    return report
