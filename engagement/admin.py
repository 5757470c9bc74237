"""Read-only lists for the IOC: who meets, follows and subscribes to what
(the engagement.view_* permissions, granted to the IOC by setup_roles).
Everything is written by citizens through engagement.services."""

from django.contrib import admin

from engagement.models import Alert, Follow, Subscription, Support


class ReadOnlyAdmin(admin.ModelAdmin):
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Support)
class SupportAdmin(ReadOnlyAdmin):
    list_display = ("report", "user", "created_at")
    list_select_related = ("report", "user")
    search_fields = ("report__code",)
    raw_id_fields = ("report", "user")


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ("report", "user", "created_at")
    list_select_related = ("report", "user")
    search_fields = ("report__code",)
    raw_id_fields = ("report", "user")


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ("user", "scope", "ward", "category", "radius", "frequency", "created_at")
    list_select_related = ("user", "ward", "category")
    list_filter = ("scope", "frequency", "sms_urgent")
    raw_id_fields = ("user", "ward", "category")


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ("subscription", "report", "event", "created_at", "sent_at", "digested_at")
    list_select_related = ("subscription__user", "report")
    list_filter = ("event", "by_sms")
    raw_id_fields = ("subscription", "report")
