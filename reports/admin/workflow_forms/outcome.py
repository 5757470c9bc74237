"""The IOC's later decisions: recall, answer directly, send back, publish,
and the agency's extension requests."""

from collections import Counter, defaultdict

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reports import media, submissions, workflow
from reports.dates import local_datetime
from reports.forms import MultipleFileField
from reports.models import (
    Attachment,
    ReplyTemplate,
)
from reports.reply_templates import ReplyTemplatePicker
from reports.workflow.answer_photos import answer_photo_error

from .base import WorkflowForm, _textarea


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


class AnswerDirectlyForm(ReplyTemplatePicker, WorkflowForm):
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

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, report=report, **kwargs)
        if report.category_id and report.category.answer_photo_required:
            self.fields["files"].help_text = _(
                "Chuyên mục này bắt buộc ít nhất một ảnh kết quả. Ảnh, video hoặc tài liệu, "
                "được kiểm tra như tệp của người gửi."
            )
        self.add_template_picker(
            purpose=ReplyTemplate.Purpose.ANSWER, target="answer", report=report, agency=None
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
        photos = sum(1 for kind, _prepared in prepared if kind == Attachment.Kind.IMAGE)
        missing = answer_photo_error(report=self.report, new_photos=photos)
        if missing:
            raise ValidationError(missing)
        return prepared

    def perform(self) -> str:
        uploads = defaultdict(list)
        for kind, prepared in self.cleaned_data["files"]:
            uploads[kind].append(prepared)
        report = submissions.report_answer_with_files(
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
        self.extension = report.pending_extension

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
            "deadline": local_datetime(self.extension.new_deadline),
        }
