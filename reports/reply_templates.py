"""Reply templates (README §4): filling their placeholders, and the picker the
answer, return and refusal forms share.

`fill` is the one rule for placeholders → values. A placeholder is a name in
braces, e.g. `{ma_phan_anh}`; a name it does not know, and any other brace,
stays as written, so a typo shows in the text instead of failing.

The picker is a <select> of the templates fitting the report's category and
the form's purpose, placed before the text box it fills. With JavaScript
(static/js/reply-templates.js) picking one fills the box at once; without it
the "Dùng mẫu" button posts the form, which comes back with the box filled and
nothing done (`template_applied`)."""

import re
from datetime import datetime

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from reports.dates import DATE_FORMAT
from reports.models import Agency, ReplyTemplate, Report

# What the IOC is called in a template's text (its name, like an agency's).
IOC_NAME = "Trung tâm IOC"
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# name → what it becomes, for the admin's help text.
PLACEHOLDERS = {
    "ma_phan_anh": _("mã phản ánh, ví dụ PA-2026-000123"),
    "tieu_de": _("tiêu đề phản ánh"),
    "chuyen_muc": _("tên chuyên mục"),
    "dia_chi": _("địa chỉ và phường, xã của phản ánh"),
    "co_quan": _("tên cơ quan trả lời (Trung tâm IOC khi IOC tự trả lời)"),
    "ngay": _("ngày hôm nay, ví dụ 05/03/2026"),
}
USE_BUTTON = "use_template"


def values_for(*, report: Report, agency: Agency | None, now: datetime) -> dict[str, str]:
    ward, category = report.ward, report.category
    place = ", ".join(part for part in (report.address, ward.name if ward else "") if part)
    return {
        "ma_phan_anh": report.code or "",
        "tieu_de": report.title or "",
        "chuyen_muc": category.name if category else "",
        "dia_chi": place,
        "co_quan": agency.name if agency is not None else IOC_NAME,
        "ngay": timezone.localtime(now).strftime(DATE_FORMAT),
    }


def fill(template: ReplyTemplate | str, report: Report, agency: Agency | None, now=None) -> str:
    """The template's text with its known placeholders filled for `report`,
    answered by `agency` (None: the IOC) on the day of `now`."""
    text = template if isinstance(template, str) else template.text
    values = values_for(report=report, agency=agency, now=now or timezone.now())
    return PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]), text)


def placeholder_help() -> str:
    """The placeholders and what each becomes, for the admin's help text."""
    lines = format_html_join(
        "",
        "<li><code>{{{}}}</code>: {}</li>",
        ((name, meaning) for name, meaning in PLACEHOLDERS.items()),
    )
    return format_html(
        "{}<ul>{}</ul>{}",
        _("Các chỗ trống được điền khi cán bộ chọn mẫu:"),
        lines,
        _("Chỗ trống viết sai tên được giữ nguyên để cán bộ thấy và sửa."),
    )


# --- The picker in the forms -------------------------------------------------------


class TemplateSelect(forms.Select):
    """The templates as options, each carrying its filled text for the script,
    and the "Dùng mẫu" button for browsers without it."""

    class Media:
        js = ("js/reply-templates.js",)

    def __init__(self, *, texts: dict[str, str], target_id: str, button_name: str):
        super().__init__(attrs={"data-reply-template": target_id})
        self.texts = texts
        self.button_name = button_name

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.texts:
            option["attrs"]["data-text"] = self.texts[str(value)]
        return option

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<span class="reply-template">{}<button type="submit" name="{}" value="1" '
            'class="button button--secondary reply-template__use" formnovalidate '
            "data-reply-template-use>{}</button></span>",
            super().render(name, value, attrs, renderer),
            self.button_name,
            _("Dùng mẫu"),
        )


def _fitting_by_purpose(report: Report) -> dict[str, list[ReplyTemplate]]:
    """The templates a report's forms may offer, by purpose: one query for all
    the forms of a page, which share the report (kept on it for the request)."""
    if not hasattr(report, "_reply_templates"):
        by_purpose = {}
        for template in ReplyTemplate.objects.fitting(category=report.category_id):
            by_purpose.setdefault(template.purpose, []).append(template)
        report._reply_templates = by_purpose
    return report._reply_templates


class ReplyTemplatePicker:
    """For forms with a text box a template may fill: call `add_template_picker`
    at the end of `__init__`. Until then the form has no picker."""

    template_applied = False

    def add_template_picker(self, *, purpose: str, target: str, report: Report, agency, now=None):
        templates = _fitting_by_purpose(report).get(purpose, [])
        if not templates:
            return
        texts = {str(template.pk): fill(template, report, agency, now) for template in templates}
        field = forms.ChoiceField(
            label=_("Mẫu soạn sẵn"),
            required=False,
            choices=[("", _("– Chọn mẫu –")), *((str(t.pk), t.title) for t in templates)],
            widget=TemplateSelect(
                texts=texts,
                target_id=self[target].auto_id,
                button_name=self.add_prefix(USE_BUTTON),
            ),
            help_text=_("Chọn mẫu để điền vào ô bên dưới, rồi sửa cho đúng phản ánh này."),
        )
        fields = list(self.fields.items())
        at = [name for name, _field in fields].index(target)
        self.fields = dict([*fields[:at], ("template", field), *fields[at:]])
        if self.is_bound and self.add_prefix(USE_BUTTON) in self.data:
            chosen = texts.get(self.data.get(self.add_prefix("template"), ""))
            if chosen is not None:
                self.data = self.data.copy()
                self.data[self.add_prefix(target)] = chosen
            self.template_applied = True

    def full_clean(self):
        if self.template_applied:
            # Only the template was asked for: nothing to check, nothing to do.
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    def is_valid(self):
        return not self.template_applied and super().is_valid()
