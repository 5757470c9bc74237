"""The IOC's first decisions on a report: receive, reject, forward."""

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from reports import workflow
from reports.dates import local_datetime
from reports.models import (
    AdministrativeUnit,
    Agency,
    Category,
    ReplyTemplate,
    Report,
)
from reports.reply_templates import ReplyTemplatePicker

from .base import DATETIME_LOCAL, WorkflowForm, _same_text, _textarea


class ReceiveForm(WorkflowForm):
    action = "receive"
    label = _("Tiếp nhận")
    button_class = "default"
    description = _(
        "Xác nhận chuyên mục, quyết định mức độ và việc công khai. Có thể sửa tiêu đề, nội "
        "dung (ví dụ để che thông tin cá nhân người gửi ghi trong nội dung), địa chỉ và "
        "phường, xã."
    )
    CORRECTABLE = ("title", "content", "address", "ward")

    category = forms.ModelChoiceField(label=_("Chuyên mục"), queryset=Category.objects.none())
    level = forms.ChoiceField(
        label=_("Mức độ"),
        choices=Report.Level.choices,
        widget=admin_widgets.AdminRadioSelect(attrs={"class": "inline"}),
    )
    is_public = forms.BooleanField(
        label=_("Công khai phản ánh"),
        required=False,
        initial=True,
        help_text=_(
            "Phản ánh công khai hiện trên trang chung; tên người gửi vẫn ẩn nếu họ yêu cầu."
        ),
    )
    title = forms.CharField(
        label=_("Tiêu đề"),
        max_length=200,
        widget=admin_widgets.AdminTextInputWidget(attrs={"class": "vTextField pa-wide"}),
    )
    content = forms.CharField(label=_("Nội dung"), widget=_textarea(8))
    address = forms.CharField(
        label=_("Địa chỉ"),
        max_length=255,
        required=False,
        widget=admin_widgets.AdminTextInputWidget(attrs={"class": "vTextField pa-wide"}),
    )
    ward = forms.ModelChoiceField(
        label=_("Phường, xã"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Ghi chú nội bộ"),
        required=False,
        widget=_textarea(),
        help_text=_("Chỉ cán bộ thấy ghi chú này trong lịch sử xử lý."),
    )

    def __init__(self, *args, report, **kwargs):
        kwargs["initial"] = {
            "category": report.category_id,
            "level": report.requested_level,
            "title": report.title,
            "content": report.content,
            "address": report.address,
            "ward": report.ward_id,
            **kwargs.get("initial", {}),
        }
        super().__init__(*args, report=report, **kwargs)
        # The report's own choice stays selectable even if it is no longer active or current.
        self.fields["category"].queryset = Category.objects.filter(
            Q(is_active=True) | Q(pk=report.category_id)
        )
        self.fields["ward"].queryset = AdministrativeUnit.objects.filter(
            Q(pk__in=AdministrativeUnit.objects.current_wards()) | Q(pk=report.ward_id)
        ).order_by("name")
        self.fields["level"].help_text = (
            _("Người gửi đề nghị xử lý khẩn.")
            if report.urgent_requested
            else _("Người gửi không đề nghị xử lý khẩn.")
        )

    def corrections(self) -> dict:
        """The correctable fields the operator changed, and only those."""
        changed = {}
        for name in self.CORRECTABLE:
            value = self.cleaned_data.get(name)
            if name == "ward":
                if (value.pk if value else None) != self.report.ward_id:
                    changed[name] = value
            elif not _same_text(value, getattr(self.report, name)):
                changed[name] = value
        return changed

    def perform(self) -> str:
        data = self.cleaned_data
        report = workflow.report_receive(
            report=self.report,
            actor=self.actor,
            category=data["category"],
            level=data["level"],
            is_public=data["is_public"],
            corrections=self.corrections(),
            note=data["note"],
        )
        return gettext("Đã tiếp nhận phản ánh %(code)s.") % {"code": report.code}


class RejectForm(ReplyTemplatePicker, WorkflowForm):
    action = "reject"
    label = pgettext_lazy("hành động", "Từ chối")
    button_class = "danger"
    description = _("Người gửi nhận được lý do từ chối qua thông báo và tin nhắn.")

    reason = forms.ChoiceField(
        label=_("Lý do từ chối"),
        choices=Report.RejectionReason.choices,
        widget=admin_widgets.AdminRadioSelect,
    )
    duplicate_code = forms.CharField(
        label=_("Trùng với phản ánh mã"),
        max_length=20,
        required=False,
        widget=admin_widgets.AdminTextInputWidget,
        help_text=_("Khi lý do là trùng lặp: mã phản ánh đã có, ví dụ PA-2026-000123."),
    )
    note = forms.CharField(
        label=_("Giải thích thêm"),
        required=False,
        widget=_textarea(),
        help_text=_("Người gửi thấy phần này. Bắt buộc khi chọn “Lý do khác”."),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, report=report, **kwargs)
        self.add_template_picker(
            purpose=ReplyTemplate.Purpose.REJECT, target="note", report=report, agency=None
        )

    def clean(self):
        data = super().clean()
        reason = data.get("reason")
        code = data.get("duplicate_code", "").strip()
        data["duplicate_of"] = None
        if reason == Report.RejectionReason.DUPLICATE:
            if not code:
                self.add_error("duplicate_code", _("Hãy nhập mã phản ánh bị trùng."))
            else:
                original = (
                    Report.objects.exclude(status=Report.Status.DRAFT)
                    .exclude(pk=self.report.pk)
                    .filter(code__iexact=code)
                    .first()
                )
                if original is None:
                    self.add_error(
                        "duplicate_code",
                        ValidationError(
                            _("Không tìm thấy phản ánh mã %(code)s."), params={"code": code}
                        ),
                    )
                data["duplicate_of"] = original
        if reason == Report.RejectionReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Hãy ghi rõ lý do từ chối."))
        return data

    def perform(self) -> str:
        data = self.cleaned_data
        report = workflow.report_reject(
            report=self.report,
            actor=self.actor,
            reason=data["reason"],
            note=data["note"],
            duplicate_of=data["duplicate_of"],
        )
        return gettext("Đã từ chối phản ánh %(code)s.") % {"code": report.code}


class ForwardForm(WorkflowForm):
    action = "forward"
    label = _("Chuyển xử lý")
    button_class = "default"
    description = _(
        "Cơ quan chủ trì và hạn xử lý được gợi ý theo chuyên mục, phường, xã và mức độ; "
        "có thể thay đổi."
    )

    lead_agency = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì"), queryset=Agency.objects.filter(is_active=True)
    )
    co_agencies = forms.ModelMultipleChoiceField(
        label=_("Cơ quan phối hợp"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "pa-choices"}),
    )
    deadline = forms.DateTimeField(
        label=_("Hạn xử lý"),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=_textarea(),
        help_text=_("Hiện trong quá trình xử lý của phản ánh."),
    )

    def __init__(self, *args, report, **kwargs):
        suggested = workflow.suggested_agency(report)
        deadline = workflow.suggested_deadline(report) if report.category_id else None
        kwargs["initial"] = {
            "lead_agency": suggested.pk if suggested else None,
            "deadline": deadline,
            **kwargs.get("initial", {}),
        }
        super().__init__(*args, report=report, **kwargs)
        if deadline:
            self.fields["deadline"].help_text = _(
                "Theo chuyên mục và mức độ “%(level)s”: %(deadline)s (tính theo ngày làm việc)."
            ) % {"level": report.get_level_display(), "deadline": local_datetime(deadline)}

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise ValidationError(_("Hạn xử lý phải sau thời điểm hiện tại."))
        return deadline

    def perform(self) -> str:
        data = self.cleaned_data
        report = workflow.report_forward(
            report=self.report,
            actor=self.actor,
            lead_agency=data["lead_agency"],
            co_agencies=list(data["co_agencies"]),
            deadline=data["deadline"],
            note=data["note"],
        )
        return gettext("Đã chuyển phản ánh %(code)s đến %(agency)s, hạn xử lý %(deadline)s.") % {
            "code": report.code,
            "agency": data["lead_agency"].name,
            "deadline": local_datetime(report.deadline),
        }
