"""The forms behind the workflow buttons of the report page in the admin.

Each form is bound to one report and one actor; `perform` calls the matching
function of reports/workflow.py (which checks the actor and the state again,
under a row lock) and returns the message for the IOC operator. A
`WorkflowError` raised there is left to the view, which shows it as a message.
"""

from collections import Counter, defaultdict

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from reports import media, services, workflow
from reports.forms import MultipleFileField
from reports.models import (
    AdministrativeUnit,
    Agency,
    Attachment,
    Category,
    ExtensionRequest,
    Report,
)

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _local(moment) -> str:
    return date_format(timezone.localtime(moment), "H:i d/m/Y") if moment else ""


def _textarea(rows=3):
    return admin_widgets.AdminTextareaWidget(attrs={"rows": rows})


def _same_text(a: str, b: str) -> bool:
    # Browsers send textareas with CRLF; a re-posted, untouched text is no correction.
    def norm(text):
        return (text or "").replace("\r\n", "\n").strip()

    return norm(a) == norm(b)


class WorkflowForm(forms.Form):
    """One workflow button: its label, its form and what it does."""

    action = ""  # a key of workflow.MOVES
    label = ""  # the button and the page title
    button_class = ""  # "default" (blue) for the usual next step, "danger" for refusals
    # Shown above the form on its page.
    description = ""

    def __init__(self, *args, report: Report, actor, **kwargs):
        self.report = report
        self.actor = actor
        super().__init__(*args, **kwargs)

    @classmethod
    def applies_to(cls, report: Report) -> bool:
        """Beyond the workflow's own check: whether the button makes sense now."""
        return True

    def perform(self) -> str:
        raise NotImplementedError


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
        level = Report.Level.URGENT if report.urgent_requested else Report.Level.NORMAL
        kwargs["initial"] = {
            "category": report.category_id,
            "level": level,
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


class RejectForm(WorkflowForm):
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
            ) % {"level": report.get_level_display(), "deadline": _local(deadline)}

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
            "deadline": _local(report.deadline),
        }


class RecallForm(WorkflowForm):
    action = "recall"
    label = _("Thu hồi")
    description = _("Thu hồi phản ánh khi cơ quan chủ trì chưa nhận xử lý; cơ quan được thông báo.")

    reason = forms.CharField(label=_("Lý do thu hồi"), widget=_textarea())

    def perform(self) -> str:
        report = workflow.report_recall(
            report=self.report, actor=self.actor, reason=self.cleaned_data["reason"]
        )
        return gettext("Đã thu hồi phản ánh %(code)s.") % {"code": report.code}


class AnswerDirectlyForm(WorkflowForm):
    action = "answer_directly"
    label = _("Trả lời trực tiếp")
    description = _(
        "Trung tâm IOC tự trả lời phản ánh. Người gửi nhận được câu trả lời khi kết quả "
        "được đăng tải."
    )

    answer = forms.CharField(label=_("Nội dung trả lời"), widget=_textarea(8))
    files = MultipleFileField(
        label=_("Tệp kèm kết quả"),
        accept="image/*,.heic,.heif,video/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods",
        help_text=_("Ảnh, video hoặc tài liệu, được kiểm tra như tệp của người gửi."),
    )

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        errors, prepared = [], []
        for upload in uploads:
            kind = _kind_of(upload)
            try:
                prepared.append((kind, media.inspect_upload(upload, kind=kind)))
            except ValidationError as error:
                errors.append(error)
        for kind, count in Counter(kind for kind, _prepared in prepared).items():
            too_many = media.count_error(kind, count)
            if too_many:
                errors.append(too_many)
        if errors:
            raise ValidationError(errors)
        return prepared

    def perform(self) -> str:
        uploads = defaultdict(list)
        for kind, prepared in self.cleaned_data["files"]:
            uploads[kind].append(prepared)
        report = services.report_answer_with_files(
            report=self.report,
            actor=self.actor,
            answer=self.cleaned_data["answer"],
            uploads=uploads,
            directly=True,
        )
        return gettext("Đã trả lời phản ánh %(code)s; kết quả chờ đăng tải.") % {
            "code": report.code
        }


