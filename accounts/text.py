"""Vietnamese text helpers shared by search, matching and display."""

import unicodedata

from django.utils import translation
from django.utils.formats import number_format


def fold(text: str) -> str:
    """Lower case without accents, `đ` included: "Đường Lê Duẩn" -> "duong le duan"."""
    text = unicodedata.normalize("NFD", str(text).lower().replace("đ", "d"))
    return "".join(char for char in text if not unicodedata.combining(char))


def thousands(number: int) -> str:
    """2000 as people write it: "2.000" in Vietnamese (Django's vi format does
    not group digits), "2,000" in English."""
    if (translation.get_language() or "vi").startswith("vi"):
        return f"{number:,}".replace(",", ".")
    return number_format(number, force_grouping=True)
