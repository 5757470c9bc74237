"""The IOC's reply templates: per category (or for every one) and purpose, with
the placeholders documented beside the text and a preview filled for an example."""

from django.contrib import admin
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reports.models import AdministrativeUnit, Agency, Category, ReplyTemplate, Report
from reports.reply_templates import fill, placeholder_help


def example_report(category: Category | None) -> Report:
    """An unsaved report to show a template filled (nothing is written)."""
    return Report(
        code="PA-2026-000123",
        title="Ổ gà lớn trước chợ Đông Hà",
        address="12 Lê Duẩn",
        ward=AdministrativeUnit(name="Phường Đông Hà"),
        category=category or Category(name="Giao thông"),
    )


EXAMPLE_AGENCY_NAME = "Sở Xây dựng"


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "purpose", "category_or_all", "is_active", "updated_at")
    list_filter = ("purpose", "is_active", "category")
    search_fields = ("title", "text")
    list_select_related = ("category",)
    autocomplete_fields = ("category",)
    fields = ("title", "purpose", "category", "text", "preview", "is_active")
    readonly_fields = ("preview",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "text" in form.base_fields:
            form.base_fields["text"].help_text = placeholder_help()
        return form

    @admin.display(description=_("chuyên mục"), ordering="category__name")
    def category_or_all(self, template):
        return template.category or _("Mọi chuyên mục")

    @admin.display(description=_("xem trước"))
    def preview(self, template):
        if template is None or not template.pk:
            return _("Lưu mẫu để xem nội dung được điền cho một phản ánh ví dụ.")
        filled = fill(
            template,
            example_report(template.category),
            Agency(name=EXAMPLE_AGENCY_NAME),
            timezone.now(),
        )
        return format_html(
            "<p>{}</p><p>{}</p>",
            _("Với một phản ánh ví dụ, do %(agency)s trả lời hôm nay:")
            % {"agency": EXAMPLE_AGENCY_NAME},
            linebreaksbr(filled),
        )
