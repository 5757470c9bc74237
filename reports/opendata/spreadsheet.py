"""Cells of the CSV and Excel files the portal writes: the IOC's exports and the
statistics. Text that a spreadsheet would run as a formula (a title such as
`=HYPERLINK(...)`) is written as plain text, with the leading apostrophe that
OWASP recommends and that spreadsheets hide."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]
