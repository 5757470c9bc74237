"""The agency's moves: accept, return, answer, progress notes, opinions of
co-processing agencies, and extension requests."""

from django.db import transaction
from django.utils.translation import gettext as _

from reports.models import (
    AgencyMembership,
    ExtensionRequest,
    Report,
    ReportEvent,
)
from reports.notifications import kinds, notify

from .answer_photos import check_answer_photos
from .rules import (
    HANDLER_ROLES,
    Kind,
    WorkflowError,
    _answer,
    _check,
    _locked,
    _record,
    _release_agencies,
    _require,
    _save,
    _tell_reporter_rerouted,
    _transition,
)

# --- The agency -----------------------------------------------------------------------


@transaction.atomic
def report_accept(*, report: Report, actor) -> Report:
    """The lead agency takes the report on."""
    report = _transition(report, "accept", actor)
    _save(report)
    notify.reporter(
        report, kinds.message(kinds.ACCEPTED, agency=report.lead_agency.name, code=report.code)
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
        kinds.message(kinds.RETURNED, agency=agency.name, code=report.code, reason=reason),
    )
    return report


@transaction.atomic
def report_answer(*, report: Report, actor, answer: str, attachments=()) -> Report:
    """The lead agency's answer (text and attachments) goes to the IOC for review.
    A category may require a photo of the result (answer_photos.py)."""
    _check(_locked(report), "answer", actor)  # who and when first, then what is missing
    check_answer_photos(report=report, attachments=attachments)
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
        kinds.message(kinds.OPINION, agency=agency.name, code=report.code),
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
        kinds.message(
            kinds.EXTENSION_REQUESTED,
            agency=report.lead_agency.name,
            code=report.code,
            deadline=new_deadline,
        ),
    )
    return extension
