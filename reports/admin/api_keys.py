"""Open311 partner keys: created here, the key shown once, revoked by unticking."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from reports.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "partner", "prefix", "is_active", "extended_statuses", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "partner", "prefix")
    readonly_fields = ("prefix", "created_at")
    actions = ("revoke",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.issued_key = obj.set_new_key()  # for response_add, never stored
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The new key on a page of its own, once: not in a message, which the
        cookie storage would keep signed but readable in the browser."""
        response = TemplateResponse(
            request,
            "admin/reports/apikey/issued.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "api_key": obj,
                "raw_key": obj.issued_key,
                "title": _("Khóa API mới"),
            },
        )
        add_never_cache_headers(response)
        return response

    @admin.action(description="Thu hồi các khóa đã chọn")
    def revoke(self, request, queryset):
        count = queryset.update(is_active=False)
        self.message_user(request, _("Đã thu hồi %(count)d khóa.") % {"count": count})
