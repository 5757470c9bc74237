"""Forms of the agency triage dashboard: the queue's filters and one form per action."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports import media
from reports.forms import MultipleFileField, SentDateRangeFilterSet
from reports.models import (
    ANSWERED_STATUSES,
    AT_AN_AGENCY_STATUSES,
    Attachment,
    ReplyTemplate,
    Report,
)
from reports.reply_templates import ReplyTemplatePicker
from reports.selectors import active_categories, wards
from reports.workflow.answer_photos import answer_photo_error

NOTE_MAX_LENGTH = 5000
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows, "maxlength": NOTE_MAX_LENGTH})


class TriageFilter(SentDateRangeFilterSet):
    """Filters of the queue; the tab has already narrowed the statuses."""

    OVERDUE_CHOICES = (("yes", _("Quá hạn")), ("no", _("Chưa quá hạn")))

    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"),
        choices=[
            (value, label)
            for value, label in Report.Status.choices
            if value in (*AT_AN_AGENCY_STATUSES, *ANSWERED_STATUSES)
        ],
        empty_label=_("Tất cả"),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Chuyên mục"), queryset=active_categories(), empty_label=_("Tất cả")
    )
    level = django_filters.ChoiceFilter(
        label=_("Mức độ"), choices=Report.Level.choices, empty_label=_("Tất cả")
    )
    ward = django_filters.ModelChoiceFilter(
        label=_("Phường, xã"), queryset=wards(), empty_label=_("Tất cả")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Hạn xử lý"),
        choices=OVERDUE_CHOICES,
        empty_label=_("Tất cả"),
        method="filter_overdue",
    )

    class Meta:
        model = Report
        fields = ["status", "category", "level", "ward"]

    def filter_overdue(self, queryset, name, value):
        # `is_overdue` is annotated by `Report.objects.with_overdue()` in the queue.
        return queryset.filter(is_overdue=value == "yes")


# --- The actions ---------------------------------------------------------------------


class ActionForm(forms.Form):
    """One action on one report, for the agency the member acts for."""

    def __init__(self, *args, report: Report, agency, **kwargs):
        self.report = report
        self.agency = agency
        super().__init__(*args, **kwargs)


class AcceptForm(ActionForm):
    """Nothing to fill in: the button says it all."""


class ReturnForm(ReplyTemplatePicker, ActionForm):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        max_length=NOTE_MAX_LENGTH,
        widget=_textarea(),
        help_text=_("Ví dụ: không thuộc thẩm quyền của đơn vị. Trung tâm IOC sẽ xem xét lại."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_template_picker(
            purpose=ReplyTemplate.Purpose.RETURN,
            target="reason",
            report=self.report,
            agency=self.agency,
        )


class ProgressForm(ActionForm):
    note = forms.CharField(
        label=_("Ghi chú tiến độ"), max_length=NOTE_MAX_LENGTH, widget=_textarea()
    )
    public = forms.BooleanField(
        label=_("Công khai ghi chú này cho người dân"),
        required=False,
        help_text=_("Không đánh dấu: ghi chú chỉ cán bộ và Trung tâm IOC xem được."),
    )


class OpinionForm(ActionForm):
    note = forms.CharField(
        label=_("Ý kiến phối hợp"),
        max_length=NOTE_MAX_LENGTH,
        widget=_textarea(),
        help_text=_("Đơn vị chủ trì và Trung tâm IOC sẽ xem được ý kiến này."),
    )


class AnswerForm(ReplyTemplatePicker, ActionForm):
    """The answer and its files, each checked by content like the citizen's;
    a photo is required when the report's category asks for one."""

    UPLOAD_FIELDS = {"images": Attachment.Kind.IMAGE, "files": Attachment.Kind.FILE}

    answer = forms.CharField(
        label=_("Nội dung trả lời"), max_length=NOTE_MAX_LENGTH, widget=_textarea(rows=6)
    )
    images = MultipleFileField(
        label=_("Hình ảnh kết quả"),
        accept="image/*,.heic,.heif",
        help_text=_("JPEG, PNG, WebP, HEIC; tối đa 10 ảnh, mỗi ảnh 15 MB."),
    )
    files = MultipleFileField(
        label=_("Văn bản kèm theo"),
        accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods",
        help_text=_("PDF hoặc văn bản Office, tối đa 5 tệp, mỗi tệp 20 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared_uploads: dict[str, list] = {}
        if self.report.category_id and self.report.category.answer_photo_required:
            self.fields["images"].help_text = _(
                "Chuyên mục này bắt buộc ít nhất một ảnh kết quả. JPEG, PNG, WebP, HEIC; tối "
                "đa 10 ảnh, mỗi ảnh 15 MB."
            )
        self.add_template_picker(
            purpose=ReplyTemplate.Purpose.ANSWER,
            target="answer",
            report=self.report,
            agency=self.agency,
        )

    def clean(self):
        cleaned = super().clean()
        for field_name, kind in self.UPLOAD_FIELDS.items():
            accepted, errors = media.inspect_uploads(cleaned.get(field_name) or [], kind=kind)
            for error in errors:
                self.add_error(field_name, error)
            self.prepared_uploads[kind] = accepted
        if not self.has_error("images"):
            missing = answer_photo_error(
                report=self.report, new_photos=len(self.prepared_uploads[Attachment.Kind.IMAGE])
            )
            if missing:
                self.add_error("images", missing)
        return cleaned


class ExtensionForm(ActionForm):
    new_deadline = forms.DateTimeField(
        label=_("Hạn mới đề nghị"),
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    reason = forms.CharField(
        label=_("Lý do đề nghị gia hạn"), max_length=NOTE_MAX_LENGTH, widget=_textarea()
    )

    def clean_new_deadline(self):
        value = self.cleaned_data["new_deadline"]
        if value <= timezone.now():
            raise ValidationError(_("Hạn mới phải ở tương lai."), code="past")
        return value
