"""Open311 partner keys: created here, the key shown once, revoked by unticking."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from reports.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "partner", "prefix", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "partner", "prefix")
    readonly_fields = ("prefix", "created_at")
    actions = ("revoke",)

    def save_model(self, request, obj, form, change):
        if not change:
            raw_key = obj.set_new_key()
            messages.warning(
                request,
                _("Khóa API mới (chỉ hiển thị một lần, hãy lưu lại): %(key)s") % {"key": raw_key},
            )
        super().save_model(request, obj, form, change)

    @admin.action(description="Thu hồi các khóa đã chọn")
    def revoke(self, request, queryset):
        count = queryset.update(is_active=False)
        self.message_user(request, _("Đã thu hồi %(count)d khóa.") % {"count": count})
