"""What a notice says: the catalogue of notice kinds.

A notice is stored as WHAT HAPPENED (a kind, e.g. "answer_published") and its
parameters (the report's code, an agency's name, a reason), never as a
sentence: the sentence is written when someone reads it, in the reader's
language (the page's, or the recipient's for an SMS or e-mail). Every kind's
template is here, so the English catalogue has them all.

Parameters are what is true whatever the language: codes, names (agency names
are data), the moment of a deadline (written at read time), the text a person
typed, and the VALUE of a choice whose label is translated (a rejection reason,
an extension decision), which the kind turns into its label when read. Text
that another app words (a comment author's name as moderation shows it) is
given in every language at write time (`in_every_language`).
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reports.dates import local_datetime
from reports.models.extension import ExtensionRequest
from reports.models.report import Report

logger = logging.getLogger(__name__)

# Kinds (the keys stored in Notification.kind).
SUBMITTED = "submitted"
RECEIVED = "received"
REJECTED = "rejected"
FORWARDED = "forwarded"
FORWARDED_TO_AGENCY = "forwarded_to_agency"
RECALLED = "recalled"
REROUTED = "rerouted"
ACCEPTED = "accepted"
RETURNED = "returned"
OPINION = "opinion"
ANSWERED = "answered"
ANSWER_TO_PUBLISH = "answer_to_publish"
SENT_BACK = "sent_back"
SENT_BACK_TO_AGENCY = "sent_back_to_agency"
ANSWER_PUBLISHED = "answer_published"
EXTENSION_REQUESTED = "extension_requested"
EXTENSION_DECIDED = "extension_decided"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
COMMENT_APPROVED = "comment_approved"
COMMENT_REPLY = "comment_reply"
COMMENT_REJECTED = "comment_rejected"
COMMENT_HIDDEN = "comment_hidden"
REPORT_FLAGGED = "report_flagged"

BY_LANGUAGE = "by_language"


@dataclass(frozen=True)
class Kind:
    """A template with named parameters. `dates`: parameters stored as moments
    and written as "14:30 05/03/2026"; `stored` and `shape`: the parameters
    stored, when they differ from the template's, and how they become them."""

    template: Promise
    dates: tuple[str, ...] = ()
    stored: tuple[str, ...] | None = None
    shape: Callable[[dict], dict] | None = None

    def stored_names(self) -> set[str]:
        if self.stored is not None:
            return set(self.stored)
        with translation.override(None):  # the source text, whatever the language
            return _names(str(self.template))


