"""`{% category_icon category %}`: the category's icon from the SVG sprite
static/img/category-icons.svg, drawn the same on every device (emoji showed as
empty boxes where no emoji font is installed).

`Category.icon` holds a NAME (at most 8 characters) of one of the sprite's
`<symbol id="cat-NAME">`; a name the sprite lacks (an older emoji, a typo in the
admin) shows the generic icon, and a category without a name shows none."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

SPRITE = "img/category-icons.svg"
ICON_NAMES = frozenset(
    {
        "build",
        "city",
        "culture",
        "document",
        "farm",
        "fire",
        "flood",
        "food",
        "health",
        "land",
        "leaf",
        "light",
        "other",
        "school",
        "shield",
        "signal",
        "traffic",
        "tree",
        "water",
        "worker",
    }
)
GENERIC = "generic"


def icon_symbol(name: str) -> str:
    """The sprite's symbol id for a stored icon name."""
    return f"cat-{name if name in ICON_NAMES else GENERIC}"


@register.simple_tag
def category_icon(category) -> str:
    if category is None or not category.icon:
        return ""
    return format_html(
        '<svg class="icon icon--category" aria-hidden="true" focusable="false">'
        '<use href="{}#{}"></use></svg>',
        static(SPRITE),
        icon_symbol(category.icon),
    )
