"""Admin for the reference data: categories, administrative units and agencies."""

from django.contrib import admin

from reports.models import AdministrativeUnit, Agency, AgencyMembership, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """The list's editable cells have no <label>: each input is named after
    its column and its row for screen readers (WCAG 1.3.1, 4.1.2)."""

    list_display = (
        "name",
        "order",
        "is_active",
        "default_agency",
        "processing_days_normal",
        "processing_days_urgent",
        "answer_photo_required",
    )
    list_editable = ("order", "is_active", "answer_photo_required")
    list_filter = ("is_active", "answer_photo_required")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("default_agency",)

    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)

        class LabelledRowForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"

        return LabelledRowForm


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "level", "parent", "latitude", "longitude")
    list_filter = ("level",)
    # name_folded lets "dong ha" find "Đông Hà".
    search_fields = ("name", "name_folded", "code")
    # A province has a hundred children or more: a select box would load them all.
    raw_id_fields = ("parent",)
    list_select_related = ("parent",)


class AgencyMembershipInline(admin.TabularInline):
    model = AgencyMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
    filter_horizontal = ("units",)
    inlines = (AgencyMembershipInline,)