def _names(template: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", template))


def rejection_reason(reason: str, note: str = "", duplicate: str = "") -> str:
    """'Trùng lặp: … (PA-2026-000001)': a rejection's reason, in the active language."""
    label = Report.RejectionReason(reason).label if reason in Report.RejectionReason.values else ""
    explanation = f"{label}: {note}" if note else str(label)
    if duplicate:
        explanation += f" ({duplicate})"
    return explanation


def _rejected(params: dict) -> dict:
    reason = rejection_reason(params["reason"], params["note"], params["duplicate"])
    return {"code": params["code"], "reason": reason}


def _extension_decided(params: dict) -> dict:
    decision = params["decision"]
    if decision in ExtensionRequest.Status.values:
        decision = ExtensionRequest.Status(decision).label
    return {**params, "decision": decision}


KINDS: dict[str, Kind] = {
    # To the reporter.
    SUBMITTED: Kind(_("Phản ánh “%(title)s” đã được gửi thành công, mã %(code)s.")),
    RECEIVED: Kind(_("Phản ánh %(code)s đã được Trung tâm IOC tiếp nhận.")),
    REJECTED: Kind(
        _("Phản ánh %(code)s không được tiếp nhận. Lý do: %(reason)s"),
        stored=("code", "reason", "note", "duplicate"),
        shape=_rejected,
    ),
    FORWARDED: Kind(_("Phản ánh %(code)s đã được chuyển đến %(agency)s xử lý.")),
    REROUTED: Kind(_("Phản ánh %(code)s đang được Trung tâm IOC điều phối lại đơn vị xử lý.")),
    ACCEPTED: Kind(_("%(agency)s đã nhận xử lý phản ánh %(code)s.")),
    ANSWERED: Kind(_("Phản ánh %(code)s đã có kết quả, đang chờ Trung tâm IOC đăng tải.")),
    SENT_BACK: Kind(_("Phản ánh %(code)s đang được xử lý bổ sung.")),
    ANSWER_PUBLISHED: Kind(_("Phản ánh %(code)s đã có kết quả xử lý. Mời bạn xem và đánh giá.")),
    # To agencies.
    FORWARDED_TO_AGENCY: Kind(
        _("Phản ánh %(code)s được chuyển đến đơn vị để xử lý, hạn %(deadline)s."),
        dates=("deadline",),
    ),
    RECALLED: Kind(_("Phản ánh %(code)s đã được Trung tâm IOC thu hồi.")),
    OPINION: Kind(_("%(agency)s góp ý về phản ánh %(code)s.")),
    SENT_BACK_TO_AGENCY: Kind(_("Kết quả xử lý phản ánh %(code)s cần bổ sung: %(reason)s")),
    EXTENSION_DECIDED: Kind(
        _("%(code)s: %(decision)s gia hạn đến %(deadline)s."),
        dates=("deadline",),
        shape=_extension_decided,
    ),
    DUE_SOON: Kind(_("Phản ánh %(code)s sắp đến hạn xử lý (%(deadline)s)."), dates=("deadline",)),
    # To agencies and the IOC.
    OVERDUE: Kind(_("Phản ánh %(code)s đã quá hạn xử lý (hạn %(deadline)s)."), dates=("deadline",)),
    # To the IOC.
    RETURNED: Kind(_("%(agency)s trả lại phản ánh %(code)s: %(reason)s")),
    EXTENSION_REQUESTED: Kind(
        _("%(agency)s đề nghị gia hạn phản ánh %(code)s đến %(deadline)s."), dates=("deadline",)
    ),
    ANSWER_TO_PUBLISH: Kind(_("Phản ánh %(code)s đã có kết quả xử lý, chờ đăng tải.")),
    REPORT_FLAGGED: Kind(
        _(
            "Phản ánh %(code)s bị người dùng báo vi phạm (%(reasons)s). "
            "Kiểm duyệt viên đề nghị xem xét ẩn: %(reason)s"
        )
    ),
    # To a comment's author.
    COMMENT_APPROVED: Kind(
        _("Bình luận của bạn về phản ánh %(code)s đã được duyệt và hiển thị công khai.")
    ),
    COMMENT_REPLY: Kind(_("%(name)s đã trả lời bình luận của bạn về phản ánh %(code)s.")),
    COMMENT_REJECTED: Kind(
        _("Bình luận của bạn về phản ánh %(code)s không được duyệt. Lý do: %(reason)s")
    ),
    COMMENT_HIDDEN: Kind(_("Bình luận của bạn về phản ánh %(code)s đã bị ẩn. Lý do: %(reason)s")),
}


@dataclass(frozen=True)
class Message:
    """What happened (`kind`) and its parameters, as stored (JSON)."""

    kind: str
    params: dict

    def render(self, default: str = "") -> str:
        """The sentence in the active language; `default` if it cannot be written
        (a kind no longer in the catalogue, parameters of an older shape)."""
        kind = KINDS.get(self.kind)
        if kind is None:
            return default
        try:
            values = {name: _read(value) for name, value in self.params.items()}
            for name in kind.dates:
                values[name] = local_datetime(parse_datetime(values[name]))
            if kind.shape is not None:
                values = kind.shape(values)
            return str(kind.template) % values
        except (KeyError, TypeError, ValueError):
            logger.warning("Notice of kind %s cannot be written from %s", self.kind, self.params)
            return default


def message(kind: str, **params) -> Message:
    """A notice of `kind`; its parameters must be exactly the kind's (a typo
    would otherwise only show when someone reads it)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notice kind {kind!r}")
    expected = KINDS[kind].stored_names()
    if set(params) != expected:
        raise ValueError(f"Notice {kind!r} takes {sorted(expected)}, not {sorted(params)}")
    return Message(kind, {name: _stored(value) for name, value in params.items()})


def in_every_language(write: Callable[[], str]) -> dict:
    """A parameter worded by `write` in each of the portal's languages, for text
    this catalogue cannot word itself; the reader's language is picked when read."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(write())
    return {BY_LANGUAGE: texts}


def _stored(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, Promise):
        raise TypeError("Store a key, not translated text: the reader's language is not known")
    return value


def _read(value):
    if isinstance(value, dict) and BY_LANGUAGE in value:
        texts = value[BY_LANGUAGE]
        return texts.get(translation.get_language()) or texts.get(settings.LANGUAGE_CODE, "")
    return value


# --- The IOC's review of an unsatisfied rating (issue 15: reopening) ------------------

DISSATISFIED = "dissatisfied"
REOPENED = "reopened"
REOPENED_TO_AGENCY = "reopened_to_agency"
REVIEW_REPLIED = "review_replied"

KINDS.update(
    {
        # To the IOC.
        DISSATISFIED: Kind(
            _("Người gửi không hài lòng với kết quả phản ánh %(code)s: chờ xem xét lại.")
        ),
        # To the reporter.
        REOPENED: Kind(
            _("Phản ánh %(code)s được mở lại theo ý kiến của bạn và chuyển đến %(agency)s xử lý.")
        ),
        REVIEW_REPLIED: Kind(
            _("Trung tâm IOC trả lời ý kiến của bạn về phản ánh %(code)s: %(reply)s")
        ),
        # To agencies.
        REOPENED_TO_AGENCY: Kind(
            _(
                "Phản ánh %(code)s được mở lại theo ý kiến người dân và chuyển đến đơn vị "
                "xử lý, hạn %(deadline)s."
            ),
            dates=("deadline",),
        ),
    }
)


# --- Followers and area alerts (issue 15: engagement) -----------------------------------

FOLLOWED_STATUS = "followed_status"
FOLLOWED_ANSWER = "followed_answer"
ALERT_NEW = "alert_new"
ALERT_ANSWER = "alert_answer"
ALERT_DIGEST = "alert_digest"


def _followed_status(params: dict) -> dict:
    status = params["status"]
    if status in Report.Status.values:
        status = Report.Status(status).label
    return {**params, "status": status}


KINDS.update(
    {
        # To a report's followers (not its reporter, who has their own notices).
        FOLLOWED_STATUS: Kind(
            _("Phản ánh %(code)s bạn theo dõi chuyển sang “%(status)s”."),
            shape=_followed_status,
        ),
        FOLLOWED_ANSWER: Kind(
            _("Phản ánh %(code)s bạn theo dõi đã có kết quả xử lý được đăng tải.")
        ),
        # To whoever subscribed to an area or a topic.
        ALERT_NEW: Kind(_("Phản ánh mới %(code)s theo đăng ký nhận tin của bạn: “%(title)s”.")),
        ALERT_ANSWER: Kind(
            _("Phản ánh %(code)s theo đăng ký nhận tin của bạn đã có kết quả: “%(title)s”.")
        ),
        ALERT_DIGEST: Kind(
            _("Bản tin hôm nay: %(count)s tin theo đăng ký nhận tin của bạn.\n%(items)s")
        ),
    }
)
