"""The IOC's bulk actions on the report list: receive or reject as spam the
ticked reports, one workflow call (one transaction) each."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reports import workflow
from reports.models import Report

from .workflow_forms import WORKFLOW_FORMS


class ReportBulkActions:
    """Mixed into ReportAdmin, whose `actions` name these."""

    @admin.action(description=_("Tiếp nhận các phản ánh đã chọn"), permissions=["process"])
    def receive_selected(self, request, queryset):
        """Each with its current category, the level the citizen asked for, public."""

        def receive(report):
            if report.category_id is None:
                raise workflow.WorkflowError("no category")
            workflow.report_receive(
                report=report,
                actor=request.user,
                category=report.category,
                level=report.requested_level,
                is_public=True,
            )

        done, skipped = self._each(request, queryset, "receive", receive)
        self._report_bulk(
            request,
            done,
            skipped,
            ngettext("Đã tiếp nhận %(count)d phản ánh.", "Đã tiếp nhận %(count)d phản ánh.", done),
        )

    @admin.action(description=_("Từ chối (tin rác)"), permissions=["process"])
    def reject_as_spam(self, request, queryset):
        def reject(report):
            workflow.report_reject(
                report=report, actor=request.user, reason=Report.RejectionReason.SPAM
            )

        done, skipped = self._each(request, queryset, "reject", reject)
        self._report_bulk(
            request,
            done,
            skipped,
            ngettext(
                "Đã từ chối %(count)d phản ánh là tin rác.",
                "Đã từ chối %(count)d phản ánh là tin rác.",
                done,
            ),
        )

    def _each(self, request, queryset, action, perform) -> tuple[int, int]:
        """One workflow call (one transaction) per report; those the workflow
        refuses are skipped and counted."""
        done = skipped = 0
        for report in queryset.select_related("category", "reporter").order_by("pk"):
            if not workflow.can(request.user, action, report):
                skipped += 1
                continue
            try:
                perform(report)
            except workflow.WorkflowError:
                skipped += 1
                continue
            self.log_change(request, report, str(WORKFLOW_FORMS[action].label))
            done += 1
        return done, skipped

    def _report_bulk(self, request, done, skipped, done_message):
        if done:
            messages.success(request, done_message % {"count": done})
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "Bỏ qua %(count)d phản ánh không ở trạng thái phù hợp.",
                    "Bỏ qua %(count)d phản ánh không ở trạng thái phù hợp.",
                    skipped,
                )
                % {"count": skipped},
            )
