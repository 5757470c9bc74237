"""A partner follows what it sent (issue 13): with its api_key it reads its own
requests by id in every state, with the deadline as expected_datetime; without
a key, or with another partner's, only public reports, never contact data."""

import pytest

from reports import workflow
from reports.models import Report
from reports.opendata.open311.serializers import iso

from .factories import IocOperatorFactory, issue_api_key
from .open311_world import BASE, get_json, get_xml
from .open311_world import world as world  # noqa: F401  # the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(db):
    return issue_api_key(name="FixMyStreet", partner="mySociety")


def send(client, raw_key, **extra) -> str:
    data = {
        "api_key": raw_key, "service_code": "giao-thong", "lat": "16.8", "long": "107.1",
        "description": "Ổ gà sâu trước số 12 Lê Duẩn", "email": "minh@example.com",
        "phone": "0912345678", "first_name": "Minh", "last_name": "Trần", **extra,
    }  # fmt: skip
    response = client.post(f"{BASE}/requests.xml", data)
    assert response.status_code == 200, response.content
    return response.content.decode().split("<service_request_id>")[1].split("<")[0]


def test_the_partner_reads_its_new_request_at_once(client, world, partner):
    _key, raw = partner
    code = send(client, raw)

    (item,) = get_json(client, f"requests/{code}", api_key=raw)
    assert item["service_request_id"] == code
    assert item["status"] == "open"
    assert item["description"] == "Ổ gà sâu trước số 12 Lê Duẩn"  # its title is its start
    assert item["requested_datetime"] and item["updated_datetime"]
    listed = get_json(client, "requests", api_key=raw, service_request_id=code)
    assert [r["service_request_id"] for r in listed] == [code]
    request = get_xml(client, f"requests/{code}", api_key=raw).find("request")
    assert request.findtext("service_request_id") == code
    # Its contact details are for the IOC alone, even to the partner that sent them.
    assert "minh@example.com" not in str(item) and "0912345678" not in str(item)


def test_the_public_and_other_partners_do_not_see_it(client, world, partner):
    code = send(client, partner[1])
    other = issue_api_key(name="Ứng dụng khác", partner="Công ty B")[1]

    get_json(client, f"requests/{code}", expect=404)
    get_json(client, f"requests/{code}", expect=404, api_key=other)
    assert code not in {r["service_request_id"] for r in get_json(client, "requests")}
    get_json(client, f"requests/{code}", expect=403, api_key="not-a-key")


def test_the_partner_follows_it_through_the_workflow(client, world, partner):
    code = send(client, partner[1])
    report = Report.objects.get(code=code)
    ioc = IocOperatorFactory()
    workflow.report_receive(
        report=report, actor=ioc, category=report.category, level="normal", is_public=False
    )
    workflow.report_forward(report=report, actor=ioc, lead_agency=world["agency"])
    report.refresh_from_db()

    (item,) = get_json(client, f"requests/{code}", api_key=partner[1])
    assert item["status"] == "open"
    assert item["agency_responsible"] == world["agency"].name
    assert item["expected_datetime"] == iso(report.deadline)  # the legal deadline
    assert item["expected_datetime"].endswith("+07:00")


def test_a_rejected_request_says_why(client, world, partner):
    code = send(client, partner[1])
    report = Report.objects.get(code=code)
    workflow.report_reject(
        report=report, actor=IocOperatorFactory(), reason=Report.RejectionReason.OUT_OF_SCOPE
    )
    (item,) = get_json(client, f"requests/{code}", api_key=partner[1])
    assert item["status"] == "closed"
    assert item["status_notes"] == Report.RejectionReason.OUT_OF_SCOPE.label


def test_a_token_is_the_request_id(client, world, partner):
    code = send(client, partner[1])
    (item,) = get_json(client, f"tokens/{code}", api_key=partner[1])
    assert item == {"token": code, "service_request_id": code}
    get_json(client, f"tokens/{code}", expect=404)


def test_a_foreign_jurisdiction_is_refused(client, world, settings):
    assert get_json(client, "services", jurisdiction_id=settings.OPEN311_JURISDICTION)
    get_json(client, "services", expect=404, jurisdiction_id="london.gov.uk")
