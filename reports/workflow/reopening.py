"""The IOC's answer to a citizen's "Không hài lòng" (issue 15): reopen the
report to an agency with a fresh deadline, or keep the answer and reply.

Both moves are in `MOVES` ("reopen", "close_review"), allowed only while the
rating awaits review, and end that review through
`reports.satisfaction.review_decide`, the one writer of its state."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import Report
from reports.notifications import kinds, notify
from reports.satisfaction import Review, review_decide

from .ioc import suggested_deadline
from .rules import Kind, _check, _locked, _record, _require, _save


@transaction.atomic
def report_reopen(
    *, report: Report, actor, lead_agency, co_agencies=(), deadline=None, note: str
) -> Report:
    """Send a published report back to work after the reporter's unsatisfied
    rating: to the same or another lead agency (and co-processing agencies),
    with a deadline from now in working time unless the IOC set one.

    The answer leaves the report (it is no longer its result: the public page
    shows the report being handled again) and stays in the history as an
    internal entry with the reporter's reason; its files are retired with it,
    so the next answer brings its own proof; the reopening is a public
    entry. The agencies hear of it in the app and by e-mail, the reporter in
    the app and by SMS. After the next publication the reporter rates again."""
    _require(note, _("Hãy ghi yêu cầu đối với cơ quan xử lý."))
    report = _locked(report)
    move = _check(report, "reopen", actor)
    rating = report.satisfaction
    earlier = _("Kết quả trả lời trước khi mở lại: %(answer)s\nÝ kiến người gửi: %(comment)s") % {
        "answer": report.answer or "–",
        "comment": rating.comment,
    }
    _record(report, actor, kind=Kind.PROGRESS, note=earlier, public=False)
    _record(report, actor, to=move.target, note=note, public=True, agency=lead_agency)
    now = timezone.now()
    report.status = move.target
    report.lead_agency = lead_agency
    report.forwarded_at = now
    report.deadline = deadline or suggested_deadline(report, now)
    report.answer = ""
    report.attachments.of_answer().update(retired_at=now)
    report.resolved_at = None
    report.published_at = None
    answered = ("answer", "resolved_at", "published_at")
    _save(report, "lead_agency", "forwarded_at", "deadline", *answered)
    report.co_agencies.set([agency for agency in co_agencies if agency != lead_agency])
    review_decide(report=report, actor=actor, outcome=Review.REOPENED)
    message = kinds.message(kinds.REOPENED_TO_AGENCY, code=report.code, deadline=report.deadline)
    for agency in [lead_agency, *report.co_agencies.all()]:
        notify.agency(agency, report, message)
    notify.reporter(
        report,
        kinds.message(kinds.REOPENED, code=report.code, agency=lead_agency.name),
        sms=True,
    )
    return report


@transaction.atomic
def report_close_review(*, report: Report, actor, reply: str) -> Report:
    """Keep the published answer and reply to the reporter's unsatisfied rating.

    The reply is the reporter's: shown to them on the report page (with their
    rating, which the public does not see either) and sent as a notice; the
    history keeps it as an internal entry. The status stays PUBLISHED."""
    _require(reply, _("Hãy nhập nội dung trả lời người gửi."))
    reply = reply.strip()
    report = _locked(report)
    _check(report, "close_review", actor)
    note = _("Giữ nguyên kết quả, trả lời người gửi: %(reply)s") % {"reply": reply}
    _record(report, actor, kind=Kind.PROGRESS, note=note, public=False)
    review_decide(report=report, actor=actor, outcome=Review.CLOSED, reply=reply)
    notify.reporter(report, kinds.message(kinds.REVIEW_REPLIED, code=report.code, reply=reply))
    return report
