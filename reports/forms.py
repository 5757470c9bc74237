from decimal import Decimal

import django_filters
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from reports import media
from reports.models import Attachment, Report, Satisfaction
from reports.selectors import active_categories, wards
from reports.submissions import REPORT_FIELDS, ReportInput, in_province


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in the form's clean."""

    def __init__(self, *, accept: str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(widget=MultipleFileInput(attrs={"accept": accept}), **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


CONTENT_MAX_LENGTH = 5000

UPLOAD_FIELDS = {
    "images": Attachment.Kind.IMAGE,
    "videos": Attachment.Kind.VIDEO,
    "files": Attachment.Kind.FILE,
}


class ReportForm(forms.ModelForm):
    """The report form of seed 2.3.2. A draft needs nothing; sending needs a
    title, content, category and a place (a point in the province or an address)."""

    images = MultipleFileField(label=_("Chụp ảnh hoặc chọn ảnh"), accept="image/*,.heic,.heif")
    videos = MultipleFileField(label=_("Video"), accept="video/*")
    files = MultipleFileField(
        label=_("Tệp đính kèm"), accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods"
    )
    # Floats from the map, stored rounded to six decimals (about 10 cm).
    latitude = forms.FloatField(
        required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    longitude = forms.FloatField(
        required=False, min_value=-180, max_value=180, widget=forms.HiddenInput
    )
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Bỏ tệp đã đính kèm"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Report
        fields = list(REPORT_FIELDS)
        labels = {
            "title": _("Tiêu đề"),
            "content": _("Nội dung phản ánh"),
            "category": _("Chuyên mục"),
            "urgent_requested": _("Phản ánh khẩn"),
            "address": _("Địa chỉ"),
            "ward": _("Phường, xã"),
            "hide_name": _("Ẩn tên của tôi khi phản ánh được công khai"),
        }
        help_texts = {
            "urgent_requested": _("Trung tâm IOC sẽ xem xét và quyết định mức độ khẩn."),
            "address": _(
                "Ví dụ: 12 Lê Duẩn, phường Đông Hà. Cần có địa chỉ hoặc vị trí trên bản đồ."
            ),
        }
        widgets = {"content": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, submitting: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.prepared_uploads: dict[str, list] = {}
        self.found_gps = None
        self.fields["category"].queryset = active_categories()
        self.fields["category"].empty_label = _("Chọn chuyên mục")
        self.fields["ward"].queryset = wards()
        self.fields["ward"].empty_label = _("Chọn phường, xã")
        self.fields["content"].validators.append(MaxLengthValidator(CONTENT_MAX_LENGTH))
        self.fields["content"].widget.attrs["maxlength"] = CONTENT_MAX_LENGTH
        for name in ("title", "content", "category"):
            self.fields[name].required = submitting
        self._offer_removal()

    def _offer_removal(self):
        """A draft's files, each with a box to drop it."""
        if self.instance.pk:
            self.fields["remove_attachments"].queryset = self.instance.attachments.all()
        else:
            self.fields.pop("remove_attachments", None)

    def kept_files(self) -> list:
        """A draft's files, each with its own "Bỏ tệp này" box: (attachment, box)."""
        if "remove_attachments" not in self.fields:
            return []
        return [(box.data["value"].instance, box) for box in self["remove_attachments"]]

    def keep_in_draft(self, draft):
        """After the accepted files were saved in `draft`: show them as kept."""
        self.instance = draft
        self.prepared_uploads = {}
        self.fields["remove_attachments"] = self.base_fields["remove_attachments"]
        self._offer_removal()

    def clean_latitude(self):
        return self._clean_coordinate("latitude")

    def clean_longitude(self):
        return self._clean_coordinate("longitude")

    def _clean_coordinate(self, name):
        value = self.cleaned_data.get(name)
        return None if value is None else round(Decimal(str(value)), 6)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            cleaned["latitude"] = cleaned["longitude"] = None  # half a point is no place
        self._inspect_uploads(cleaned)
        # A photo's GPS fills in a missing place, when it lies in the province.
        if cleaned.get("latitude") is None and self.found_gps and in_province(*self.found_gps):
            cleaned["latitude"], cleaned["longitude"] = (
                round(Decimal(str(v)), 6) for v in self.found_gps
            )
        self._check_place(cleaned)
        return cleaned

    def _inspect_uploads(self, cleaned):
        removed = {a.pk for a in cleaned.get("remove_attachments") or ()}
        for field_name, kind in UPLOAD_FIELDS.items():
            uploads = cleaned.get(field_name) or []
            kept = 0
            if self.instance.pk:
                kept = sum(
                    1
                    for a in self.instance.attachments.all()
                    if a.kind == kind and a.pk not in removed
                )
            accepted, errors = media.inspect_uploads(uploads, kind=kind, already=kept)
            for error in errors:
                self.add_error(field_name, error)
            self.prepared_uploads[kind] = accepted
            self.found_gps = self.found_gps or next((p.gps for p in accepted if p.gps), None)

    def _check_place(self, cleaned):
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        has_point = latitude is not None and longitude is not None
        if has_point and not in_province(latitude, longitude):
            self.add_error(
                "address",
                _("Vị trí đã chọn nằm ngoài tỉnh. Hãy chọn lại trên bản đồ hoặc nhập địa chỉ."),
            )
        elif self.submitting and not has_point and not cleaned.get("address", "").strip():
            self.add_error("address", _("Hãy chọn vị trí trên bản đồ hoặc nhập địa chỉ."))

    def has_accepted_uploads(self) -> bool:
        return any(self.prepared_uploads.values())

    def report_input(self, *, partial: bool = False) -> ReportInput:
        """What to save. `partial`: only the fields that passed validation, so a
        form with errors can still keep the citizen's files in a draft."""
        values = {
            name: self.cleaned_data[name]
            for name in REPORT_FIELDS
            if name in self.cleaned_data and not (partial and name in self.errors)
        }
        removed = tuple(a.pk for a in self.cleaned_data.get("remove_attachments") or ())
        return ReportInput(
            values=values, uploads=self.prepared_uploads, remove_attachment_ids=removed
        )


# <input type="date"> takes ISO dates whatever the page's language.
ISO_DATE = "%Y-%m-%d"


class DateOrderCheck:
    """A range whose end comes before its start is refused next to the end
    field, instead of silently matching nothing."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("sent_from"), cleaned.get("sent_to")
        if start and end and end < start:
            self.add_error("sent_to", _("Ngày kết thúc phải cùng hoặc sau ngày bắt đầu."))
        return cleaned


class SentDateRangeFilterSet(django_filters.FilterSet):
    """Reports sent between two days, both included (days in Vietnam's time)."""

    def get_form_class(self):
        # Every list that filters by sending date checks the order of its days.
        return type(f"{type(self).__name__}Form", (DateOrderCheck, super().get_form_class()), {})

    sent_from = django_filters.DateFilter(
        field_name="submitted_at",
        lookup_expr="date__gte",
        label=_("Gửi từ ngày"),
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
    )
    sent_to = django_filters.DateFilter(
        field_name="submitted_at",
        lookup_expr="date__lte",
        label=_("Đến ngày"),
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
    )


class MyReportsFilter(SentDateRangeFilterSet):
    """Filters of seed 2.3.4: status and a date range of sending."""

    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"),
        choices=[c for c in Report.Status.choices if c[0] != Report.Status.DRAFT],
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = Report
        fields = ["status"]


class SatisfactionForm(forms.Form):
    """The reporter's rating of a published answer; the rules (who, when, the
    comment "Không hài lòng" needs) live in reports/satisfaction.py."""

    prefix = "satisfaction"

    level = forms.ChoiceField(
        label=_("Mức độ hài lòng"),
        choices=Satisfaction.Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn mức độ hài lòng.")},
    )
    comment = forms.CharField(
        label=_("Ý kiến của bạn"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi chọn “Không hài lòng”."),
    )
