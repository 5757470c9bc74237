"""Writing, saving and sending a report (seed 2.3.2, 2.3.5), and reading one."""

import math

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import DeleteView, DetailView, FormView

from reports import selectors, services
from reports.forms import ReportForm
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

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # Shown with the rules for sending; only "Lưu nháp" relaxes them.
        kwargs["submitting"] = self.sending()
        kwargs["instance"] = self.draft
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["draft"] = self.draft
        context["wards"] = list(selectors.wards().values("pk", "latitude", "longitude"))
        return context

    def form_valid(self, form):
        try:
            report = services.report_save(
                reporter=self.request.user,
                report_input=form.report_input(),
                report=self.draft,
                submit=self.sending(),
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
            self.draft = services.report_save(
                reporter=self.request.user,
                report_input=form.report_input(partial=True),
                report=self.draft,
            )
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
        services.draft_delete(draft=self.object)
        messages.success(self.request, _("Đã xoá bản nháp."))
        return redirect(self.success_url)


class ReportDetailView(DetailView):
    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        return selectors.report_get_for_user(user=self.request.user, code=self.kwargs["code"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context["attachments"] = selectors.attachments_by_kind(report=report)
        context["timeline"] = selectors.timeline_for(user=self.request.user, report=report)
        context["share_url"] = self.request.build_absolute_uri(report.get_absolute_url())
        return context


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
