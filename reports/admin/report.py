"""The IOC's report desk: the list, the report page and the workflow actions.

The report page is read-only: a report changes only through the workflow
(reports/workflow/), whose actions appear as buttons, each opening a small
form (workflow_forms/). The reporter's phone number is shown here and
nowhere else in the portal.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.templatetags.phone import national_phone
from accounts.text import fold
from reports import workflow
from reports.models import Report, Satisfaction, is_ioc
from reports.models.report import SEES_REPORTER_CONTACT
from reports.pagination import BoundedPaginator
from reports.selectors import with_card_annotations
from reports.user_cache import cached_for_user

from .exports import export_csv, export_xlsx
from .report_bulk import ReportBulkActions
from .report_inlines import AttachmentInline, PartnerSubmissionInline, ReportEventInline
from .report_list import (
    CurrentWardFilter,
    OverdueFilter,
    ReviewFilter,
    StatusFilter,
    SupportFilter,
    badge,
    date_and_time,
    people_ids,
    phone_digits,
)
from .workflow_forms import WORKFLOW_FORMS


@admin.register(Report)
class ReportAdmin(ReportBulkActions, admin.ModelAdmin):
    change_form_template = "admin/reports/report/change_form.html"
    change_list_template = "admin/reports/report/change_list.html"
    action_template = "admin/reports/report/workflow_action.html"

    # What decides the next step first; where and who after (the list scrolls sideways
    # on narrow screens, the left columns stay in view).
    list_display = (
        "code",
        "short_title",
        "status_badge",
        "level_badge",
        "overdue_badge",
        "deadline_short",
        "category",
        "ward",
        "lead_agency",
        "submitted_short",
        "support_column",
    )
    list_select_related = ("category", "ward", "lead_agency")
    list_filter = (
        ("status", StatusFilter),
        "level",
        OverdueFilter,
        ReviewFilter,
        SupportFilter,
        "category",
        # Every agency and today's wards: "related only" would scan every report per page.
        "lead_agency",
        ("ward", CurrentWardFilter),
    )
    # Searched by get_search_results; a non-empty tuple shows the search box.
    search_fields = ("code",)
    search_help_text = _(
        "Tìm theo mã phản ánh, tiêu đề, tên hoặc số điện thoại người gửi (gõ có dấu hay "
        "không dấu đều được)."
    )
    actions = ("receive_selected", "reject_as_spam", export_csv, export_xlsx)
    list_per_page = 50
    # Counts stop at COUNT_LIMIT, and the unfiltered total is not counted at all.
    paginator = BoundedPaginator
    show_full_result_count = False
    fieldsets = (
        (
            _("Phản ánh"),
            {
                "fields": (
                    ("code", "status_badge"),
                    ("category", "level", "urgent_requested"),
                    "title",
                    "content",
                    "is_public",
                )
            },
        ),
        (
            _("Người gửi"),
            {"fields": ("reporter", "reporter_phone", "reporter_email", "hide_name")},
        ),
        (
            _("Xử lý"),
            {
                "fields": (
                    ("submitted_at", "received_at", "forwarded_at"),
                    ("lead_agency", "co_agencies"),
                    ("deadline", "overdue_status"),
                    ("resolved_at", "published_at"),
                    ("rejection_reason", "duplicate_of"),
                )
            },
        ),
        (_("Kết quả trả lời"), {"fields": ("answer", "satisfaction_review")}),
        # Last, so that the map of the change form follows it.
        (_("Vị trí"), {"fields": ("address", "ward", ("latitude", "longitude"))}),
    )
    # The display methods; every other field is read-only because nobody may
    # change a report here (has_change_permission).
    readonly_fields = (
        "status_badge",
        "overdue_status",
        "reporter_phone",
        "reporter_email",
        "satisfaction_review",
    )
    inlines = (PartnerSubmissionInline, ReportEventInline, AttachmentInline)

    # --- Permissions -------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        if request.user.has_perm(SEES_REPORTER_CONTACT):
            return self.fieldsets
        contact = {"reporter_phone", "reporter_email"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in contact]})
            for name, options in self.fieldsets
        ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Every change goes through the workflow buttons: the page is a view.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_process_permission(self, request):
        return is_ioc(request.user)

    # --- The list --------------------------------------------------------------------

    def get_queryset(self, request):
        # Drafts belong to their owner only (README §1), staff included.
        reports = super().get_queryset(request).exclude(status=Report.Status.DRAFT).with_overdue()
        # The number of people who meet the same problem (engagement), sortable.
        return with_card_annotations(reports)

    def get_search_results(self, request, queryset, search_term):
        """Accent-insensitive: every word, folded, is in the code, title or
        reporter's name; or the whole term is the code or the reporter's phone
        number (0912 345 678, +84912345678 and 84912345678 alike)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        # Each branch has its own index (the unique code, the trigram index on
        # search_text, the reporter's): people are looked up first, never joined.
        matches = Q(code=term.upper())
        text = Q()
        for word in fold(term).split():
            named = User.objects.filter(full_name_folded__contains=word)
            text &= Q(search_text__contains=word) | Q(reporter__in=people_ids(named))
        matches |= text
        digits = phone_digits(term)
        if digits:
            matches |= Q(reporter__in=people_ids(User.objects.filter(phone__contains=digits)))
        return queryset.filter(matches), False

    def action_checkbox(self, report):
        """Django's checkbox, written out: its widget template costs about a
        millisecond a row, most of what fifty rows take."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            report.pk,
            format_html(gettext("Select this object for an action - {}"), str(report)),
        )

    @admin.display(description=_("tiêu đề"), ordering="title")
    def short_title(self, report):
        return Truncator(report.title).chars(60)

    @admin.display(description=_("trạng thái"), ordering="status")
    def status_badge(self, report):
        return badge(report.status, report.get_status_display())

    @admin.display(description=_("mức độ"), ordering="level")
    def level_badge(self, report):
        if report.level == Report.Level.URGENT:
            return badge("urgent", report.get_level_display())
        return report.get_level_display()

    @admin.display(description=_("hạn xử lý"), ordering="deadline")
    def deadline_short(self, report):
        return date_and_time(report.deadline)

    @admin.display(description=_("gửi lúc"), ordering="submitted_at")
    def submitted_short(self, report):
        return date_and_time(report.submitted_at)

    @admin.display(description=_("người cùng gặp"), ordering="support_count")
    def support_column(self, report):
        return getattr(report, "support_count", None) or None

    @admin.display(description=_("quá hạn"), ordering="is_overdue")
    def overdue_badge(self, report):
        return badge("overdue", gettext("Quá hạn")) if report.overdue else None

    def changelist_view(self, request, extra_context=None):
        # Each operator's list, kept until the next write (user_cache.py); actions POST past it.
        return cached_for_user(super().changelist_view)(request, extra_context)

    # --- The report page ----------------------------------------------------------

    @admin.display(description=_("quá hạn"))
    def overdue_status(self, report):
        if report.overdue:
            return badge("overdue", gettext("Quá hạn"))
        return gettext("Không") if report.deadline else self.get_empty_value_display()

    @admin.display(description=_("số điện thoại người gửi"))
    def reporter_phone(self, report):
        return national_phone(report.reporter.phone)

    @admin.display(description=_("thư điện tử người gửi"))
    def reporter_email(self, report):
        # The report page prints None as "None", unlike the list.
        return report.reporter.email or self.get_empty_value_display()

    @admin.display(description=_("đánh giá của người gửi"))
    def satisfaction_review(self, report):
        """The reporter's rating, their reason and where the IOC's review stands."""
        rating = Satisfaction.objects.filter(report=report).first()
        if rating is None:
            return gettext("Chưa đánh giá")
        review = (
            format_html(" · {}", badge("review", rating.get_review_outcome_display()))
            if rating.review_outcome
            else ""
        )
        reply = (
            format_html(
                '<br>{} <span class="pa-text">{}</span>',
                gettext("Trả lời của Trung tâm IOC:"),
                rating.review_reply,
            )
            if rating.review_reply
            else ""
        )
        return format_html(
            '{}{}<br><span class="pa-text">{}</span>{}',
            rating.get_level_display(),
            review,
            rating.comment,
            reply,
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                title=gettext("Phản ánh %(code)s") % {"code": obj.code},
                subtitle=obj.title,
                workflow_buttons=self.workflow_buttons(request, obj),
                pending_extension=obj.pending_extension,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_buttons(self, request, report) -> list[dict]:
        """The actions this user may take on this report now."""
        if not self.has_process_permission(request):
            return []
        roles = workflow.roles_on(request.user, report)
        return [
            {
                "label": form.label,
                "url": reverse(
                    "admin:reports_report_workflow",
                    args=[report.pk, action],
                    current_app=self.admin_site.name,
                ),
                "class": form.button_class,
                "action": action,
            }
            for action, form in WORKFLOW_FORMS.items()
            if workflow.can(request.user, action, report, roles=roles)
        ]

    # --- The workflow actions ----------------------------------------------------

    def get_urls(self):
        # Before the default URLs: their "<path:object_id>/" would swallow these.
        return [
            path(
                "<path:object_id>/xu-ly/<slug:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name="reports_report_workflow",
            ),
            *super().get_urls(),
        ]

    def workflow_view(self, request, object_id, action):
        """GET shows the action's form; POST performs it through the workflow."""
        if not self.has_process_permission(request):
            raise PermissionDenied
        form_class = WORKFLOW_FORMS.get(action)
        if form_class is None:
            raise Http404
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404
        change_url = reverse(
            "admin:reports_report_change", args=[report.pk], current_app=self.admin_site.name
        )
        if not workflow.can(request.user, action, report):
            messages.error(
                request,
                gettext(
                    "Không thể “%(action)s” phản ánh %(code)s khi phản ánh đang ở trạng thái "
                    "“%(status)s”."
                )
                % {
                    "action": form_class.label,
                    "code": report.code,
                    "status": report.get_status_display(),
                },
            )
            return redirect(change_url)

        data = (request.POST, request.FILES) if request.method == "POST" else ()
        form = form_class(*data, report=report, actor=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                message = form.perform()
            except workflow.WorkflowError as error:
                messages.error(request, str(error))
                return redirect(change_url)
            self.log_change(request, report, str(form_class.label))
            messages.success(request, message)
            return redirect(change_url)

        admin_form = helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {})
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("%(action)s phản ánh %(code)s")
            % {"action": form_class.label, "code": report.code},
            "opts": self.opts,
            "original": report,
            "report": report,
            "action_form": form,
            "adminform": admin_form,
            "errors": helpers.AdminErrorList(form, []),
            "media": self.media + form.media,
            "change_url": change_url,
            "extension": getattr(form, "extension", None),
            "answer_attachments": report.attachments.of_answer(),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.action_template, context)
