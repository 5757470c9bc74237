"""Open311 GeoReport v2: discovery, services, tokens. Every answer is `.json`
or `.xml`; every refusal uses the spec's errors shape (400, 403, 404), never
a 500. Requests are in service_requests.py, updates in updates.py."""

from django.conf import settings
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from reports.models import Category

from . import serializers
from .params import BadRequest, api_key_of, open311
from .service_requests import visible_requests

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
    """Reports get their service_request_id at once, so the portal hands out
    no tokens; a client that asks with the id as its token gets the id back."""
    found = visible_requests(api_key_of(request, required=False)).filter(code=token).exists()
    if not found:
        raise BadRequest(f"Token “{token}” not found.", 404)
    data = [{"token": token, "service_request_id": token}]
    return serializers.render(data, fmt=fmt, root_tag="service_requests")


@csrf_exempt
def not_found(request):
    """No such endpoint: the errors shape, in XML when the path asks for it."""
    fmt = "xml" if request.path.lower().endswith(".xml") else "json"
    return serializers.render_error(404, f"No Open311 endpoint at “{request.path}”.", fmt=fmt)
