from django.urls import re_path

from reports.public_cache import cached_for_visitors

from . import service_requests, views

app_name = "open311"

FMT = r"\.(?P<fmt>[A-Za-z0-9]+)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, cached_for_visitors(views.discovery), name="discovery"),
    re_path(r"^services" + FMT, cached_for_visitors(views.services), name="services"),
    re_path(
        r"^services/(?P<code>[-\w]+)" + FMT,
        cached_for_visitors(views.service_definition),
        name="service",
    ),
    re_path(r"^requests" + FMT, cached_for_visitors(service_requests.requests), name="requests"),
    re_path(
        r"^requests/(?P<request_id>[-\w]+)" + FMT,
        cached_for_visitors(service_requests.request_detail),
        name="request",
    ),
    re_path(r"^tokens/(?P<token>[-\w]+)" + FMT, views.token, name="token"),
    # Anything else under /open311/v2/ (a missing format, a typo) in the spec's shape.
    re_path(r"^", views.not_found, name="not_found"),
]
