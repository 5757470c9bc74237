"""Fuzzing Open311 GeoReport v2 (security review): every GET and POST parameter
(service_code, lat/long, address_string, description, media_url, contacts,
attributes, start/end dates, status, page/page_size, api_key, jurisdiction_id,
service_request_id) and the format extension get any text, number, date or
repetition. No answer is a 500; every .json answer is JSON and every .xml one
well-formed XML, refusals in the spec's errors shape; what a partner sends is
stored without control characters, and shown as text to the IOC."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.tests.factories import UserFactory
from accounts.text import CONTROL_CHARACTERS
from phananh.testing.fuzzing import (
    assert_json,
    assert_no_server_error,
    assert_not_markup,
    assert_safe_page,
    assert_shown_escaped,
    fuzz,
    isolated_example,
    new_client,
    page_text,
)
from phananh.testing.strategies import (
    coordinate_text,
    either,
    hostile_text,
    mutated,
    text_with_markup,
    valid_or_hostile,
    valid_or_number,
)
from reports.models import PartnerSubmission, Report

from .factories import AttachmentFactory, CategoryFactory, issue_api_key, report_in_state
from .helpers import DONG_HA, parse_xml

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
FORMATS = ("json", "xml")
# The spec's root element of each answer, and of every refusal.
ROOTS = {"discovery", "services", "service_definition", "service_requests", "errors"}


@pytest.fixture
def world(db):
    """Two services (one retired), a public report with a photo, a partner's key."""
    roads = CategoryFactory(slug="giao-thong", name="Giao thông")
    CategoryFactory(slug="cu", name="Cũ", is_active=False)
    report = report_in_state(
        Report.Status.PUBLISHED,
        category=roads,
        is_public=True,
        latitude=DONG_HA[0],
        longitude=DONG_HA[1],
    )
    AttachmentFactory(report=report)
    return {"report": report, "api_key": issue_api_key(name="Ứng dụng", partner="Đối tác")[1]}


def fmt_text() -> st.SearchStrategy[str]:
    """The format extension: json or xml (any case) half the time."""
    valid = st.sampled_from(FORMATS).flatmap(
        lambda fmt: st.sampled_from([fmt, fmt.upper(), fmt.capitalize()])
    )
    return either(valid, st.from_regex(r"\A[A-Za-z0-9]{1,12}\Z"))


def assert_open311_answer(response, fmt: str):
    """The spec's shape in the format asked for (an unknown one answers in JSON)."""
    assert_no_server_error(response)
    if response.status_code == 400 and response["Content-Type"].startswith("text/html"):
        return None  # phananh.middleware refused a NUL before Open311 saw it
    if fmt.lower() == "xml":
        assert response["Content-Type"].startswith("text/xml")
        root = parse_xml(response.content)
        assert root.tag in ROOTS
        return root
    data = assert_json(response)
    if response.status_code >= 400:
        assert data[0]["code"] == response.status_code and data[0]["description"]
    return data


# --- Reading --------------------------------------------------------------------------


def request_list_query(report: Report) -> st.SearchStrategy[dict]:
    """A valid query of GET requests, some of its parameters dropped, replaced
    or repeated, plus jurisdiction_id and parameters the spec does not have."""
    moment = st.sampled_from(["2026-01-01T00:00:00+07:00", "2025-12-01T00:00:00Z"])
    return mutated(
        {"service_code": "giao-thong", "status": "closed", "page": "1", "page_size": "10"},
        values={
            "service_request_id": valid_or_hostile(st.just(f"{report.code},PA-2025-999999")),
            "service_code": valid_or_hostile(
                st.sampled_from(["giao-thong", "cu", "giao-thong,cu"])
            ),
            "start_date": valid_or_hostile(moment),
            "end_date": valid_or_hostile(moment),
            "status": valid_or_hostile(st.sampled_from(["open", "closed", "OPEN,closed", "open,"])),
            "page": valid_or_number(st.integers(-1, 3).map(str)),
            "page_size": valid_or_number(st.integers(0, 2000).map(str)),
        },
        extra=("service_request_id", "start_date", "end_date", "jurisdiction_id", "lat", "long"),
    )


@fuzz(60)
@given(data=st.data(), fmt=fmt_text())
def test_the_request_list_never_fails_on_any_parameter(world, data, fmt):
    query = data.draw(request_list_query(world["report"]), label="query")
    with isolated_example():
        client = new_client()
        assert_no_server_error(client.head(f"{BASE}/requests.{fmt}", query))
        assert_open311_answer(client.get(f"{BASE}/requests.{fmt}", query), fmt)


@fuzz(40)
@given(
    endpoint=st.sampled_from(["services/{}", "requests/{}", "tokens/{}"]),
    name=either(st.sampled_from(["giao-thong", "cu", "PA-2025-000001"]), hostile_text()),
    fmt=fmt_text(),
    method=st.sampled_from(["get", "head", "put", "delete", "options", "patch"]),
    query=st.dictionaries(st.sampled_from(["jurisdiction_id", "api_key"]), hostile_text()),
)
def test_the_other_endpoints_never_fail_on_any_name_or_method(
    world, endpoint, name, fmt, method, query
):
    with isolated_example():
        client = new_client()
        for path in ("discovery", "services", endpoint.format(name)):
            response = getattr(client, method)(f"{BASE}/{path}.{fmt}", query)
            assert_no_server_error(response)
            if method == "get" and response["Content-Type"].split(";")[0] != "text/html":
                assert_open311_answer(response, fmt if fmt.lower() in FORMATS else "json")


