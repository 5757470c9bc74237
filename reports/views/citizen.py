"""Writing, saving and sending a report (seed 2.3.2, 2.3.5), and reading one."""

import math
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import DeleteView, DetailView, FormView

from reports import satisfaction, selectors, submissions
from reports.forms import ReportForm, SatisfactionForm
from reports.models import AWAITING_ANSWER_STATUSES, Attachment, Report
from reports.models.report import SEES_EVERY_REPORT
from reports.progress import report_progress
from reports.quotas import QuotaExceeded
from reports.ward_search import ward_search_entries
from reports.workflow import WorkflowError

ACTION_SEND = "send"
ACTION_DRAFT = "draft"


class ReportFormMixin(LoginRequiredMixin):
    """One form for a new report and for a draft: "Gửi" sends, "Lưu nháp" saves."""

    form_class = ReportForm
    template_name = "reports/report_form.html"
    draft = None

    def sending(self):
        return self.request.POST.get("action", ACTION_SEND) == ACTION_SEND

    def client_token(self) -> str:
        """The phone's key of a report written offline (a UUID), or ""."""
        try:
            return str(uuid.UUID(self.request.POST.get("client_token", "")))
        except ValueError:
            return ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # Shown with the rules for sending; only "Lưu nháp" relaxes them.
        kwargs["submitting"] = self.sending()
        kwargs["instance"] = self.draft
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["draft"] = self.draft
        context["wards"] = ward_search_entries(selectors.wards())
        context["province_bounds"] = settings.PROVINCE_BOUNDS
        return context

    def form_valid(self, form):
        try:
            report = submissions.report_save(
                reporter=self.request.user,
                report_input=form.report_input(),
                report=self.draft,
                submit=self.sending(),
                client_token=self.client_token(),
            )
        except WorkflowError as error:
            messages.error(self.request, str(error))
            return self.form_invalid(form)
        if report.is_draft:
            messages.success(self.request, _("Đã lưu nháp."))
            return redirect("reports:draft_edit", pk=report.pk)
        messages.success(
            self.request,
            _("Phản ánh đã được gửi thành công, mã %(code)s.") % {"code": report.code},
        )
        return redirect(report)

    def form_invalid(self, form):
        # Files the citizen chose and we accepted are kept in a draft, so fixing
        # another field never means choosing them again.
        if form.has_accepted_uploads():
            try:
                self.draft = submissions.report_save(
                    reporter=self.request.user,
                    report_input=form.report_input(partial=True),
                    report=self.draft,
                    client_token=self.client_token(),
                )
            except QuotaExceeded:  # already said by form_valid; nothing is kept
                return super().form_invalid(form)
            form.keep_in_draft(self.draft)
            messages.info(
                self.request,
                _("Các tệp bạn chọn đã được giữ trong bản nháp. Hãy sửa mục báo lỗi rồi gửi lại."),
            )
        return super().form_invalid(form)


class ReportCreateView(ReportFormMixin, FormView):
    pass


class DraftEditView(ReportFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        self.draft = selectors.draft_get_for_owner(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class DraftDeleteView(LoginRequiredMixin, DeleteView):
    template_name = "reports/draft_confirm_delete.html"
    success_url = reverse_lazy("reports:drafts")
    context_object_name = "draft"

    def get_object(self, queryset=None):
        return selectors.draft_get_for_owner(user=self.request.user, pk=self.kwargs["pk"])

    def form_valid(self, form):
        submissions.draft_delete(draft=self.object)
        messages.success(self.request, _("Đã xoá bản nháp."))
        return redirect(self.success_url)


class ReportDetailView(DetailView):
    """A report as seed 2.2.2 shows it, for whoever may see it (404 otherwise)."""

    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        return selectors.report_get_for_user(user=self.request.user, code=self.kwargs["code"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        is_reporter = report.reporter_id == user.pk
        published = report.status == Report.Status.PUBLISHED
        citizen_files = selectors.attachments_by_kind(report=report)
        rating = satisfaction.satisfaction_get(report=report)
        if "satisfaction_form" not in context and satisfaction.satisfaction_can_rate(
            report=report, user=user
        ):
            initial = {"level": rating.level, "comment": rating.comment} if rating else None
            context["satisfaction_form"] = SatisfactionForm(initial=initial)
        first_image = citizen_files[Attachment.Kind.IMAGE][:1]
        is_public = report.is_seen_by_public
        context.update(
            attachments=citizen_files,
            published=published,
            # The answer's files, like its text, only once it is published.
            answer_attachments=(
                selectors.attachments_by_kind(report=report, answer=True) if published else None
            ),
            progress=report_progress(report, now=timezone.now()),
            timeline=selectors.timeline_for(user=user, report=report).select_related("agency"),
            is_reporter=is_reporter,
            awaiting_answer=report.status in AWAITING_ANSWER_STATUSES,
            reporter_name=report.public_reporter_name(viewer=user),
            satisfaction=rating,
            # The comment is the reporter's unmoderated words to the authorities:
            # for them and the IOC, not for the public.
            show_satisfaction_comment=is_reporter or user.has_perm(SEES_EVERY_REPORT),
            is_public=is_public,
            share_url=self.request.build_absolute_uri(report.get_absolute_url()),
            share_image=(
                self.request.build_absolute_uri(first_image[0].get_thumbnail_url())
                if is_public and first_image
                else ""
            ),
        )
        return context


class ReportSatisfactionView(LoginRequiredMixin, ReportDetailView):
    """POST: the reporter rates (or re-rates) the published answer. A form error
    shows the page again with the error next to the field; anyone else gets 403
    with the reason, or 404 when they may not even see the report."""

    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        # A visit here (e.g. back from the login page) goes to the report's form.
        return redirect(self.get_object().get_absolute_url() + "#satisfaction")

    def post(self, request, *args, **kwargs):
        self.object = report = self.get_object()
        try:
            satisfaction.satisfaction_check_allowed(report=report, user=request.user)
        except satisfaction.SatisfactionError as error:
            return self._refused(error)
        form = SatisfactionForm(request.POST)
        if form.is_valid():
            try:
                satisfaction.satisfaction_rate(
                    report=report, user=request.user, **form.cleaned_data
                )
            except satisfaction.SatisfactionError as error:
                return self._refused(error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Đã ghi nhận đánh giá của bạn. Xin cảm ơn!"))
                return redirect(report.get_absolute_url() + "#satisfaction")
        return self.render_to_response(self.get_context_data(satisfaction_form=form))

    def _refused(self, error):
        messages.error(self.request, str(error))
        return self.render_to_response(self.get_context_data(), status=403)


NEARBY_METRES = 250


@require_GET
def nearby_reports(request):
    """Open, public reports of the same category within 250 m of a point, so the
    citizen can follow one instead of filing a duplicate. Bad input gives []."""
    try:
        latitude = float(request.GET["lat"])
        longitude = float(request.GET["lon"])
        category_id = int(request.GET["category"])
    except (KeyError, ValueError):
        return JsonResponse({"results": []})
    if not (math.isfinite(latitude) and math.isfinite(longitude) and 0 < category_id < 2**31):
        return JsonResponse({"results": []})
    found = selectors.nearby_open_reports(
        latitude=latitude, longitude=longitude, category_id=category_id, metres=NEARBY_METRES
    )
    return JsonResponse(
        {
            "results": [
                {
                    "code": report.code,
                    "title": report.title,
                    "status": report.get_status_display(),
                    "distance": round(distance),
                    "url": reverse("reports:detail", args=[report.code]),
                }
                for report, distance in found
            ]
        }
    )
