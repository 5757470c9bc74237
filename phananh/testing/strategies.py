"""Hypothesis strategies for the fuzzing tests (security review): what a hostile
or careless client may type or send into any field or parameter.

Text is any Unicode hypothesis draws (control characters and NUL included; no
lone surrogates, which no client can encode), mixed with the classics that
break web applications: markup, `javascript:` URLs, SQL fragments, very long
strings. Numbers and dates come as the text a form or a query string carries.
"""

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import strategies as st

# Markup that would run if a page, a feed or a JSON consumer put it in HTML
# unescaped. None of these can occur in the portal's own output, so finding
# one verbatim in a response means it came from the input.
MARKUP_PAYLOADS = (
    "<script>alert('pa')</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(2)</script>",
    "</title><script>alert(3)</script>",
    '<a href="javascript:alert(4)">bấm</a>',
    "<iframe srcdoc='<script>alert(5)</script>'></iframe>",
    "<body onload=alert(6)>",
    "]]><script>alert(7)</script><![CDATA[",
    "{{ 7|add:7 }}{% debug %}<b onmouseover=alert(8)>",
)
SQL_FRAGMENTS = (
    "' OR '1'='1",
    "'; DROP TABLE reports_report; --",
    '" OR ""="',
    "1; SELECT pg_sleep(0)--",
    "%' AND 1=1 --",
    "\\'; --",
    "1 UNION SELECT NULL,NULL--",
)
# Characters that trip encoders and parsers: NUL, C0/C1 controls, XML's
# non-characters, bidi overrides, zero-width joiners, combining marks.
ODD_CHARACTERS = (
    "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f",
    "\ufeff", "\ufffe", "\uffff", "\u202e", "\u200b", "\u200d", "\u2028",
    "\u0301", "\u0338", "\U0001f600", "\U0010ffff", "\r", "\t", "\n",
)  # fmt: skip


def either(valid: st.SearchStrategy, invalid: st.SearchStrategy) -> st.SearchStrategy:
    """`valid` half the time, else `invalid`, so the deep code paths behind valid
    input get examples too (`one_of` flattens nested choices, and would draw a
    valid value from one branch among a dozen hostile ones)."""
    return st.booleans().flatmap(lambda pick_valid: valid if pick_valid else invalid)


def evenly(*strategies: st.SearchStrategy) -> st.SearchStrategy:
    """One of `strategies`, each as often as the others, however many choices
    each holds inside (`one_of` would draw from the flattened choices)."""
    return st.sampled_from(strategies).flatmap(lambda strategy: strategy)


odd_character = st.sampled_from(ODD_CHARACTERS)
markup_payload = st.sampled_from(MARKUP_PAYLOADS)


def any_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Any Unicode text, with the odd characters drawn more often than chance would."""
    return st.lists(
        st.one_of(st.text(max_size=8), odd_character, st.sampled_from(SQL_FRAGMENTS)),
        max_size=max(1, max_size // 8),
    ).map("".join)


def long_text(min_size: int = 200, max_size: int = 12_000) -> st.SearchStrategy[str]:
    """A short piece repeated past every field's limit (hypothesis alone rarely
    draws thousands of characters)."""
    return st.builds(
        lambda piece, size: (piece * size)[:size],
        st.text(min_size=1, max_size=4),
        st.integers(min_size, max_size),
    )


def hostile_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Text for a field or a parameter: anything, markup, SQL, or far too long."""
    return evenly(
        any_text(max_size),
        markup_payload,
        st.sampled_from(SQL_FRAGMENTS),
        long_text(),
        st.tuples(any_text(20), markup_payload, any_text(20)).map("".join),
    )


def text_with_markup(max_filler: int = 30) -> st.SearchStrategy[tuple[str, str]]:
    """(text, payload): any text around one markup payload, for the tests that
    store the text and look for the payload on the pages that show it."""
    return st.tuples(any_text(max_filler), markup_payload, any_text(max_filler)).map(
        lambda parts: ("".join(parts), parts[1])
    )


# --- Numbers and dates, as text ------------------------------------------------

ODD_NUMBERS = (
    "", " ", "0", "-0", "+1", "1e309", "-1e309", "1e-400", "inf", "-inf", "Infinity", "nan",
    "NaN", "0x1A", "1_000", "1,5", "16.8.1", ".", "-", "e", "1e", "9" * 400, "-" + "9" * 30,
    "16.8167 ", " 107.1", "2147483648", "9223372036854775808",
)  # fmt: skip


