"""The agency triage dashboard (/xu-ly/, README §7).

Officers and leaders work the queue of their agency and act on its reports;
area monitors see the reports of their wards, read-only. Every page and action
loads its report through `triage_selectors.triage_report_for_user`, so a
report the member may not see is a 404, like a missing one. Every change goes
through reports/workflow/ (or reports/submissions.py for the answer with files).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from reports import submissions, workflow
from reports.pagination import BoundedPaginator
from reports.triage import selectors
from reports.triage.forms import (
    AcceptForm,
    AnswerForm,
    ExtensionForm,
    OpinionForm,
    ProgressForm,
    ReturnForm,
    TriageFilter,
)

PAGE_SIZE = 20

ACTION_FORMS = {
    "accept": AcceptForm,
    "return": ReturnForm,
    "progress": ProgressForm,
    "opinion": OpinionForm,
    "answer": AnswerForm,
    "request_extension": ExtensionForm,
}
# The heading and the button of each action's form.
ACTION_LABELS = {
    "accept": (gettext_lazy("Nhận xử lý"), gettext_lazy("Nhận xử lý phản ánh")),
    "return": (gettext_lazy("Trả lại Trung tâm IOC"), gettext_lazy("Trả lại")),
    "progress": (gettext_lazy("Ghi tiến độ"), gettext_lazy("Lưu ghi chú")),
    "opinion": (gettext_lazy("Góp ý kiến phối hợp"), gettext_lazy("Gửi ý kiến")),
    "answer": (gettext_lazy("Trả lời kết quả xử lý"), gettext_lazy("Gửi kết quả")),
    "request_extension": (gettext_lazy("Đề nghị gia hạn"), gettext_lazy("Gửi đề nghị")),
}


class TriageMixin(LoginRequiredMixin):
    """Logs in the anonymous, turns away (404) whoever is no agency member, and
    picks the membership the request acts under (`?agency=<code>`)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = selectors.triage_access_for(
            user=request.user, agency_code=request.GET.get("agency")
        )
        self.check_access()
        return super().dispatch(request, *args, **kwargs)

    def check_access(self):
        """Raise Http404 when this page does not exist for `self.access`."""

    @property
    def agency_query(self) -> str:
        return urlencode({"agency": self.access.agency.code})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            access=self.access,
            agency=self.access.agency,
            memberships=self.access.memberships,
            agency_query=self.agency_query,
        )
        return context


