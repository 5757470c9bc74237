"""Open311 GeoReport v2 endpoints. Every answer is `.json` or `.xml`; every
refusal uses the spec's errors shape (400, 403, 404), never a 500."""

import functools
import math
import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import Truncator
from django.views.decorators.csrf import csrf_exempt

from phananh import ratelimit
from reports import submissions
from reports.models import (
    CLOSED_STATUSES,
    ApiKey,
    Attachment,
    Category,
    Report,
)
from reports.numbers import plain_int

from . import serializers

DEFAULT_WINDOW = timedelta(days=90)
# Dates a request may name: far enough apart for any report, near enough that
# a 90-day window around them never leaves the calendar.
EARLIEST_DATE = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_DATE = datetime(2100, 1, 1, tzinfo=UTC)
MAX_RESULTS = 1000
# Without a time window, the newest requests a page at a time (Chicago's Open311
# server does the same); a client syncing a window it names, as FixMyStreet
# does without paging, gets up to MAX_RESULTS of it. `page_size` sets either.
DEFAULT_PAGE_SIZE = 50
ATTRIBUTE_KEY = re.compile(r"^attribute\[(?P<code>[^\]]{1,100})\]$")


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
                return view(request, *args, fmt=fmt, **kwargs)
            except BadRequest as error:
                return serializers.render_error(error.code, error.description, fmt=fmt)

        return csrf_exempt(wrapper)

    return decorate


# --- Discovery and services ------------------------------------------------------


