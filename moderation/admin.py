"""The moderation desk in the Django admin: comments with bulk approve/reject
(a partner's with its citizen, for the IOC only), the banned words, flags, and
the read-only log of moderation actions. Every action calls
moderation/services.py, as the /kiem-duyet/ queue does."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.admin.report_inlines import ReadOnlyInline
from reports.models.report import SEES_REPORTER_CONTACT

from . import services
from .models import BannedWord, Comment, Flag, ModerationAction, PartnerUpdate


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do"), max_length=500, widget=forms.TextInput(attrs={"size": 60})
    )


class ModeratePermissionMixin:
    """Actions that change content need the moderation permission."""

    def has_moderate_permission(self, request):
        return request.user.has_perm(services.MODERATE_PERMISSION)


def _with_reason(modeladmin, request, queryset, *, title, run):
    """Ask for a reason on an intermediate page (like Django's delete
    confirmation), then call `run(reason)`; service errors become messages."""
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        try:
            message = run(form.cleaned_data["reason"])
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            modeladmin.message_user(request, message, messages.SUCCESS)
        return None
    return TemplateResponse(
        request,
        "moderation/admin/reason.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "objects": queryset,
            "form": form,
            "action": request.POST["action"],
            "opts": modeladmin.model._meta,
        },
    )


class PartnerUpdateInline(ReadOnlyInline, admin.StackedInline):
    """Who wrote a partner's comment, as the partner told it: for the IOC only
    (moderators judge the text, as PartnerSubmissionInline keeps it from them)."""

    model = PartnerUpdate
    fields = (
        "api_key",
        "partner_update_id",
        "last_name",
        "first_name",
        "phone",
        "email",
        "media_urls",
        "partner_updated_at",
        "created_at",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("api_key")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(SEES_REPORTER_CONTACT)


@admin.register(Comment)
class CommentAdmin(ModeratePermissionMixin, admin.ModelAdmin):
    list_display = ("short_body", "report", "author", "status", "held_for", "created_at")
    list_filter = ("status", ("held_for", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("body", "author__full_name", "report__code")
    list_select_related = ("report", "author")
    date_hierarchy = "created_at"
    ordering = ("created_at",)
    actions = ("approve_selected", "reject_selected")
    inlines = (PartnerUpdateInline,)
    readonly_fields = (
        "report",
        "author",
        "parent",
        "replied_to",
        "body",
        "status",
        "held_for",
        "reason",
        "created_at",
        "moderated_by",
        "moderated_at",
    )

    @admin.display(description=gettext_lazy("nội dung"))
    def short_body(self, comment):
        return Truncator(comment.body).chars(80)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Comments change only through the actions, which log who and why.
        return False

    @admin.action(description=gettext_lazy("Duyệt các bình luận đã chọn"), permissions=["moderate"])
    def approve_selected(self, request, queryset):
        done = services.comment_approve(actor=request.user, comments=queryset)
        self.message_user(request, _("Đã duyệt %(count)s bình luận.") % {"count": done})

    @admin.action(
        description=gettext_lazy("Từ chối các bình luận đã chọn"), permissions=["moderate"]
    )
    def reject_selected(self, request, queryset):
        def run(reason):
            done = services.comment_reject(actor=request.user, comments=queryset, reason=reason)
            return _("Đã từ chối %(count)s bình luận.") % {"count": done}

        return _with_reason(
            self, request, queryset, title=_("Từ chối bình luận: nhập lý do"), run=run
        )


@admin.register(BannedWord)
class BannedWordAdmin(admin.ModelAdmin):
    list_display = ("word", "word_folded", "created_at")
    search_fields = ("word", "word_folded")
    readonly_fields = ("word_folded",)


@admin.register(Flag)
class FlagAdmin(ModeratePermissionMixin, admin.ModelAdmin):
    list_display = ("__str__", "reason", "flagged_by", "status", "outcome", "created_at")
    list_filter = ("status", "reason", "outcome")
    list_select_related = ("flagged_by", "comment", "report")
    search_fields = ("note", "flagged_by__full_name", "report__code", "comment__body")
    ordering = ("status", "created_at")
    actions = ("hide_content", "dismiss")
    readonly_fields = (
        "flagged_by",
        "comment",
        "report",
        "reason",
        "note",
        "status",
        "outcome",
        "created_at",
        "resolved_by",
        "resolved_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(
        description=gettext_lazy("Ẩn bình luận / chuyển phản ánh cho IOC"),
        permissions=["moderate"],
    )
    def hide_content(self, request, queryset):
        flags = list(queryset.filter(status=Flag.Status.OPEN).select_related("comment", "report"))

        def run(reason):
            done = set()
            for flag in flags:
                key = (flag.comment_id, flag.report_id)
                if key not in done:
                    services.content_hide(
                        actor=request.user, reason=reason, comment=flag.comment, report=flag.report
                    )
                    done.add(key)
            return _("Đã xử lý %(count)s nội dung bị báo vi phạm.") % {"count": len(done)}

        return _with_reason(
            self, request, queryset, title=_("Ẩn nội dung bị báo vi phạm: nhập lý do"), run=run
        )

    @admin.action(description=gettext_lazy("Không vi phạm: bỏ qua"), permissions=["moderate"])
    def dismiss(self, request, queryset):
        count = 0
        for flag in queryset.filter(status=Flag.Status.OPEN).select_related(
            "comment__author", "report__reporter"
        ):
            flag.refresh_from_db(fields=["status"])
            if flag.status == Flag.Status.OPEN:
                count += services.flag_dismiss(actor=request.user, flag=flag)
        self.message_user(request, _("Đã bỏ qua %(count)s báo vi phạm.") % {"count": count})


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "object_repr", "subject_user", "reason")
    list_filter = ("action", "content_type", "created_at")
    search_fields = ("object_repr", "reason", "actor__full_name", "subject_user__full_name")
    list_select_related = ("actor", "subject_user", "content_type")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
