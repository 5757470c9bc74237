"""A second independent Open311 client, PyPI `three` 0.8.0 (with the Python 3
shim in three_client.py), reads this portal's services and requests in JSON and
in XML from a live server (issue 13). In XML, three gives every value as a
string, one child element as a dict and several as a list."""

import pytest

from reports.models import CLOSED_STATUSES, Report

from .factories import issue_api_key
from .open311_world import world as world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # relaxml 0.1.3's regex "\{(.*)\}(.*)" is an invalid escape: a SyntaxWarning
    # when Python compiles it (no cached bytecode). Only that one is ignored.
    pytest.mark.filterwarnings(r"ignore:invalid escape sequence '\\{':SyntaxWarning"),
]


@pytest.fixture
def three(live_server, monkeypatch):
    """A client of the live portal; three's environment settings cleared first."""
    monkeypatch.delenv("OPEN311_CITY_INFO", raising=False)
    monkeypatch.delenv("OPEN311_API_KEY", raising=False)
    from .three_client import Three3

    return lambda fmt: Three3(f"{live_server.url}/open311/v2/", format=fmt)


def as_list(value):
    """three's XML: one item is a dict, several a list, none an empty dict."""
    if value == {}:
        return []
    return value if isinstance(value, list) else [value]


def expected_requests(world):
    reports = [world["published"], world["in_progress"], world["resolved"]]
    return {r.code: "closed" if r.status in CLOSED_STATUSES else "open" for r in reports}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_three_reads_services_and_a_definition(three, world, fmt):
    client = three(fmt)
    services = client.services()
    assert client._request.status_code == 200
    if fmt == "xml":
        assert list(services) == ["service"]
        services = as_list(services["service"])
    assert {s["service_code"] for s in services} == {"giao-thong", "chieu-sang"}
    roads = next(s for s in services if s["service_code"] == "giao-thong")
    assert roads["service_name"] == "Giao thông" and roads["description"] == "Đường, cầu"
    assert roads["type"] == "realtime"
    assert roads["metadata"] == ("false" if fmt == "xml" else False)

    definition = client.services("giao-thong")
    assert client._request.status_code == 200
    assert definition["service_code"] == "giao-thong"
    assert as_list(definition["attributes"]) == []


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_three_reads_requests_and_one_request(three, world, fmt):
    client = three(fmt)
    requests = client.requests()
    assert client._request.status_code == 200
    if fmt == "xml":
        assert list(requests) == ["request"]
        requests = as_list(requests["request"])
    assert {r["service_request_id"]: r["status"] for r in requests} == expected_requests(world)
    assert {r["service_code"] for r in requests} == {"giao-thong", "chieu-sang"}

    published = world["published"]
    one = client.request(published.code)
    assert client._request.status_code == 200
    if fmt == "xml":
        assert list(one) == ["request"] and isinstance(one["request"], dict)
        one = one["request"]
    else:
        assert isinstance(one, list) and len(one) == 1
        (one,) = one
    assert one["service_request_id"] == published.code
    assert one["status"] == "closed" and one["service_code"] == "giao-thong"
    assert one["agency_responsible"] == "Sở Xây dựng"
    assert one["media_url"].startswith(f"{client.endpoint.split('/open311/')[0]}/")
    if fmt == "xml":
        assert (one["lat"], one["long"]) == ("16.8167", "107.1")
    else:
        assert (one["lat"], one["long"]) == (16.8167, 107.1)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_three_filters_by_service_code_and_status(three, world, fmt):
    client = three(fmt)
    closed = client.requests("giao-thong", status="closed")
    if fmt == "xml":
        closed = as_list(closed["request"])
    assert [r["service_request_id"] for r in closed] == [world["published"].code]
    lights = client.requests("chieu-sang")
    if fmt == "xml":
        lights = as_list(lights["request"])
    assert [r["service_request_id"] for r in lights] == [world["in_progress"].code]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_three_gets_the_errors_shape_for_an_unknown_request(three, world, fmt):
    client = three(fmt)
    error = client.request("PA-KHONG-CO")
    assert client._request.status_code == 404
    if fmt == "xml":
        assert list(error) == ["error"]
        assert error["error"]["code"] == "404" and error["error"]["description"]
    else:
        assert len(error) == 1
        assert error[0]["code"] == 404 and error[0]["description"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_three_posts_a_request(three, world, fmt):
    api_key = issue_api_key(name="Ứng dụng three", partner="Công ty ABC")[1]
    client = three(fmt)
    answer = client.post(
        "chieu-sang", api_key=api_key, address="12 Lê Duẩn, Đông Hà", name="Minh Trần",
        description="Đèn đường hỏng", lat="16.8", long="107.1",
    )  # fmt: skip
    assert client.post_response.status_code == 200, client.post_response.content
    answer = answer["request"] if fmt == "xml" else answer[0]
    report = Report.objects.get(code=answer["service_request_id"])
    assert report.status == Report.Status.SUBMITTED and report.category == world["light"]
    assert report.address == "12 Lê Duẩn, Đông Hà"
    sender = report.partner_submission
    assert (sender.first_name, sender.last_name) == ("Minh", "Trần")


def test_the_shim_leaves_itertools_and_relaxml_as_they_were(three):
    import inspect
    import itertools

    import relaxml.converter

    assert not hasattr(itertools, "ifilter")
    assert inspect.ismodule(relaxml.converter.etree)  # relaxml's own XML module, not replaced
