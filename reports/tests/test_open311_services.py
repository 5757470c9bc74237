"""Open311 GeoReport v2 discovery and services (README §8): discovery, the
service list and a service's definition in JSON and XML, and the 404s of an
unknown or inactive service, an unknown format and the tokens endpoint."""

import pytest

from .open311_world import BASE, assert_error, assert_xml_error, get_json, get_xml
from .open311_world import world as world


def test_discovery_json_and_xml(client, db):
    data = get_json(client, "discovery")
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    assert set(endpoint["formats"]) == {"application/json", "text/xml"}
    root = get_xml(client, "discovery")
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "application/json",
        "text/xml",
    ]


def test_services_list_active_categories(client, world):
    data = get_json(client, "services")
    assert {s["service_code"] for s in data} == {"chieu-sang", "giao-thong"}
    roads = next(s for s in data if s["service_code"] == "giao-thong")
    assert roads == {
        "service_code": "giao-thong", "service_name": "Giao thông", "description": "Đường, cầu",
        "metadata": False, "type": "realtime", "keywords": "", "group": "",
    }  # fmt: skip
    root = get_xml(client, "services")
    assert root.tag == "services"
    codes = {s.find("service_code").text for s in root.findall("service")}
    assert codes == {"chieu-sang", "giao-thong"}
    assert root.find("service/metadata").text == "false"


def test_service_definition(client, world):
    assert get_json(client, "services/giao-thong") == {
        "service_code": "giao-thong",
        "attributes": [],
    }
    root = get_xml(client, "services/giao-thong")
    assert root.tag == "service_definition"
    assert root.find("service_code").text == "giao-thong"
    assert root.find("attributes") is not None


@pytest.mark.parametrize("code", ["khong-co", "cu"])
def test_service_definition_unknown_or_inactive_is_404(client, world, code):
    assert_error(get_json(client, f"services/{code}", expect=404), 404)
    assert_xml_error(get_xml(client, f"services/{code}", expect=404), 404)


def test_unknown_format_is_404_with_error_shape(client, db):
    response = client.get(f"{BASE}/services.yaml")
    assert response.status_code == 404
    assert_error(response.json(), 404)


def test_tokens_are_404(client, db):
    assert_error(get_json(client, "tokens/abc123", expect=404), 404)
    assert_xml_error(get_xml(client, "tokens/abc123", expect=404), 404)


def test_a_path_without_a_format_answers_in_the_errors_shape(client, db):
    response = client.get(f"{BASE}/services")
    assert response.status_code == 404
    (error,) = response.json()
    assert error["code"] == 404 and "/open311/v2/services" in error["description"]
    answer = client.post(f"{BASE}/khong-co.xml")  # no CSRF page either
    assert answer.status_code == 404 and answer["Content-Type"].startswith("text/xml")
    assert client.get(f"{BASE}/services/.xml")["Content-Type"].startswith("text/xml")


def test_a_wrong_method_names_every_allowed_one(client, db):
    response = client.put(f"{BASE}/requests.json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
