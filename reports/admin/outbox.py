"""Logs for the IOC: in-app notifications, the SMS/e-mail outbox and extension requests.

All three are read-only here. Notifications and deliveries are written by
reports/notifications/notify.py; extension requests are decided on the report's page, through
the workflow. The one thing an operator does here is send failed messages again.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reports.dates import local_datetime
from reports.models import Delivery, ExtensionRequest, Notification, Satisfaction
from reports.notifications import delivery as delivery_service


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log: rows are seen, never added, edited or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def report_link(report):
    if report is None:
        return "–"
    url = reverse("admin:reports_report_change", args=[report.pk])
    # A code breaks at its hyphens otherwise.
    return format_html(
        '<a href="{}" style="white-space: nowrap">{}</a>', url, report.code or report.pk
    )


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient_name", "report_code", "message", "read_at")
    list_select_related = ("recipient", "report")
    list_filter = (("read_at", admin.EmptyFieldListFilter),)
    # A notice's sentence is written when read (reports/notifications/kinds.py).
    search_fields = ("report__code", "stored_text")
    date_hierarchy = "created_at"

    @admin.display(description=_("phản ánh"), ordering="report__code")
    def report_code(self, notification):
        return report_link(notification.report)

    @admin.display(description=_("người nhận"), ordering="recipient__full_name")
    def recipient_name(self, notification):
        return notification.recipient


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "status",
        "channel",
        "address",
        "attempts",
        "report_code",
        "created_at",
        "sent_at",
    )
    list_select_related = ("report",)
    list_filter = ("status", "channel")
    search_fields = ("address", "report__code")
    readonly_fields = ("report_code", "recipient_name", "text")
    fields = (
        ("status", "channel"),
        "address",
        "recipient_name",
        "report_code",
        "subject",
        "text",
        ("attempts", "created_at", "sent_at"),
        "last_error",
    )
    actions = ("resend",)

    @admin.display(description=_("phản ánh"), ordering="report__code")
    def report_code(self, delivery):
        return report_link(delivery.report)

    @admin.display(description=_("nội dung"))
    def text(self, delivery):
        if delivery.is_for_recipient_only:
            return _("(Tin của tài khoản, có mã xác thực: chỉ người nhận được đọc.)")
        return delivery.body

    @admin.display(description=_("người nhận"))
    def recipient_name(self, delivery):
        return delivery.recipient or "–"

    def has_resend_permission(self, request):
        # "Change" on the outbox means exactly this: sending failed messages again.
        return request.user.has_perm("reports.change_delivery")

    @admin.action(description=_("Gửi lại"), permissions=["resend"])
    def resend(self, request, queryset):
        outcome = delivery_service.resend_failed(queryset)
        sent, still_failing, skipped = outcome.sent, outcome.still_failing, outcome.skipped
        if sent:
            messages.success(
                request,
                ngettext("Đã gửi lại %(count)d tin.", "Đã gửi lại %(count)d tin.", sent)
                % {"count": sent},
            )
        if still_failing:
            messages.warning(
                request,
                ngettext(
                    "%(count)d tin vẫn chưa gửi được, xem lỗi gần nhất.",
                    "%(count)d tin vẫn chưa gửi được, xem lỗi gần nhất.",
                    still_failing,
                )
                % {"count": still_failing},
            )
        if skipped:
            messages.info(
                request,
                ngettext(
                    "Bỏ qua %(count)d tin không ở trạng thái gửi lỗi.",
                    "Bỏ qua %(count)d tin không ở trạng thái gửi lỗi.",
                    skipped,
                )
                % {"count": skipped},
            )


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    """Decisions are taken on the report's page ("Duyệt đề nghị gia hạn")."""

    list_display = (
        "report_code",
        "agency_name",
        "new_deadline",
        "status",
        "requester",
        "requested_at",
        "decider",
        "decision_time",
    )
    list_select_related = ("report", "agency", "requested_by", "decided_by")
    list_filter = ("status",)
    search_fields = ("report__code", "agency__name")
    fields = (
        "report_code",
        "agency_name",
        "requester",
        "requested_at",
        "new_deadline",
        "reason",
        "status",
        ("decider", "decision_time"),
    )
    readonly_fields = (
        "report_code",
        "agency_name",
        "requester",
        "requested_at",
        "decider",
        "decision_time",
    )

    @admin.display(description=_("phản ánh"), ordering="report__code")
    def report_code(self, extension):
        return report_link(extension.report)

    @admin.display(description=_("cơ quan chủ trì"), ordering="agency__name")
    def agency_name(self, extension):
        return extension.agency

    @admin.display(description=_("người đề nghị"))
    def requester(self, extension):
        return extension.requested_by

    @admin.display(description=_("đề nghị lúc"), ordering="created_at")
    def requested_at(self, extension):
        return local_datetime(extension.created_at) or "–"

    @admin.display(description=_("người quyết định"))
    def decider(self, extension):
        return extension.decided_by or "–"

    @admin.display(description=_("quyết định lúc"), ordering="decided_at")
    def decision_time(self, extension):
        return local_datetime(extension.decided_at) or "–"


@admin.register(Satisfaction)
class SatisfactionAdmin(ReadOnlyAdmin):
    """Citizens' ratings of published answers (set on the report page only)."""

    list_display = ("report", "level", "comment", "updated_at")
    list_select_related = ("report",)
    list_filter = ("level",)
    search_fields = ("report__code",)
    fields = ("report", "user", "level", "comment", "created_at", "updated_at")
    readonly_fields = fields
