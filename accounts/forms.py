from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from phananh import ratelimit

# Tries at the password that confirms an account's deletion, so that a
# session left open cannot be used to guess the password.
DELETE_CONFIRMATION_TRIES = "5/15m"


def clean_name(value: str) -> str:
    """Collapse runs of spaces (the field is required, so something is left)."""
    return " ".join(value.split())


class SignupForm(allauth_forms.SignupForm):
    """Phone, full name, organisation tick, password and confirmation (seed 2.1.2)."""

    full_name = forms.CharField(
        label=_("Họ và tên (hoặc tên tổ chức)"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    is_organization = forms.BooleanField(
        label=_("Tôi đăng ký cho một tổ chức (cơ quan, doanh nghiệp, hội, nhóm)"),
        required=False,
    )
    field_order = ["phone", "full_name", "is_organization", "password1", "password2"]

    def clean_full_name(self):
        return clean_name(self.cleaned_data["full_name"])

    def clean(self):
        # allauth checks the password against a blank user; check it again against
        # the name and phone being registered, so "too similar" can be caught.
        cleaned_data = super().clean()
        password = cleaned_data.get("password1")
        if password and "password1" not in self.errors:
            candidate = User(
                phone=cleaned_data.get("phone"), full_name=cleaned_data.get("full_name", "")
            )
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned_data


class ProfileForm(forms.ModelForm):
    """Only the name is editable: the phone is the login and stays read-only (seed 2.1.3.1)."""

    class Meta:
        model = User
        fields = ["full_name", "email"]
        labels = {"email": _("Thư điện tử (không bắt buộc)")}
        help_texts = {"email": _("Dùng để nhận thông báo qua thư điện tử.")}

    def clean_full_name(self):
        return clean_name(self.cleaned_data["full_name"])


class AccountDeleteForm(forms.Form):
    """The account's password once more before it is deleted for good."""

    password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not ratelimit.consume(f"account-delete:{self.user.pk}", DELETE_CONFIRMATION_TRIES):
            raise forms.ValidationError(
                _("Bạn đã nhập sai mật khẩu quá nhiều lần. Vui lòng thử lại sau 15 phút."),
                code="too_many_tries",
            )
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mật khẩu không đúng."), code="wrong_password")
        return password
