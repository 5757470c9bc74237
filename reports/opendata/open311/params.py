"""What every Open311 endpoint shares: the errors shape for a refused call
(BadRequest), the decorator that checks the format, the method and the
jurisdiction, and the readers of parameters and form fields."""

import functools
import math
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from reports.models import ApiKey
from reports.numbers import plain_int

from . import serializers

# Dates a request may name: far enough apart for any report, near enough that
# a 90-day window around them never leaves the calendar.
EARLIEST_DATE = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_DATE = datetime(2100, 1, 1, tzinfo=UTC)
DEFAULT_WINDOW = timedelta(days=90)
MAX_RESULTS = 1000


class BadRequest(Exception):
    def __init__(self, description, code=400):
        super().__init__(description)
        self.code = code
        self.description = description


def open311(*methods):
    """Check the format and the method; turn BadRequest into the errors shape."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, fmt, **kwargs):
            fmt = fmt.lower()
            if fmt not in serializers.FORMATS:
                return serializers.render_error(404, f"Unknown format “{fmt}”.", fmt="json")
            if request.method not in methods:
                response = serializers.render_error(
                    405, f"Method {request.method} not allowed.", fmt=fmt
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                check_jurisdiction(request)
                return view(request, *args, fmt=fmt, **kwargs)
            except BadRequest as error:
                return serializers.render_error(error.code, error.description, fmt=fmt)

        return csrf_exempt(wrapper)

    return decorate


def _given(request, name: str) -> str:
    """A parameter from the form of a POST, else from the query string."""
    return (request.POST.get(name) or request.GET.get(name) or "").strip()


def check_jurisdiction(request) -> None:
    """FixMyStreet and others send `jurisdiction_id` with every call: the
    portal's own is accepted, any other is not a jurisdiction served here."""
    given = (
        request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or ""
    ).strip()
    if given and given != settings.OPEN311_JURISDICTION:
        raise BadRequest(f"jurisdiction_id “{given}” is not served here.", 404)


def api_key_of(request, *, required: bool) -> ApiKey | None:
    """The partner's key from the query or the form; a key that matches none is
    refused (403), not read as no key."""
    raw = _given(request, "api_key")
    if not raw:
        if required:
            raise BadRequest("A valid api_key is required.", 403)
        return None
    api_key = ApiKey.objects.matching(raw)
    if api_key is None:
        raise BadRequest("A valid api_key is required.", 403)
    return api_key


def param(request, name) -> str:
    return request.GET.get(name, "").strip()


def date_param(request, name) -> datetime | None:
    return moment(param(request, name), name)


def moment(raw: str, name: str) -> datetime | None:
    """An ISO 8601 date and time within EARLIEST_DATE..LATEST_DATE; "" is None."""
    if not raw:
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+"))
    except ValueError:
        value = None
    if value is None:
        raise BadRequest(f"{name} must be an ISO 8601 date and time, e.g. 2026-01-01T00:00:00Z.")
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        in_range = EARLIEST_DATE <= value <= LATEST_DATE
    except (OverflowError, ValueError):  # an offset that pushes the moment past year 1 or 9999
        in_range = False
    if not in_range:
        raise BadRequest(f"{name} must be between {EARLIEST_DATE:%Y} and {LATEST_DATE:%Y}.")
    return value


def date_window(request) -> tuple[datetime, datetime]:
    """`start_date` to `end_date`, at most DEFAULT_WINDOW apart; a missing end
    is DEFAULT_WINDOW from the other, both missing the last DEFAULT_WINDOW."""
    start, end = date_param(request, "start_date"), date_param(request, "end_date")
    if start and end and start > end:
        raise BadRequest("start_date must not be after end_date.")
    if start and end and end - start > DEFAULT_WINDOW:
        raise BadRequest("start_date and end_date may not span more than 90 days.")
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - DEFAULT_WINDOW
    if end is None:
        end = start + DEFAULT_WINDOW
    return start, end


def positive_int(request, name, default, maximum) -> int:
    raw = param(request, name)
    if not raw:
        return default
    number = plain_int(raw)
    if number is None or number < 1:
        raise BadRequest(f"{name} must be a positive whole number.")
    return min(number, maximum)


def comma_list(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def coordinate(raw: str, name: str, limit: float) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a number.") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise BadRequest(f"{name} is out of range.")
    return round(value, 6)


def refuse_nul(name: str, value: str) -> None:
    # PostgreSQL stores no NUL, in text or in JSON (a 500 if it got there).
    if "\x00" in value:
        raise BadRequest(f"{name} must not contain a NUL character.")


def form_field(request, name, max_length=2000) -> str:
    value = request.POST.get(name, "").strip()
    refuse_nul(name, value)
    if len(value) > max_length:
        raise BadRequest(f"{name} is too long (at most {max_length} characters).")
    return value
