"""What the reports app keeps about a citizen, for their data export and the
deletion of their account (accounts/personal_data.py calls these through the
`Source` registered in ReportsConfig.ready())."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from accounts import personal_data
from accounts.personal_data import Column, Section
from reports import submissions
from reports.models import Attachment, Delivery, Notification, Report, ReportEvent, Satisfaction
from reports.public_cache import public_changed
from reports.selectors import RELEASED_ATTACHMENTS

SENT_AT = Column("submitted_at", _("Gửi lúc"), is_datetime=True)
CODE = Column("code", _("Mã phản ánh"))
REPORT_CODE = Column("report_code", _("Mã phản ánh"))


def _attachment_rows(attachments) -> list[dict]:
    return [
        {
            "name": attachment.original_name,
            "kind": attachment.get_kind_display(),
            "content_type": attachment.content_type,
            "size": attachment.size,
            "is_answer": attachment.is_answer,
            "url": attachment.get_absolute_url(),
        }
        for attachment in attachments
    ]


def _sent_reports(user):
    # The answer's files only once it is published, as on the report's page.
    released = Attachment.objects.filter(RELEASED_ATTACHMENTS).order_by(
        "is_answer", "kind", "order"
    )
    return (
        Report.objects.sent_by(user)
        .select_related("category", "ward")
        .prefetch_related(Prefetch("attachments", queryset=released))
        .order_by("-submitted_at", "-pk")
    )


def _report_row(report: Report) -> dict:
    published = report.status == Report.Status.PUBLISHED
    return {
        "code": report.code,
        "title": report.title,
        "content": report.content,
        "category": report.category.name if report.category_id else "",
        "status": report.status,
        "status_label": report.get_status_display(),
        "level_label": report.get_level_display(),
        "urgent_requested": report.urgent_requested,
        "rejection_reason": report.get_rejection_reason_display(),
        "address": report.address,
        "ward": report.ward.name if report.ward_id else "",
        "latitude": float(report.latitude) if report.latitude is not None else None,
        "longitude": float(report.longitude) if report.longitude is not None else None,
        "hide_name": report.hide_name,
        "is_public": report.is_public,
        "submitted_at": report.submitted_at,
        "received_at": report.received_at,
        "published_at": report.published_at,
        "answer": report.answer if published else "",
        "url": report.get_absolute_url(),
        "attachments": _attachment_rows(report.attachments.all()),
    }


def _drafts(user):
    return (
        Report.objects.drafts_of(user)
        .select_related("category")
        .prefetch_related("attachments")
        .order_by("-updated_at", "-pk")
    )


def _draft_row(draft: Report) -> dict:
    return {
        "title": draft.title,
        "content": draft.content,
        "category": draft.category.name if draft.category_id else "",
        "address": draft.address,
        "created_at": draft.created_at,
        "updated_at": draft.updated_at,
        "url": draft.get_absolute_url(),
        "attachments": _attachment_rows(draft.attachments.all()),
    }


def _rating_row(rating: Satisfaction) -> dict:
    return {
        "report_code": rating.report.code,
        "report_title": rating.report.title,
        "level": rating.level,
        "level_label": rating.get_level_display(),
        "comment": rating.comment,
        "created_at": rating.created_at,
        "updated_at": rating.updated_at,
        "url": rating.report.get_absolute_url(),
    }


def _notification_row(notification: Notification) -> dict:
    report = notification.report
    return {
        "message": notification.message,
        "report_code": report.code if report else "",
        "created_at": notification.created_at,
        "read_at": notification.read_at,
        "url": report.get_absolute_url() if report else "",
    }


def _delivery_row(delivery: Delivery) -> dict:
    return {
        "channel": delivery.get_channel_display(),
        "address": delivery.address,
        "body": delivery.body,
        "status": delivery.get_status_display(),
        "created_at": delivery.created_at,
        "sent_at": delivery.sent_at,
    }


SECTIONS = (
    Section(
        key="reports",
        title=_("Phản ánh đã gửi"),
        empty=_("Bạn chưa gửi phản ánh nào."),
        objects=_sent_reports,
        row=_report_row,
        headline="title",
        facts=(CODE, Column("status_label", _("Trạng thái"), badge="status"), SENT_AT),
    ),
    Section(
        key="drafts",
        title=_("Bản nháp"),
        empty=_("Bạn không có bản nháp nào."),
        objects=_drafts,
        row=_draft_row,
        headline="title",
        facts=(
            Column("category", _("Chuyên mục")),
            Column("updated_at", _("Lưu lúc"), is_datetime=True),
        ),
    ),
    Section(
        key="satisfaction_ratings",
        title=_("Đánh giá mức độ hài lòng"),
        empty=_("Bạn chưa đánh giá kết quả xử lý nào."),
        objects=lambda user: (
            Satisfaction.objects.filter(user=user).select_related("report").order_by("-updated_at")
        ),
        row=_rating_row,
        headline="report_title",
        facts=(
            REPORT_CODE,
            Column("level_label", _("Mức độ hài lòng"), badge="level"),
            Column("updated_at", _("Đánh giá lúc"), is_datetime=True),
        ),
    ),
    Section(
        key="notifications",
        title=_("Thông báo"),
        empty=_("Bạn chưa có thông báo nào."),
        objects=lambda user: (
            Notification.objects.filter(recipient=user)
            .select_related("report")
            .order_by("-created_at", "-pk")
        ),
        row=_notification_row,
        headline="message",
        facts=(
            Column("created_at", _("Thời gian"), is_datetime=True),
            Column("read_at", _("Đã xem lúc"), is_datetime=True),
        ),
    ),
    Section(
        key="messages",
        title=_("Tin nhắn SMS và thư điện tử gửi cho bạn"),
        empty=_("Chưa có tin nhắn hay thư nào gửi cho bạn."),
        objects=lambda user: Delivery.objects.filter(recipient=user).order_by("-created_at"),
        row=_delivery_row,
        headline="body",
        facts=(
            Column("channel", _("Kênh gửi")),
            Column("address", _("Gửi đến")),
            Column("created_at", _("Thời gian"), is_datetime=True),
        ),
    ),
)


def erase(*, user, stand_in) -> None:
    """Drafts (with their files, after commit), notifications and messages go;
    submitted reports, their history and ratings stay, handed to `stand_in`
    with the name hidden. Bulk writes skip the page caches' signals, hence
    `public_changed()`."""
    for draft in _drafts(user):
        submissions.draft_delete(draft=draft)
    reports = list(Report.objects.sent_by(user).only("pk", "code", "title"))
    for report in reports:
        report.reporter = stand_in
        report.hide_name = True
        report.search_text = report.build_search_text()  # without the name
    Report.objects.bulk_update(reports, ["reporter", "hide_name", "search_text"], batch_size=500)
    ReportEvent.objects.filter(actor=user).update(actor=stand_in)
    Satisfaction.objects.filter(user=user).update(user=stand_in)
    Notification.objects.filter(recipient=user).delete()
    # Queued or sent, each carries the phone or e-mail; a code the gateway
    # deferred before the account existed has no recipient, only the number.
    sent_to_number = Q(recipient__isnull=True, address=str(user.phone)) if user.phone else Q()
    Delivery.objects.filter(Q(recipient=user) | sent_to_number).delete()
    public_changed()


def connect() -> None:
    personal_data.register(personal_data.Source(sections=SECTIONS, erase=erase))
