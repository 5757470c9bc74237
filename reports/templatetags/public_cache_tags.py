"""`{% public_version %}`: the key part that moves with every public change
(reports/public_cache.py), for `{% cache %}` fragments of reference data."""

from django import template

from reports.public_cache import public_version as current_public_version

register = template.Library()


@register.simple_tag
def public_version() -> int:
    return current_public_version()
