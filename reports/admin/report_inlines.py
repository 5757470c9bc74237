"""The history, the files and a partner's sender of a report, inline on its admin page."""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reports.dates import local_datetime
from reports.models import Attachment, PartnerSubmission, ReportEvent
from reports.models.report import SEES_REPORTER_CONTACT


class ReadOnlyInline:
    """A report's inlines are views: it changes only through the workflow."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportEventInline(ReadOnlyInline, admin.TabularInline):
    """The whole history, internal entries included, oldest first."""

    model = ReportEvent
    verbose_name = _("bước xử lý")
    verbose_name_plural = _("lịch sử xử lý")
    fields = ("created_at", "kind", "transition", "actor", "agency", "note", "is_public")
    readonly_fields = fields
    ordering = ("created_at", "pk")
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "agency")

    @admin.display(description=_("trạng thái"))
    def transition(self, event):
        if event.from_status == event.to_status:
            return event.get_to_status_display()
        if not event.from_status:
            return event.get_to_status_display()
        return f"{event.get_from_status_display()} → {event.get_to_status_display()}"


class AttachmentInline(ReadOnlyInline, admin.TabularInline):
    """The citizen's files and those of the answer, served through the permission gate."""

    model = Attachment
    fields = (
        "preview",
        "kind",
        "original_name",
        "file_size",
        "is_answer",
        "retired_at",
        "uploaded_at",
    )
    readonly_fields = fields
    ordering = ("is_answer", "kind", "order", "pk")
    view_on_site = False  # the preview links to the file already

    @admin.display(description=_("tệp"))
    def preview(self, attachment):
        url = attachment.get_absolute_url()
        if attachment.kind == Attachment.Kind.IMAGE:
            return format_html(
                '<a href="{}" target="_blank" rel="noopener">'
                '<img class="pa-thumb" src="{}" alt="{}"></a>',
                url,
                attachment.get_thumbnail_url(),
                attachment.original_name or gettext("Ảnh đính kèm"),
            )
        label = (
            gettext("Xem video") if attachment.kind == Attachment.Kind.VIDEO else gettext("Tải về")
        )
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, label)

    @admin.display(description=_("dung lượng"))
    def file_size(self, attachment):
        return filesizeformat(attachment.size)

    @admin.display(description=_("tải lên lúc"), ordering="created_at")
    def uploaded_at(self, attachment):
        return local_datetime(attachment.created_at)


class PartnerSubmissionInline(ReadOnlyInline, admin.StackedInline):
    """Who sent a partner's report, as the partner told it: for the IOC only."""

    model = PartnerSubmission
    fields = (
        "api_key",
        "last_name",
        "first_name",
        "phone",
        "email",
        "device_id",
        "media_urls",
        "attributes",
        "created_at",
    )
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(SEES_REPORTER_CONTACT)
