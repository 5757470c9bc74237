"""Vietnamese mobile numbers as citizens type them, stored in E.164."""

import re

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _

MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


# Nine or more digits, optionally after "+" and with single spaces, dots or
# dashes between them: any way a phone number is written, and little else.
PHONE_LIKE = re.compile(r"\+?\d(?:[ .-]?\d){8,}")


def redact_phone_numbers(text: str) -> str:
    """`text` with every phone-like number replaced, for messages that go to
    logs (a gateway's reply often quotes the number it refused)."""
    return PHONE_LIKE.sub("[…]", text)


def normalize_phone(value: str) -> str | None:
    """`0912 345 678`, `+84 912 345 678` and `84912345678` all give `+84912345678`;
    anything that is not a Vietnamese mobile number gives None."""
    try:
        number = phonenumbers.parse(str(value), "VN")
    except phonenumbers.NumberParseException:
        return None
    if (
        phonenumbers.region_code_for_number(number) != "VN"
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in MOBILE_TYPES
    ):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneField(forms.CharField):
    """A text field that accepts spaces, dots and dashes and cleans to E.164.

    allauth's own phone field validates before stripping spaces, so it refuses
    `0912 345 678`, the way most people write their number.
    """

    default_error_messages = {
        "invalid": _(
            "Số điện thoại không hợp lệ. Hãy nhập số di động Việt Nam, ví dụ 0912 345 678."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Số điện thoại"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "type": "tel",
                    "autocomplete": "tel",
                    "inputmode": "tel",
                    "placeholder": "0912 345 678",
                }
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        phone = normalize_phone(value)
        if phone is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return phone
