"""Open311 GeoReport v2 conformance (SPEC section 8): every endpoint in JSON and
XML, every filter and error path, and an independent client (georeport, PyPI)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import UserFactory
from reports.models import ApiKey, Report, ReportEvent
from reports.opendata.open311 import views
from reports.submissions import PARTNER_OWNER_NAME

from .factories import (
    AgencyFactory,
    AttachmentFactory,
    CategoryFactory,
    issue_api_key,
    report_in_state,
)
from .helpers import parse_xml

BASE = "/open311/v2"
REQUEST_KEYS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
    "long", "media_url",
}  # fmt: skip


@pytest.fixture
def world(db):
    roads = CategoryFactory(slug="giao-thong", name="Giao thông", description="Đường, cầu")
    light = CategoryFactory(slug="chieu-sang", name="Chiếu sáng")
    CategoryFactory(slug="cu", name="Cũ", is_active=False)
    agency = AgencyFactory(name="Sở Xây dựng")
    reporter = UserFactory(full_name="Nguyễn Văn Bí Mật")
    published = report_in_state(
        Report.Status.PUBLISHED, category=roads, lead_agency=agency, is_public=True,
        reporter=reporter, latitude="16.816700", longitude="107.100000",
    )  # fmt: skip
    in_progress = report_in_state(
        Report.Status.IN_PROGRESS, category=light, lead_agency=agency, is_public=True,
        reporter=reporter,
    )  # fmt: skip
    resolved = report_in_state(
        Report.Status.RESOLVED, category=roads, lead_agency=agency, is_public=True
    )
    old = report_in_state(Report.Status.RECEIVED, category=roads, is_public=True)
    Report.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=120))
    hidden = {
        "private": report_in_state(Report.Status.RECEIVED, category=roads, is_public=False),
        "rejected": report_in_state(Report.Status.REJECTED, category=roads, is_public=True),
        "submitted": report_in_state(Report.Status.SUBMITTED, category=roads, is_public=True),
    }
    AttachmentFactory(report=published)
    return {
        "roads": roads, "light": light, "published": published, "in_progress": in_progress,
        "resolved": resolved, "old": old, "hidden": hidden, "agency": agency,
    }  # fmt: skip


@pytest.fixture
def api_key(db):
    return issue_api_key(name="Ứng dụng 1022", partner="Công ty ABC")[1]


def get_json(client, path, expect=200, **params):
    response = client.get(f"{BASE}/{path}.json", params)
    assert response.status_code == expect, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def get_xml(client, path, expect=200, **params):
    response = client.get(f"{BASE}/{path}.xml", params)
    assert response.status_code == expect, response.content
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return parse_xml(response.content)


def ids(data):
    return {item["service_request_id"] for item in data}


def assert_error(data, code):
    assert isinstance(data, list) and len(data) == 1
    assert data[0]["code"] == code and data[0]["description"]


def assert_xml_error(root, code):
    assert root.tag == "errors"
    assert root.find("error/code").text == str(code)
    assert root.find("error/description").text


# --- Discovery and services ----------------------------------------------------------


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


# --- Requests ----------------------------------------------------------------------


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
    assert other["lat"] is None and other["media_url"] == ""
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
    monkeypatch.setattr(views, "DEFAULT_PAGE_SIZE", 2)
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


# --- Posting -------------------------------------------------------------------------


def post(client, fmt="json", **data):
    return client.post(f"{BASE}/requests.{fmt}", data)


def test_post_creates_a_submitted_report(client, world, api_key):
    response = post(
        client, api_key=api_key, service_code="giao-thong", lat="16.8", long="107.1",
        description="Cây đổ chắn ngang đường Hùng Vương", email="a@example.com",
        first_name="Minh", last_name="Trần", phone="0912345678",
        media_url="https://example.com/a.jpg", **{"attribute[size]": "lớn"},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    (data,) = response.json()
    assert set(data) == {"service_request_id", "service_notice", "account_id"}
    assert data["account_id"] is None
    report = Report.objects.get(code=data["service_request_id"])
    assert report.status == Report.Status.SUBMITTED
    assert report.category == world["roads"]
    # Owned by an account nobody can use: no number, no password, inactive.
    owner = report.reporter
    assert owner.full_name == PARTNER_OWNER_NAME
    assert owner.phone is None and not owner.has_usable_password() and not owner.is_reachable
    assert "Trần" not in report.content and "0912345678" not in report.content
    # The sender's contact is kept apart, for the IOC; the history only names the key.
    note = ReportEvent.objects.get(report=report, kind=ReportEvent.Kind.PROGRESS)
    assert not note.is_public
    assert note.note == "Gửi qua Open311 bởi Ứng dụng 1022 (Công ty ABC)."
    sender = report.partner_submission
    assert (sender.first_name, sender.last_name, sender.phone, sender.email) == (
        "Minh", "Trần", "0912345678", "a@example.com"
    )  # fmt: skip
    assert sender.media_url == "https://example.com/a.jpg"
    assert sender.attributes == {"size": ["lớn"]}
    assert sender.api_key.name == "Ứng dụng 1022"
    # Not public until the IOC receives it.
    get_json(client, f"requests/{report.code}", expect=404)


def test_post_xml_and_address_only_reuses_system_user(client, world, api_key):
    response = post(
        client, "xml", api_key=api_key, service_code="chieu-sang",
        address_string="12 Lê Duẩn, Đông Hà", description="Đèn đường hỏng",
    )  # fmt: skip
    assert response.status_code == 200
    root = parse_xml(response.content)
    assert root.tag == "service_requests"
    code = root.find("request/service_request_id").text
    assert code.startswith("PA-")
    assert root.find("request/account_id").text is None
    post(client, api_key=api_key, service_code="chieu-sang", address_string="x", description="y")
    assert Report.objects.filter(reporter__full_name=PARTNER_OWNER_NAME).count() == 2
    assert User.objects.filter(full_name=PARTNER_OWNER_NAME).count() == 1


@pytest.mark.parametrize("key", [None, "", "sai-khoa"])
def test_post_without_valid_key_is_403(client, world, key):
    data = {"service_code": "giao-thong", "address_string": "x", "description": "y"}
    if key is not None:
        data["api_key"] = key
    response = post(client, **data)
    assert response.status_code == 403
    assert_error(response.json(), 403)
    response = post(client, "xml", **data)
    assert_xml_error(parse_xml(response.content), 403)


def test_post_with_revoked_key_is_403(client, world):
    api_key, raw = issue_api_key(name="Cũ", partner="X")
    api_key.is_active = False
    api_key.save()
    response = post(client, api_key=raw, service_code="giao-thong", address_string="x")
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"address_string": "x", "description": "y"}, 400),
        ({"service_code": "khong-co", "address_string": "x", "description": "y"}, 404),
        ({"service_code": "cu", "address_string": "x", "description": "y"}, 404),
        ({"service_code": "giao-thong", "description": "y"}, 400),
        ({"service_code": "giao-thong", "address_string": "x"}, 400),
        ({"service_code": "giao-thong", "address_string": "x", "description": "  "}, 400),
        ({"service_code": "giao-thong", "lat": "16.8", "description": "y"}, 400),
        ({"service_code": "giao-thong", "lat": "bắc", "long": "1", "description": "y"}, 400),
        ({"service_code": "giao-thong", "lat": "91", "long": "1", "description": "y"}, 400),
        ({"service_code": "giao-thong", "lat": "nan", "long": "1", "description": "y"}, 400),
        (
            {"service_code": "giao-thong", "address_string": "x", "description": "y",
             "media_url": "javascript:alert(1)"},
            400,
        ),
        (
            {"service_code": "giao-thong", "address_string": "x", "description": "y",
             "email": "khong-phai-email"},
            400,
        ),
        ({"service_code": "giao-thong", "address_string": "x", "description": "y" * 5000}, 400),
    ],
)  # fmt: skip
def test_post_bad_input(client, world, api_key, data, status):
    response = post(client, api_key=api_key, **data)
    assert response.status_code == status, response.content
    assert_error(response.json(), status)
    response = post(client, "xml", api_key=api_key, **data)
    assert_xml_error(parse_xml(response.content), status)
    assert not Report.objects.filter(reporter__full_name=PARTNER_OWNER_NAME).exists()


def test_api_key_is_stored_hashed(db):
    api_key, raw = issue_api_key(name="A", partner="B")
    assert raw not in (api_key.key_hash, api_key.prefix)
    assert ApiKey.objects.matching(raw) == api_key
    assert ApiKey.objects.matching("") is None


def test_admin_creates_key_and_shows_it_once(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/reports/apikey/add/",
        {"name": "Zalo", "partner": "Công ty Z", "is_active": "on"},
    )
    assert response.status_code == 200  # a page of its own, no redirect
    api_key = ApiKey.objects.get(name="Zalo")
    raw = response.context["raw_key"]
    assert f'value="{raw}"' in response.content.decode()
    assert ApiKey.objects.matching(raw) == api_key
    assert "no-store" in response["Cache-Control"]
    # Nowhere else: no message (a signed, readable cookie) and not on the next page.
    assert not list(response.context["messages"])
    assert "messages" not in response.cookies
    assert raw not in client.get("/admin/reports/apikey/").content.decode()


# --- An independent client -------------------------------------------------------------


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


def test_post_outside_the_province_is_400_as_on_the_web_form(client, world, api_key):
    before = Report.objects.count()
    response = post(
        client, api_key=api_key, service_code="giao-thong", lat="21.0285", long="105.8542",
        description="Ổ gà ở Hà Nội",
    )  # fmt: skip
    assert response.status_code == 400
    assert "province" in response.json()[0]["description"]
    assert Report.objects.count() == before


def test_post_is_rate_limited_per_key(client, world, api_key, settings):
    settings.OPEN311_POST_RATE_LIMIT = "2/m"
    other_key = issue_api_key(name="Khác", partner="Y")[1]
    data = {"service_code": "giao-thong", "address_string": "x", "description": "y"}
    for _ in range(2):
        assert post(client, api_key=api_key, **data).status_code == 200

    response = post(client, "xml", api_key=api_key, **data)

    assert response.status_code == 429
    assert_xml_error(parse_xml(response.content), 429)
    assert post(client, api_key=other_key, **data).status_code == 200