# --- Posting --------------------------------------------------------------------------

TEXT_FIELDS = ("description", "address_string", "first_name", "last_name", "phone", "device_id")


def request_post(api_key: str) -> st.SearchStrategy[dict]:
    """A complete request (key, service, point, address, description, contact,
    media and attributes), some of its fields dropped, replaced or repeated."""
    valid = {
        "api_key": api_key,
        "jurisdiction_id": "quangtri.gov.vn",
        "service_code": "giao-thong",
        "lat": str(DONG_HA[0]),
        "long": str(DONG_HA[1]),
        "address_string": "12 Lê Duẩn, phường Đông Hà",
        "description": "Ổ gà lớn trước chợ",
        "first_name": "An",
        "last_name": "Nguyễn",
        "email": "an@example.vn",
        "phone": "0912345678",
        "device_id": "thiet-bi-1",
        "media_url": "https://example.vn/anh.jpg",
        "attribute[muc-do]": "nang",
    }
    url = st.one_of(
        st.sampled_from(["javascript:alert(1)", "data:text/html,<script>1</script>", "//x.vn/a"]),
        st.from_regex(r"\Ahttps?://[a-z0-9.-]{1,20}/[^\s]{0,30}\Z"),
        hostile_text(),
    )
    return mutated(
        valid,
        values={
            "api_key": valid_or_hostile(st.just("sai-khoa")),
            "service_code": valid_or_hostile(st.sampled_from(["cu", "khong-co"])),
            "lat": coordinate_text(),
            "long": coordinate_text(),
            "email": valid_or_hostile(st.emails().map(str)),
            "media_url": url,
        },
        extra=("attribute[]", "attribute[x\x00]", "attribute[" + "a" * 101 + "]", "account_id"),
    )


@fuzz(60)
@given(data=st.data(), fmt=fmt_text())
def test_posting_a_request_never_fails_on_any_parameter(world, data, fmt):
    form = data.draw(request_post(world["api_key"]), label="form")
    with isolated_example():
        response = new_client().post(f"{BASE}/requests.{fmt}", form)
        answer = assert_open311_answer(response, fmt)
        submission = PartnerSubmission.objects.select_related("report").first()
        if submission is None:
            return
        assert response.status_code == 200
        report = submission.report
        assert report.status == Report.Status.SUBMITTED and not report.is_public
        stored = [report.title, report.content, report.address, submission.first_name]
        assert not CONTROL_CHARACTERS.search("".join(stored))
        assert all(url.startswith(("http:", "https:")) for url in submission.media_urls)
        if fmt.lower() == "json":
            assert answer[0]["service_request_id"] == report.code


@fuzz(30)
@given(texts=st.tuples(*(text_with_markup() for _field in TEXT_FIELDS)))
def test_a_partners_text_with_markup_is_shown_escaped_to_the_ioc(world, texts):
    form = {field: text for field, (text, _payload) in zip(TEXT_FIELDS, texts, strict=True)}
    form.update(
        api_key=world["api_key"], service_code="giao-thong", **{"attribute[x]": texts[0][0]}
    )
    with isolated_example():
        response = new_client().post(f"{BASE}/requests.xml", form)
        assert_open311_answer(response, "xml")
        for _text, payload in texts:
            assert_not_markup(response.content.decode(), payload)
        submission = PartnerSubmission.objects.select_related("report").first()
        if submission is None:  # refused (too long, say)
            assert response.status_code == 400
            return
        ioc = new_client(UserFactory(is_staff=True, is_superuser=True))
        detail = ioc.get(submission.report.get_absolute_url())
        admin = ioc.get(f"/admin/reports/report/{submission.report.pk}/change/")
        for page in (detail, admin):
            assert page.status_code == 200
            assert_safe_page(page)
        report = submission.report
        assert_shown_escaped(page_text(detail), texts[0][1], report.content)
        assert_shown_escaped(page_text(detail), texts[1][1], report.address)
        for field, (_text, payload) in zip(TEXT_FIELDS[2:], texts[2:], strict=True):
            assert_shown_escaped(page_text(admin), payload, getattr(submission, field))


# Regression: PostgreSQL refused the NUL in the attributes' JSON (a 500).
@pytest.mark.parametrize("attribute", [{"attribute[x\x00]": "1"}, {"attribute[x]": "1\x00"}])
def test_regression_a_nul_in_an_attribute_is_a_400(world, attribute):
    form = {
        "api_key": world["api_key"],
        "service_code": "giao-thong",
        "address_string": "12 Lê Duẩn",
        "description": "Ổ gà",
        **attribute,
    }
    response = new_client().post(f"{BASE}/requests.json", form)
    assert response.status_code == 400
    assert "NUL" in assert_open311_answer(response, "json")[0]["description"]
    assert not Report.objects.filter(partner_submission__isnull=False).exists()


# Regression: str.isdigit() holds for these, which int() refuses (a 500).
@pytest.mark.parametrize("name", ["page", "page_size"])
@pytest.mark.parametrize("number", ["²", "0" * 5000])
def test_regression_a_page_number_python_cannot_read_is_a_400(world, name, number):
    response = new_client().get(f"{BASE}/requests.json", {name: number})
    assert response.status_code == 400
    assert "positive whole number" in assert_open311_answer(response, "json")[0]["description"]
