"""Open311 requests: the list, one request, and a partner's new request.

Without a key the public sees public reports only; with its `api_key` a
partner also follows every report it sent, in any state (never anyone's
contact details)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Prefetch
from django.utils.text import Truncator

from phananh import ratelimit
from reports import submissions
from reports.models import CLOSED_STATUSES, Attachment, Category, Report

from . import serializers
from .params import (
    MAX_RESULTS,
    BadRequest,
    api_key_of,
    comma_list,
    coordinate,
    date_window,
    form_field,
    open311,
    param,
    positive_int,
    refuse_nul,
)

# Without a time window, the newest requests a page at a time (Chicago's Open311
# server does the same); a client syncing a window it names, as FixMyStreet
# does without paging, gets up to MAX_RESULTS of it. `page_size` sets either.
DEFAULT_PAGE_SIZE = 50
MAX_MEDIA_URLS = 10
CONTACT_FIELDS = ("first_name", "last_name", "email", "phone")
ATTRIBUTE_KEY = re.compile(r"^attribute\[(?P<code>[^\]]{1,100})\]$")


# --- Requests ----------------------------------------------------------------------


def visible_requests(api_key=None):
    """Public reports, and with a partner's key every report it sent but drafts."""
    reports = Report.objects.public()
    if api_key is not None:
        own = Report.objects.filter(partner_submission__api_key=api_key)
        reports = reports | own.exclude(status=Report.Status.DRAFT)
    return reports


def _requests_for(api_key):
    images = Attachment.objects.filter(kind=Attachment.Kind.IMAGE, is_answer=False).order_by(
        "order", "pk"
    )
    return (
        visible_requests(api_key)
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


@open311("GET", "HEAD", "POST")
def requests(request, fmt):
    if request.method == "POST":
        return create_request(request, fmt=fmt)
    return list_requests(request, fmt=fmt)


def list_requests(request, fmt):
    reports = _requests_for(api_key_of(request, required=False))
    ids = comma_list(param(request, "service_request_id"))
    window_named = bool(param(request, "start_date") or param(request, "end_date"))
    default_size = MAX_RESULTS if ids or window_named else DEFAULT_PAGE_SIZE
    page_size = positive_int(request, "page_size", default_size, MAX_RESULTS)
    page = positive_int(request, "page", 1, 10**6)
    if ids:
        # The spec: service_request_id overrides every other filter.
        reports = reports.filter(code__in=ids[:MAX_RESULTS])
    else:
        start, end = date_window(request)
        reports = reports.filter(submitted_at__gte=start, submitted_at__lte=end)
        codes = comma_list(param(request, "service_code"))
        if codes:
            reports = reports.filter(category__slug__in=codes)
        statuses = {s.lower() for s in comma_list(param(request, "status"))}
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
    api_key = api_key_of(request, required=False)
    reports = list(_requests_for(api_key).filter(code=request_id)[:1])
    if not reports:
        raise BadRequest(f"Service request “{request_id}” not found.", 404)
    return _render_requests(request, reports, fmt)


# --- Posting a request ---------------------------------------------------------------


def media_urls(request) -> list[str]:
    """Every `media_url` of the form (FixMyStreet repeats it for several photos)."""
    urls = []
    for url in request.POST.getlist("media_url")[:MAX_MEDIA_URLS]:
        url = url.strip()
        refuse_nul("media_url", url)
        if not url:
            continue
        if len(url) > 1000:
            raise BadRequest("media_url is too long (at most 1000 characters).")
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise BadRequest("media_url must be an http(s) URL.") from None
        urls.append(url)
    return urls


def contact(request) -> dict:
    """The citizen's name, e-mail and phone as the partner gave them (IOC only)."""
    fields = {name: form_field(request, name, 200) for name in CONTACT_FIELDS}
    if fields["email"]:
        try:
            validate_email(fields["email"])
        except ValidationError:
            raise BadRequest("email is not a valid e-mail address.") from None
    return fields


def _sender(request) -> dict:
    """Contact details, device, media_url and attributes: PartnerSubmission's fields.
    FixMyStreet spells the device `deviceid`; its `address_id` (#NOTPINPOINTED#)
    and `account_id` name nothing here and are not kept."""
    sender = contact(request)
    sender["device_id"] = form_field(request, "device_id", 200) or form_field(
        request, "deviceid", 200
    )
    sender["media_urls"] = media_urls(request)
    sender["attributes"] = {
        match["code"]: [value.strip()[:200] for value in request.POST.getlist(key)]
        for key in request.POST
        if (match := ATTRIBUTE_KEY.match(key))
    }
    for code, values in sender["attributes"].items():
        refuse_nul("attribute", code + "".join(values))
    return sender


def create_request(request, fmt):
    api_key = api_key_of(request, required=True)
    if not ratelimit.consume(f"open311:{api_key.pk}", settings.OPEN311_POST_RATE_LIMIT):
        raise BadRequest("Too many requests for this api_key; try again later.", 429)
    code = form_field(request, "service_code", 120)
    if not code:
        raise BadRequest("service_code is required.")
    category = Category.objects.filter(is_active=True, slug=code).first()
    if category is None:
        raise BadRequest(f"service_code “{code}” is not a service.", 404)
    raw_lat, raw_long = form_field(request, "lat", 40), form_field(request, "long", 40)
    address = form_field(request, "address_string", 255)
    values = {"category": category, "address": address}
    if raw_lat or raw_long:
        if not (raw_lat and raw_long):
            raise BadRequest("lat and long must be given together.")
        values["latitude"] = coordinate(raw_lat, "lat", 90)
        values["longitude"] = coordinate(raw_long, "long", 180)
        if not submissions.in_province(values["latitude"], values["longitude"]):
            raise BadRequest("lat and long must be inside the province.")
    elif not address:
        raise BadRequest("A location is required: lat and long, or address_string.")
    description = form_field(request, "description", 4000)
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
        }
    ]
    return serializers.render(data, fmt=fmt, root_tag="service_requests")
