"""The citizen's submission and the IOC's moves: receive, reject, forward,
recall, answer directly, send back, publish, and extension decisions."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import deadlines
from reports.dates import local_datetime
from reports.models import ExtensionRequest, Report
from reports.notifications import kinds, notify

from .answer_photos import check_answer_photos
from .rules import (
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
    next_report_code,
)

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
    notify.reporter(report, kinds.message(kinds.SUBMITTED, title=report.title, code=report.code))
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
    details the citizen typed), address, location and ward. The receipt is on
    the public timeline; the operator's note stays the IOC's."""
    report = _transition(report, "receive", actor, public=True)
    if note.strip():
        _record(report, actor, kind=Kind.PROGRESS, note=note, public=False)
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
    notify.reporter(report, kinds.message(kinds.RECEIVED, code=report.code), sms=True)
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
    duplicate = duplicate_of.code if duplicate_of is not None else ""
    explanation = kinds.rejection_reason(reason, note, duplicate)
    report = _transition(report, "reject", actor, note=explanation)
    report.rejection_reason = reason
    report.duplicate_of = duplicate_of
    _save(report, "rejection_reason", "duplicate_of")
    notify.reporter(
        report,
        kinds.message(
            kinds.REJECTED, code=report.code, reason=reason, note=note, duplicate=duplicate
        ),
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
    message = kinds.message(kinds.FORWARDED_TO_AGENCY, code=report.code, deadline=report.deadline)
    for agency in [lead_agency, *report.co_agencies.all()]:
        notify.agency(agency, report, message)
    notify.reporter(
        report, kinds.message(kinds.FORWARDED, code=report.code, agency=lead_agency.name)
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
        notify.agency(agency, report, kinds.message(kinds.RECALLED, code=report.code))
    _tell_reporter_rerouted(report)
    return report


@transaction.atomic
def report_answer_directly(*, report: Report, actor, answer: str, attachments=()) -> Report:
    """The IOC answers a received report itself, under the same photo rule as
    the agencies' answers (answer_photos.py)."""
    _check(_locked(report), "answer_directly", actor)  # who and when first, then what is missing
    check_answer_photos(report=report, attachments=attachments)
    return _answer(report, "answer_directly", actor, answer, attachments)


@transaction.atomic
def report_send_back(*, report: Report, actor, reason: str) -> Report:
    """The IOC finds the answer lacking and sends it back for more work."""
    _require(reason, _("Hãy ghi lý do yêu cầu xử lý lại."))
    report = _transition(report, "send_back", actor, note=reason, public=False)
    report.resolved_at = None
    _save(report, "resolved_at")
    notify.agency(
        report.lead_agency,
        report,
        kinds.message(kinds.SENT_BACK_TO_AGENCY, code=report.code, reason=reason),
    )
    notify.reporter(report, kinds.message(kinds.SENT_BACK, code=report.code))
    return report


@transaction.atomic
def report_publish(*, report: Report, actor, note: str = "") -> Report:
    """Release the answer to the reporter; public reports then show it publicly."""
    report = _transition(report, "publish", actor, note=note)
    report.published_at = timezone.now()
    _save(report, "published_at")
    notify.reporter(report, kinds.message(kinds.ANSWER_PUBLISHED, code=report.code), sms=True)
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
        "deadline": local_datetime(extension.new_deadline),
    }
    _record(
        report,
        actor,
        kind=Kind.EXTENSION_DECISION,
        note=" ".join([summary, note]).strip(),
        public=approve,
        agency=extension.agency,
    )
    notify.agency(
        extension.agency,
        report,
        kinds.message(
            kinds.EXTENSION_DECIDED,
            code=report.code,
            decision=extension.status,
            deadline=extension.new_deadline,
        ),
    )
    return extension