def _kind_of(upload) -> str:
    """Which limits to check the upload against. The browser's word only picks
    the kind: `inspect_upload` then decides from the bytes whether it is one."""
    content_type = (upload.content_type or "").lower()
    name = (upload.name or "").lower()
    if content_type.startswith("image/") or name.endswith((".heic", ".heif")):
        return Attachment.Kind.IMAGE
    if content_type.startswith("video/"):
        return Attachment.Kind.VIDEO
    return Attachment.Kind.FILE


class SendBackForm(WorkflowForm):
    action = "send_back"
    label = _("Yêu cầu xử lý lại")
    description = _("Kết quả chưa đạt: phản ánh trở lại cơ quan chủ trì cùng lý do.")

    reason = forms.CharField(
        label=_("Lý do yêu cầu xử lý lại"),
        widget=_textarea(),
        help_text=_("Cơ quan chủ trì nhận được lý do này."),
    )

    @classmethod
    def applies_to(cls, report: Report) -> bool:
        # An answer of the IOC itself has no agency to go back to.
        return report.lead_agency_id is not None

    def perform(self) -> str:
        report = workflow.report_send_back(
            report=self.report, actor=self.actor, reason=self.cleaned_data["reason"]
        )
        return gettext("Đã yêu cầu %(agency)s xử lý lại phản ánh %(code)s.") % {
            "agency": report.lead_agency.name,
            "code": report.code,
        }


class PublishForm(WorkflowForm):
    action = "publish"
    label = _("Đăng tải kết quả")
    button_class = "default"
    description = _(
        "Kết quả được gửi đến người phản ánh; phản ánh công khai hiện kết quả trên trang chung."
    )

    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=_textarea(),
        help_text=_("Hiện trong quá trình xử lý của phản ánh."),
    )

    def perform(self) -> str:
        report = workflow.report_publish(
            report=self.report, actor=self.actor, note=self.cleaned_data["note"]
        )
        return gettext("Đã đăng tải kết quả phản ánh %(code)s.") % {"code": report.code}


class ExtensionDecideForm(WorkflowForm):
    action = "decide_extension"
    label = _("Duyệt đề nghị gia hạn")
    description = _("Đồng ý thì hạn xử lý của phản ánh chuyển sang hạn mới đề nghị.")

    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Đồng ý gia hạn")), ("refuse", _("Không đồng ý"))],
        widget=admin_widgets.AdminRadioSelect(attrs={"class": "inline"}),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=_textarea(),
        help_text=_("Gửi kèm quyết định đến cơ quan chủ trì."),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, report=report, **kwargs)
        self.extension = pending_extension(report)

    @classmethod
    def applies_to(cls, report: Report) -> bool:
        return pending_extension(report) is not None

    def perform(self) -> str:
        approve = self.cleaned_data["decision"] == "approve"
        workflow.extension_decide(
            extension=self.extension,
            actor=self.actor,
            approve=approve,
            note=self.cleaned_data["note"],
        )
        message = (
            gettext("Đã đồng ý gia hạn phản ánh %(code)s đến %(deadline)s.")
            if approve
            else gettext("Đã không đồng ý gia hạn phản ánh %(code)s đến %(deadline)s.")
        )
        return message % {
            "code": self.report.code,
            "deadline": _local(self.extension.new_deadline),
        }


def pending_extension(report: Report) -> ExtensionRequest | None:
    return (
        report.extension_requests.filter(status=ExtensionRequest.Status.PENDING)
        .select_related("agency", "requested_by")
        .first()
    )


# In the order the buttons appear on the report page.
WORKFLOW_FORMS: dict[str, type[WorkflowForm]] = {
    form.action: form
    for form in (
        ReceiveForm,
        ForwardForm,
        ExtensionDecideForm,
        RecallForm,
        AnswerDirectlyForm,
        PublishForm,
        SendBackForm,
        RejectForm,
    )
}
