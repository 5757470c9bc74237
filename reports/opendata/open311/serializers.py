"""Open311 GeoReport v2 representations: plain dicts, written as JSON or XML.

JSON follows the spec's convention (lists are bare arrays); XML wraps them in
the spec's root and item elements and starts with the UTF-8 declaration.
"""

import json
import xml.etree.ElementTree as ET  # nosec B405 # only builds XML, never parses a request
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone

from reports.models import CLOSED_STATUSES, Report
from reports.xml_text import xml_text

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}

# The XML element of each item of a list, by the list's element.
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
    "service_request_updates": "request_update",
}

# FixMyStreet's extended states ("Open311 FMS - Additional states") by status;
# a rejection by its reason (REJECTED_STATES), else NO_FURTHER_ACTION.
EXTENDED_STATES = {
    Report.Status.SUBMITTED: "OPEN",
    Report.Status.RECEIVED: "INVESTIGATING",
    Report.Status.FORWARDED: "ACTION_SCHEDULED",
    Report.Status.IN_PROGRESS: "IN_PROGRESS",
    Report.Status.RESOLVED: "IN_PROGRESS",  # answered, the answer not yet published
    Report.Status.PUBLISHED: "FIXED",
}
REJECTED_STATES = {
    Report.RejectionReason.DUPLICATE: "DUPLICATE",
    Report.RejectionReason.OUT_OF_SCOPE: "NOT_COUNCILS_RESPONSIBILITY",
}


def iso(value: datetime | None) -> str | None:
    """W3C/ISO 8601 with the time zone offset, in the portal's local time."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def service(category) -> dict:
    return {
        "service_code": category.slug,
        "service_name": category.name,
        "description": category.description,
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": "",
    }


def service_definition(category) -> dict:
    return {"service_code": category.slug, "attributes": []}


def status_of(report: Report) -> str:
    return "closed" if report.status in CLOSED_STATUSES else "open"


def update_status(status: str, rejection_reason: str, *, extended: bool) -> str:
    """open/closed, or FixMyStreet's extended state, of a report in `status`."""
    if not extended:
        return "closed" if status in CLOSED_STATUSES else "open"
    if status == Report.Status.REJECTED:
        return REJECTED_STATES.get(rejection_reason, "NO_FURTHER_ACTION")
    return EXTENDED_STATES.get(status, "OPEN")


def status_notes(report: Report) -> str:
    """The published answer, or why the report was refused."""
    if report.status == Report.Status.PUBLISHED:
        return report.answer
    if report.status == Report.Status.REJECTED:
        return report.get_rejection_reason_display() or ""
    return ""


def request_update(event, *, extended: bool, media_url: str | None = None) -> dict:
    """One public step of a report's history as FixMyStreet's request_update:
    a change of state (the answer itself when it was published) or a public note."""
    report = event.report
    description = event.note
    if event.to_status == Report.Status.PUBLISHED and event.kind == event.Kind.TRANSITION:
        description = report.answer
    return {
        "update_id": str(event.pk),
        "service_request_id": report.code,
        "status": update_status(event.to_status, report.rejection_reason, extended=extended),
        "updated_datetime": iso(event.created_at),
        "description": description or str(Report.Status(event.to_status).label),
        "media_url": media_url,
    }


def service_request(report: Report, *, build_absolute_uri) -> dict:
    """A report as the spec's request; nothing about who sent it."""
    category = report.category
    image = report.first_image
    description = report.content
    # A partner's report has no title of its own: it is the content's start.
    if report.title and not report.content.startswith(report.title.removesuffix("…")):
        description = f"{report.title}\n\n{report.content}".strip()
    return {
        "service_request_id": report.code,
        "status": status_of(report),
        "status_notes": status_notes(report),
        "service_name": category.name if category else "",
        "service_code": category.slug if category else "",
        "description": description,
        "agency_responsible": report.lead_agency.name if report.lead_agency else "",
        "service_notice": "",
        "requested_datetime": iso(report.submitted_at),
        "updated_datetime": iso(report.updated_at),
        "expected_datetime": iso(report.deadline),
        "address": report.address,
        "address_id": "",
        "zipcode": "",
        "lat": float(report.latitude) if report.latitude is not None else None,
        "long": float(report.longitude) if report.longitude is not None else None,
        "media_url": build_absolute_uri(image.get_absolute_url()) if image else None,
    }


def error_list(code: int, description: str) -> list[dict]:
    return [{"code": code, "description": description}]


# --- Writers ---------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_text(str(value))


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        item_tag = ITEM_TAGS.get(element.tag, "item")
        for child in value:
            _fill(ET.SubElement(element, item_tag), child)
    else:
        element.text = _text(value)


def to_xml(root_tag: str, data) -> bytes:
    root = ET.Element(root_tag)
    _fill(root, data)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode").encode()
    )


def to_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def render(data, *, fmt: str, root_tag: str, status: int = 200) -> HttpResponse:
    body = to_xml(root_tag, data) if fmt == "xml" else to_json(data)
    return HttpResponse(body, content_type=FORMATS.get(fmt, FORMATS["json"]), status=status)


def render_error(code: int, description: str, *, fmt: str) -> HttpResponse:
    return render(error_list(code, description), fmt=fmt, root_tag="errors", status=code)
