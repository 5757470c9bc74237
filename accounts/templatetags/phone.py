import phonenumbers
from django import template

register = template.Library()


@register.filter
def national_phone(value):
    """+84912345678 as Vietnamese people write it: 0912 345 678."""
    try:
        number = phonenumbers.parse(str(value), "VN")
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
