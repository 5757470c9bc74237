from django import forms
from django.utils.translation import gettext_lazy as _

from engagement.models import MAX_RADIUS_METRES, MIN_RADIUS_METRES, Subscription
from reports.models import AdministrativeUnit, Category


class SubscriptionForm(forms.ModelForm):
    """A new subscription; the rules (limits, SMS) are engagement.services'."""

    ward = forms.ModelChoiceField(
        label=_("Phường, xã"),
        queryset=AdministrativeUnit.objects.current_wards().order_by("name"),
        required=False,
    )
    category = forms.ModelChoiceField(
        label=_("Chuyên mục"), queryset=Category.objects.filter(is_active=True), required=False
    )
    radius = forms.IntegerField(
        label=_("Bán kính (m)"),
        min_value=MIN_RADIUS_METRES,
        max_value=MAX_RADIUS_METRES,
        required=False,
        initial=1000,
        help_text=_("Tối đa 5 000 m."),
    )

    scope = forms.ChoiceField(
        label=_("Nhận tin theo"),
        choices=Subscription.Scope.choices,
        initial=Subscription.Scope.WARD,
        widget=forms.RadioSelect,
    )
    frequency = forms.ChoiceField(
        label=_("Nhận tin"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Subscription
        fields = [
            "scope",
            "ward",
            "category",
            "latitude",
            "longitude",
            "radius",
            "frequency",
            "by_email",
            "sms_urgent",
        ]
        labels = {
            "latitude": _("Vĩ độ"),
            "longitude": _("Kinh độ"),
            "by_email": _("Gửi cả thư điện tử (nếu tài khoản có thư đã xác nhận)"),
            "sms_urgent": _("Gửi SMS khi có phản ánh khẩn (tối đa 3 tin mỗi ngày)"),
        }

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        needed = {
            Subscription.Scope.WARD: ["ward"],
            Subscription.Scope.CATEGORY: ["category"],
            Subscription.Scope.RADIUS: ["latitude", "longitude", "radius"],
        }.get(scope, [])
        for name in needed:
            if data.get(name) in (None, ""):
                self.add_error(name, _("Hãy điền mục này."))
        return data

    def _post_clean(self):
        # The model's own checks run in the service, with the user set.
        pass
