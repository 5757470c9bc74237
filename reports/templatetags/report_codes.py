"""Report codes inside running text (a notification) kept on one line."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

# What workflow.next_report_code writes: PA-<year>-<6 digits>.
CODE = re.compile(r"PA-\d{4}-\d{6}")


@register.filter
def unbroken_codes(text) -> str:
    """`text`, escaped, with every report code in a `.code` span (which never wraps)."""
    escaped = conditional_escape(text)
    return mark_safe(  # noqa: S308 # nosec B308 B703 # escaped above; only the spans are added
        CODE.sub(lambda found: format_html('<span class="code">{}</span>', found[0]), escaped)
    )
