"""Open311 GeoReport v2 service requests (README §8): which reports are
listed and with which fields, every filter, paging and the default window, bad
and empty parameters, a single request, and the error shape of a wrong method."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from reports.models import Report
from reports.opendata.open311 import service_requests

from .factories import report_in_state
from .open311_world import BASE, assert_error, assert_xml_error, get_json, get_xml
from .open311_world import world as world

REQUEST_KEYS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
    "long", "media_url",
}  # fmt: skip


def ids(data):
    return {item["service_request_id"] for item in data}


def test_requests_lists_public_received_reports_in_the_window(client, world):
    data = get_json(client, "requests")
    expected = {world[k].code for k in ("published", "in_progress", "resolved")}
    assert ids(data) == expected
    for item in data:
        assert set(item) == REQUEST_KEYS
        assert isinstance(item["service_request_id"], str)
    root = get_xml(client, "requests")
    assert root.tag == "service_requests"
    assert {r.find("service_request_id").text for r in root.findall("request")} == expected


def test_request_fields_and_status_mapping(client, world):
    published, in_progress = world["published"], world["in_progress"]
    data = get_json(client, "requests")
    item = next(i for i in data if i["service_request_id"] == published.code)
    assert item["status"] == "closed"
    assert item["status_notes"] == published.answer
    assert item["agency_responsible"] == "Sở Xây dựng"
    assert item["service_code"] == "giao-thong" and item["service_name"] == "Giao thông"
    assert item["lat"] == 16.8167 and item["long"] == 107.1
    assert item["media_url"].startswith("http://testserver/")
    assert item["requested_datetime"].endswith("+07:00")
    assert item["updated_datetime"] and item["expected_datetime"]
    other = next(i for i in data if i["service_request_id"] == in_progress.code)
    assert other["status"] == "open"
    assert other["status_notes"] == ""
    assert other["lat"] is None and other["media_url"] is None
    resolved = next(i for i in data if i["service_request_id"] == world["resolved"].code)
    assert resolved["status"] == "open" and resolved["status_notes"] == ""  # not yet published
    assert "Bí Mật" not in json.dumps(data, ensure_ascii=False)
    assert str(published.reporter.phone) not in json.dumps(data)
    assert b"B\xc3\xad M\xe1\xba\xadt" not in client.get(f"{BASE}/requests.xml").content


def test_filter_service_request_id_overrides_others(client, world):
    codes = f"{world['old'].code},{world['in_progress'].code},{world['hidden']['private'].code}"
    data = get_json(client, "requests", service_request_id=codes, service_code="giao-thong")
    assert ids(data) == {world["old"].code, world["in_progress"].code}
    root = get_xml(client, "requests", service_request_id=world["old"].code)
    assert len(root.findall("request")) == 1


def test_filter_service_code(client, world):
    assert ids(get_json(client, "requests", service_code="chieu-sang")) == {
        world["in_progress"].code
    }
    both = get_json(client, "requests", service_code="chieu-sang,giao-thong")
    assert len(both) == 3
    assert get_json(client, "requests", service_code="khong-co") == []


def test_filter_status(client, world):
    assert ids(get_json(client, "requests", status="closed")) == {world["published"].code}
    assert ids(get_json(client, "requests", status="open")) == {
        world["in_progress"].code,
        world["resolved"].code,
    }
    assert len(get_json(client, "requests", status="open,closed")) == 3


def test_filter_dates(client, world):
    now = timezone.now()
    start = (now - timedelta(days=130)).isoformat()
    end = (now - timedelta(days=100)).isoformat()
    assert ids(get_json(client, "requests", start_date=start, end_date=end)) == {world["old"].code}
    # start only: 90 days from it; end only: the 90 days before it.
    assert ids(get_json(client, "requests", start_date=start)) == {world["old"].code}
    z_end = (now - timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(get_json(client, "requests", end_date=z_end)) == {world["old"].code}
    root = get_xml(client, "requests", start_date=start, end_date=end)
    assert len(root.findall("request")) == 1


def test_paging(client, world):
    first = get_json(client, "requests", page_size=2)
    second = get_json(client, "requests", page_size=2, page=2)
    assert len(first) == 2 and len(second) == 1
    assert not ids(first) & ids(second)
    assert get_json(client, "requests", page_size=2, page=9) == []
    assert len(get_json(client, "requests", page_size=5000)) == 3  # capped, not refused


def test_without_a_window_the_newest_come_a_page_at_a_time(client, db, monkeypatch):
    monkeypatch.setattr(service_requests, "DEFAULT_PAGE_SIZE", 2)
    now = timezone.now()
    for hours in range(4):
        report_in_state(
            Report.Status.PUBLISHED, is_public=True, submitted_at=now - timedelta(hours=hours)
        )

    newest = get_json(client, "requests")
    assert len(newest) == 2
    assert [r["requested_datetime"] for r in newest] == sorted(
        (r["requested_datetime"] for r in newest), reverse=True
    )
    # A client syncing the window it names (FixMyStreet does, and never pages) gets all of it.
    window = {"start_date": (now - timedelta(days=1)).isoformat(), "end_date": now.isoformat()}
    assert len(get_json(client, "requests", **window)) == 4
    assert len(get_json(client, "requests", page_size=3)) == 3


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "hôm qua"},
        {"end_date": "2026-13-45"},
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2025-01-01T00:00:00Z"},
        {"start_date": "2025-01-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
        # Edge dates: the window around them would leave the calendar.
        {"end_date": "0001-01-01T00:00:00Z"},
        {"start_date": "9999-12-31T23:59:59Z"},
        {"start_date": "9999-12-31T23:59:59-23:59"},
        {"end_date": "0001-01-01T00:00:00+23:59"},
        {"status": "pending"},
        {"page": "0"},
        {"page": "abc"},
        {"page_size": "-5"},
    ],
)
def test_bad_parameters_are_400(client, world, params):
    assert_error(get_json(client, "requests", expect=400, **params), 400)
    assert_xml_error(get_xml(client, "requests", expect=400, **params), 400)


@pytest.mark.parametrize(
    "params",
    [{"start_date": ""}, {"status": ""}, {"service_code": ""}, {"service_request_id": ","}],
)
def test_empty_parameters_are_ignored(client, world, params):
    assert len(get_json(client, "requests", **params)) == 3


def test_single_request(client, world):
    code = world["published"].code
    data = get_json(client, f"requests/{code}")
    assert isinstance(data, list) and len(data) == 1
    assert data[0]["service_request_id"] == code
    root = get_xml(client, f"requests/{code}")
    assert root.find("request/service_request_id").text == code


@pytest.mark.parametrize("which", ["private", "rejected", "submitted"])
def test_single_request_not_public_is_404(client, world, which):
    code = world["hidden"][which].code
    assert_error(get_json(client, f"requests/{code}", expect=404), 404)
    assert_xml_error(get_xml(client, f"requests/{code}", expect=404), 404)


def test_wrong_method_uses_error_shape(client, db):
    response = client.delete(f"{BASE}/services.json")
    assert response.status_code == 405
    assert_error(response.json(), 405)
