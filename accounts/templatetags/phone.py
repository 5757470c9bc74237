from django import template
from phonenumber_field.phonenumber import to_python

register = template.Library()


@register.filter
def national_phone(value):
    """+84912345678 as Vietnamese people write it: 0912 345 678."""
    number = to_python(value, region="VN")
    return number.as_national if number and number.is_valid() else value
