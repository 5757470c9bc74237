from django import template

from accounts.text import thousands as thousands_text

register = template.Library()


@register.filter
def thousands(value):
    """10000 as people write it: 10.000 in Vietnamese, 10,000 in English."""
    return thousands_text(value)
