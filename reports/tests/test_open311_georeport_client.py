"""An independent Open311 client (georeport, PyPI) reads this portal's services
and requests, in JSON and in XML, from a live server (README §8)."""

import pytest

from reports.models import Report

from .factories import CategoryFactory, report_in_state


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_georeport_client_reads_services_and_requests(live_server, output_format):
    from georeport import GeoReport

    roads = CategoryFactory(slug="giao-thong", name="Giao thông")
    CategoryFactory(slug="chieu-sang", name="Chiếu sáng")
    first = report_in_state(Report.Status.PUBLISHED, category=roads, is_public=True)
    second = report_in_state(Report.Status.IN_PROGRESS, category=roads, is_public=True)
    client = GeoReport(f"{live_server.url}/open311/v2/", output_format=output_format)

    services = client.get_service_list()
    assert {s["service_code"] for s in services} == {"giao-thong", "chieu-sang"}
    definition = client.get_service_definition("giao-thong")
    assert definition["service_code"] == "giao-thong"

    requests = client.get_service_requests()
    assert {r["service_request_id"] for r in requests} == {first.code, second.code}
    closed = client.get_service_requests(status="closed")
    closed = [closed] if isinstance(closed, dict) else closed  # xmltodict: one item
    assert [r["service_request_id"] for r in closed] == [first.code]
    one = client.get_service_request(second.code)
    assert one["service_request_id"] == second.code and one["status"] == "open"