# Digits beyond ASCII: str.isdigit() holds for all but Ⅻ and ½, int() reads only
# the decimal ones (٣, १, １), float() and Decimal() have their own views.
LOOKALIKE_DIGITS = "0123456789²³¹⁰①⑩⓪٣۴१๓１𝟘Ⅻ½"
digit_lookalikes = st.lists(st.sampled_from(LOOKALIKE_DIGITS), min_size=1, max_size=4).map("".join)


def number_text() -> st.SearchStrategy[str]:
    """Numbers as a client might write them, and things that look like numbers."""
    return evenly(
        st.sampled_from(ODD_NUMBERS),
        digit_lookalikes,
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
    )


def coordinate_text() -> st.SearchStrategy[str]:
    """Latitudes and longitudes: mostly in and near the province, some anywhere."""
    return st.one_of(
        st.floats(15.5, 18.5).map(str),
        st.floats(105.0, 108.0).map(str),
        st.floats(-200, 200).map(lambda value: f"{value:.12f}"),
        number_text(),
    )


ODD_DATES = (
    "", "0000-00-00", "0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "2026-13-01",
    "2026-1-1", "31/12/2026", "12/31/2026", "2026-W01", "2026-001", "hôm qua", "-1", "1e10",
    "2026-01-01T25:00:00", "2026-01-01T00:00:00+24:00", "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00", "2026-01-01T00:00:00.1234567890Z", "2026-01-01 00:00:00 07:00",
    "2026-01-01T00:00:00+07:00", "2026-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
)  # fmt: skip
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%y", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S")


def date_text() -> st.SearchStrategy[str]:
    """Dates and moments in the formats people and clients use, valid or not."""
    # Naive bounds, as hypothesis wants; a day inside the calendar's ends, so
    # that no time zone moves a moment out of it.
    moments = st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=7))]),
    )
    return st.one_of(
        st.sampled_from(ODD_DATES),
        moments.map(datetime.isoformat),
        st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
        st.builds(lambda moment, fmt: moment.strftime(fmt), moments, st.sampled_from(DATE_FORMATS)),
    )


# --- Query strings and form posts ---------------------------------------------


def parameter_value() -> st.SearchStrategy[str]:
    """Any text, number or date, a third of the time each."""
    return evenly(hostile_text(), number_text(), date_text())


def valid_or_hostile(valid: st.SearchStrategy) -> st.SearchStrategy:
    """A valid value half the time, else any text, number or date."""
    return either(valid, parameter_value())


def valid_or_number(valid: st.SearchStrategy) -> st.SearchStrategy:
    """For a number or an id: a valid one half the time, else any number-like text."""
    return either(valid, number_text())


def parameters(names, values=None, extra=()) -> st.SearchStrategy[dict]:
    """Some of `names` (a missing one is the commonest bug), each with one value
    or repeated, plus now and then a parameter the view does not know. `values`
    maps a name to its own strategy; any other name gets `parameter_value()`."""
    values = values or {}

    def value_of(name):
        value = values.get(name, parameter_value())
        return st.one_of(value, st.lists(value, min_size=2, max_size=3))

    names = tuple(names) + tuple(extra)
    return st.fixed_dictionaries({}, optional={name: value_of(name) for name in names})


@st.composite
def mutated(draw, valid: dict, values=None, extra=()) -> dict:
    """`valid` (a complete, correct form or query) with a few of its fields
    dropped, replaced or repeated, and maybe fields it does not have: the valid
    paths get examples, and each bad field is tried where all others are good.
    `values` maps a name to its own strategy for replacements."""
    values = values or {}
    form = dict(valid)
    for name in draw(st.sets(st.sampled_from(sorted({*valid, *extra})), max_size=4)):
        replacement = values.get(name, parameter_value())
        change = draw(st.sampled_from(("drop", "replace", "repeat")))
        if change == "drop":
            form.pop(name, None)
        elif change == "replace":
            form[name] = draw(replacement)
        else:
            form[name] = [form.get(name, ""), *draw(st.lists(replacement, min_size=1, max_size=2))]
    return form
