"""Vietnamese text helpers shared by search and matching."""

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents, `đ` included: "Đường Lê Duẩn" -> "duong le duan"."""
    text = unicodedata.normalize("NFD", str(text).lower().replace("đ", "d"))
    return "".join(char for char in text if not unicodedata.combining(char))
