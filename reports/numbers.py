"""Whole numbers read from a request: a row's id in a hidden field or a list of
checkboxes, a page number in a query.

`str.isdigit()` holds for "²" and for 5,000 digits alike, which `int()` then
refuses with a ValueError (a 500): only up to 18 ASCII digits make a number.
"""

MAX_DIGITS = 18  # below 2**63, the largest id either database stores


def plain_int(value) -> int | None:
    """The whole number `value` writes, or None when it writes none."""
    text = str(value)
    if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS:
        return int(text)
    return None