@open311("GET", "HEAD")
def discovery(request, fmt):
    base = request.build_absolute_uri(reverse("open311:services", kwargs={"fmt": "json"}))
    base = base.rsplit("/", 1)[0] + "/"
    data = {
        "changeset": "2026-01-01T00:00:00+07:00",
        "contact": getattr(settings, "DEFAULT_FROM_EMAIL", ""),
        "key_service": "Khóa API do Trung tâm IOC cấp cho từng đối tác.",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-01-01T00:00:00+07:00",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return serializers.render(data, fmt=fmt, root_tag="discovery")


@open311("GET", "HEAD")
def services(request, fmt):
    data = [serializers.service(c) for c in Category.objects.filter(is_active=True)]
    return serializers.render(data, fmt=fmt, root_tag="services")


@open311("GET", "HEAD")
def service_definition(request, code, fmt):
    category = Category.objects.filter(is_active=True, slug=code).first()
    if category is None:
        raise BadRequest(f"Service “{code}” not found.", 404)
    return serializers.render(
        serializers.service_definition(category), fmt=fmt, root_tag="service_definition"
    )


@open311("GET", "HEAD")
def token(request, token, fmt):
    # Reports get their service_request_id at once, so no token is ever given out.
    raise BadRequest(f"Token “{token}” not found.", 404)


# --- Requests ----------------------------------------------------------------------


def _public_requests():
    images = Attachment.objects.filter(kind=Attachment.Kind.IMAGE, is_answer=False).order_by(
        "order", "pk"
    )
    return (
        Report.objects.public()
        .select_related("category", "lead_agency")
        .prefetch_related(Prefetch("attachments", queryset=images, to_attr="prefetched_images"))
        .order_by("-submitted_at", "-pk")
    )


def _render_requests(request, reports, fmt):
    data = [
        serializers.service_request(r, build_absolute_uri=request.build_absolute_uri)
        for r in reports
    ]
    return serializers.render(data, fmt=fmt, root_tag="service_requests")


def _param(request, name) -> str:
    return request.GET.get(name, "").strip()


def _date(request, name) -> datetime | None:
    raw = _param(request, name)
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


def _positive_int(request, name, default, maximum) -> int:
    raw = _param(request, name)
    if not raw:
        return default
    number = plain_int(raw)
    if number is None or number < 1:
        raise BadRequest(f"{name} must be a positive whole number.")
    return min(number, maximum)


def _list(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


@csrf_exempt
def requests(request, fmt):
    if request.method == "POST":
        return create_request(request, fmt=fmt)
    return list_requests(request, fmt=fmt)


@open311("GET", "HEAD")
def list_requests(request, fmt):
    reports = _public_requests()
    ids = _list(_param(request, "service_request_id"))
    window_named = bool(_param(request, "start_date") or _param(request, "end_date"))
    default_size = MAX_RESULTS if ids or window_named else DEFAULT_PAGE_SIZE
    page_size = _positive_int(request, "page_size", default_size, MAX_RESULTS)
    page = _positive_int(request, "page", 1, 10**6)
    if ids:
        # The spec: service_request_id overrides every other filter.
        reports = reports.filter(code__in=ids[:MAX_RESULTS])
    else:
        start, end = _date(request, "start_date"), _date(request, "end_date")
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
        reports = reports.filter(submitted_at__gte=start, submitted_at__lte=end)
        codes = _list(_param(request, "service_code"))
        if codes:
            reports = reports.filter(category__slug__in=codes)
        statuses = {s.lower() for s in _list(_param(request, "status"))}
        if statuses - {"open", "closed"}:
            raise BadRequest("status must be open or closed (comma separated).")
        if statuses == {"open"}:
            reports = reports.exclude(status__in=CLOSED_STATUSES)
        elif statuses == {"closed"}:
            reports = reports.filter(status__in=CLOSED_STATUSES)
    offset = (page - 1) * page_size
    return _render_requests(request, reports[offset : offset + page_size], fmt)


@open311("GET", "HEAD")
def request_detail(request, request_id, fmt):
    reports = list(_public_requests().filter(code=request_id)[:1])
    if not reports:
        raise BadRequest(f"Service request “{request_id}” not found.", 404)
    return _render_requests(request, reports, fmt)


# --- Posting a request ---------------------------------------------------------------


def _coordinate(raw: str, name: str, limit: float) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a number.") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise BadRequest(f"{name} is out of range.")
    return round(value, 6)


def _refuse_nul(name: str, value: str) -> None:
    # PostgreSQL stores no NUL, in text or in JSON (a 500 if it got there).
    if "\x00" in value:
        raise BadRequest(f"{name} must not contain a NUL character.")


def _post(request, name, max_length=2000) -> str:
    value = request.POST.get(name, "").strip()
    _refuse_nul(name, value)
    if len(value) > max_length:
        raise BadRequest(f"{name} is too long (at most {max_length} characters).")
    return value


def _sender(request) -> dict:
    """Contact details, device, media_url and attributes: PartnerSubmission's fields."""
    sender = {
        field: _post(request, field, 200)
        for field in ("first_name", "last_name", "email", "phone", "device_id")
    }
    if sender["email"]:
        try:
            validate_email(sender["email"])
        except ValidationError:
            raise BadRequest("email is not a valid e-mail address.") from None
    sender["media_url"] = _post(request, "media_url", 1000)
    if sender["media_url"]:
        try:
            URLValidator(schemes=["http", "https"])(sender["media_url"])
        except ValidationError:
            raise BadRequest("media_url must be an http(s) URL.") from None
    sender["attributes"] = {
        match["code"]: [value.strip()[:200] for value in request.POST.getlist(key)]
        for key in request.POST
        if (match := ATTRIBUTE_KEY.match(key))
    }
    for code, values in sender["attributes"].items():
        _refuse_nul("attribute", code + "".join(values))
    return sender


@open311("POST")
def create_request(request, fmt):
    api_key = ApiKey.objects.matching(request.POST.get("api_key", "").strip())
    if api_key is None:
        raise BadRequest("A valid api_key is required.", 403)
    if not ratelimit.consume(f"open311:{api_key.pk}", settings.OPEN311_POST_RATE_LIMIT):
        raise BadRequest("Too many requests for this api_key; try again later.", 429)
    code = _post(request, "service_code", 120)
    if not code:
        raise BadRequest("service_code is required.")
    category = Category.objects.filter(is_active=True, slug=code).first()
    if category is None:
        raise BadRequest(f"service_code “{code}” is not a service.", 404)
    raw_lat, raw_long = _post(request, "lat", 40), _post(request, "long", 40)
    address = _post(request, "address_string", 255)
    values = {"category": category, "address": address}
    if raw_lat or raw_long:
        if not (raw_lat and raw_long):
            raise BadRequest("lat and long must be given together.")
        values["latitude"] = _coordinate(raw_lat, "lat", 90)
        values["longitude"] = _coordinate(raw_long, "long", 180)
        if not submissions.in_province(values["latitude"], values["longitude"]):
            raise BadRequest("lat and long must be inside the province.")
    elif not address:
        raise BadRequest("A location is required: lat and long, or address_string.")
    description = _post(request, "description", 4000)
    if not description:
        raise BadRequest("description is required.")
    values["content"] = description
    values["title"] = Truncator(" ".join(description.split())).chars(120)
    sender = _sender(request)

    report = submissions.partner_report_submit(api_key=api_key, values=values, sender=sender)
    data = [
        {
            "service_request_id": report.code,
            "service_notice": (
                "Phản ánh đã được gửi và chờ Trung tâm IOC tiếp nhận; "
                "chỉ công khai sau khi được tiếp nhận."
            ),
            "account_id": None,
        }
    ]
    return serializers.render(data, fmt=fmt, root_tag="service_requests")
