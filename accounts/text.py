"""Vietnamese text helpers shared by search, matching and display."""

import re
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


# C0 and C1 control characters and DEL, but tab, line feed and carriage return,
# and the noncharacters U+FFFE and U+FFFF: nothing a person types, and what
# breaks XML (feeds, Open311) and terminals.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)