class QueueView(TriageMixin, ListView):
    template_name = "triage/queue.html"
    context_object_name = "reports"
    paginate_by = PAGE_SIZE
    paginator_class = BoundedPaginator

    def get_queryset(self):
        self.tab = self.request.GET.get("tab") or selectors.DEFAULT_TAB
        if self.tab not in {tab.slug for tab in selectors.TABS}:
            self.tab = selectors.DEFAULT_TAB
        self.filterset = TriageFilter(
            self.request.GET, queryset=selectors.triage_queue(access=self.access, tab=self.tab)
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = selectors.triage_tab_counts(access=self.access)
        context.update(
            tab=self.tab,
            tabs=[
                {"slug": tab.slug, "label": tab.label, "count": counts[tab.slug]}
                for tab in selectors.TABS
            ],
            filter=self.filterset,
        )
        return context


class ReportPageMixin(TriageMixin):
    """Loads the report through the gate; renders the report page, optionally
    with one action's bound form (after errors) in place of its empty one."""

    template_name = "triage/report.html"

    def get_report(self):
        return selectors.triage_report_for_user(
            user=self.request.user, access=self.access, code=self.kwargs["code"]
        )

    def report_url(self, report) -> str:
        return f"{reverse('triage:report', args=[report.code])}?{self.agency_query}"

    def action_form(self, action: str, *data):
        """The action's form for this report, bound to `data` (POST, FILES) if given."""
        return ACTION_FORMS[action](
            *data, prefix=action, report=self.report, agency=self.access.agency
        )

    def get_context_data(self, *, bound_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        actions = selectors.triage_actions(
            user=self.request.user, access=self.access, report=report
        )
        forms = {action: self.action_form(action) for action in actions}
        if bound_form is not None:
            forms[bound_form.prefix] = bound_form
        timeline = selectors.triage_timeline(report=report)
        context.update(
            report=report,
            reporter_label=report.public_reporter_name(),
            co_agencies=list(report.co_agencies.all()),
            attachments=selectors.triage_attachments(report=report),
            timeline=timeline,
            opinions=selectors.triage_opinions(timeline=timeline),
            extension=report.pending_extension,
            actions=[
                {
                    "name": action,
                    "title": ACTION_LABELS[action][0],
                    "button": ACTION_LABELS[action][1],
                    "form": forms[action],
                    # The fragment brings the browser back to the form after errors.
                    "url": f"{reverse(f'triage:{action}', args=[report.code])}"
                    f"?{self.agency_query}#action-{action}",
                }
                for action in actions
            ],
        )
        return context


class ReportView(ReportPageMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        self.report = self.get_report()
        return super().get(request, *args, **kwargs)


class ActionView(ReportPageMixin, TemplateView):
    """POST only: one workflow action. Bad input re-renders the page with the
    errors next to the fields; a refused move becomes a message, never a 500."""

    http_method_names = ["post"]
    action = ""
    success_message = ""

    def check_access(self):
        # Monitors have no actions: the URL does not exist for them (404, before
        # a GET's 405), whichever report it names.
        if not selectors.triage_action_allowed(access=self.access, action=self.action):
            raise Http404

    def post(self, request, *args, **kwargs):
        self.report = self.get_report()
        form = self.action_form(self.action, request.POST, request.FILES)
        if getattr(form, "template_applied", False):
            # "Dùng mẫu" without JavaScript: the form again, its text box filled.
            return self.render_to_response(self.get_context_data(bound_form=form))
        if not form.is_valid():
            offered = selectors.triage_actions(
                user=request.user, access=self.access, report=self.report
            )
            if self.action not in offered:
                # No form to show the errors next to (e.g. the state changed meanwhile).
                messages.error(
                    request, _("Thao tác này không thực hiện được với phản ánh lúc này.")
                )
                return redirect(self.report_url(self.report))
            messages.error(request, _("Chưa thực hiện được. Hãy sửa các mục báo lỗi bên dưới."))
            return self.render_to_response(self.get_context_data(bound_form=form))
        try:
            # As the page offered it: for the agency the member acts for now.
            workflow.check(request.user, self.action, self.report, acting_for=self.access.agency)
            self.perform(form.cleaned_data, form)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
            return redirect(self.report_url(self.report))
        messages.success(request, self.success_message % {"code": self.report.code})
        return redirect(self.success_url())

    def success_url(self) -> str:
        return self.report_url(self.report)

    def perform(self, data, form):
        raise NotImplementedError


class AcceptView(ActionView):
    action = "accept"
    success_message = gettext_lazy("Đã nhận xử lý phản ánh %(code)s.")

    def perform(self, data, form):
        workflow.report_accept(report=self.report, actor=self.request.user)


class ReturnView(ActionView):
    action = "return"
    success_message = gettext_lazy("Đã trả lại phản ánh %(code)s cho Trung tâm IOC.")

    def perform(self, data, form):
        workflow.report_return(report=self.report, actor=self.request.user, reason=data["reason"])

    def success_url(self) -> str:
        # The report has left the agency's queue: its page would be a 404 now.
        return f"{reverse('triage:queue')}?{self.agency_query}"


class ProgressView(ActionView):
    action = "progress"
    success_message = gettext_lazy("Đã ghi tiến độ xử lý phản ánh %(code)s.")

    def perform(self, data, form):
        workflow.report_add_progress(
            report=self.report, actor=self.request.user, note=data["note"], public=data["public"]
        )


class OpinionView(ActionView):
    action = "opinion"
    success_message = gettext_lazy("Đã gửi ý kiến phối hợp về phản ánh %(code)s.")

    def perform(self, data, form):
        workflow.report_add_opinion(
            report=self.report,
            actor=self.request.user,
            agency=self.access.agency,
            note=data["note"],
        )


class AnswerView(ActionView):
    action = "answer"
    success_message = gettext_lazy(
        "Đã gửi kết quả xử lý phản ánh %(code)s, chờ Trung tâm IOC đăng tải."
    )

    def perform(self, data, form):
        submissions.report_answer_with_files(
            report=self.report,
            actor=self.request.user,
            answer=data["answer"],
            uploads=form.prepared_uploads,
        )


class ExtensionView(ActionView):
    action = "request_extension"
    success_message = gettext_lazy("Đã gửi đề nghị gia hạn phản ánh %(code)s đến Trung tâm IOC.")

    def perform(self, data, form):
        workflow.extension_request(
            report=self.report,
            actor=self.request.user,
            new_deadline=data["new_deadline"],
            reason=data["reason"],
        )
