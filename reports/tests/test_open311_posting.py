"""Posting Open311 service requests (README §8): the report and the
partner's contact it stores, the API key it needs (stored hashed, shown once in
the admin, refused when revoked), bad input, the province rule and the rate
limit per key."""

import pytest

from accounts.models import User
from accounts.tests.factories import UserFactory
from reports.models import ApiKey, Report, ReportEvent
from reports.submissions import PARTNER_OWNER_NAME

from .factories import issue_api_key
from .helpers import parse_xml
from .open311_world import BASE, assert_error, assert_xml_error, get_json
from .open311_world import world as world


@pytest.fixture
def api_key(db):
    return issue_api_key(name="Ứng dụng 1022", partner="Công ty ABC")[1]


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
    assert set(data) == {"service_request_id", "service_notice"}  # no account_id: none kept
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
    assert sender.media_urls == ["https://example.com/a.jpg"]
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
    assert root.find("request/account_id") is None
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
