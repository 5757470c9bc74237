"""POST servicerequestupdates (FixMyStreet's extension) over HTTP: a partner's
citizen update becomes a pending comment, answered with the portal's
update_id; the same update_id again answers the same id; refusals use the
Open311 errors shape."""

import xml.etree.ElementTree as ET  # noqa: S405 # the portal's own answers

import pytest

from moderation.models import Comment, PartnerUpdate
from reports.models import Report
from reports.tests.factories import CategoryFactory, issue_api_key, report_in_state

pytestmark = pytest.mark.django_db
URL = "/open311/v2/servicerequestupdates.{fmt}"


@pytest.fixture
def partner():
    return issue_api_key(name="FixMyStreet", partner="mySociety")


@pytest.fixture
def sent(client, partner):
    """A report the partner sent, still waiting for the IOC (not public)."""
    CategoryFactory(slug="giao-thong")
    response = client.post(
        "/open311/v2/requests.json",
        {"api_key": partner[1], "service_code": "giao-thong", "lat": "16.8", "long": "107.1",
         "description": "Cống bị tắc trên đường Trần Hưng Đạo"},
    )  # fmt: skip
    return Report.objects.get(code=response.json()[0]["service_request_id"])


def update(client, raw_key, report, fmt="xml", **extra):
    data = {
        "api_key": raw_key, "service_request_id": report.code, "update_id": "4711",
        "updated_datetime": "2026-12-01T09:15:00+00:00", "status": "OPEN",
        "description": "Nước vẫn ngập sau mưa tối qua.", "first_name": "Jane",
        "last_name": "-", "email": "jane@example.org", "media_url": "https://fms.example/p.jpg",
        **extra,
    }  # fmt: skip
    return client.post(URL.format(fmt=fmt), data)


def test_an_update_becomes_a_pending_comment_with_the_portals_id(client, partner, sent):
    response = update(client, partner[1], sent)

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == "service_request_updates"
    comment = Comment.objects.get()
    assert root.findtext("request_update/update_id") == str(comment.pk)
    assert comment.status == Comment.Status.PENDING and comment.report == sent
    assert comment.body == "Nước vẫn ngập sau mưa tối qua."
    stored = PartnerUpdate.objects.get()
    assert (stored.partner_update_id, stored.email) == ("4711", "jane@example.org")
    assert stored.media_urls == ["https://fms.example/p.jpg"]


def test_the_same_update_again_is_the_same_comment(client, partner, sent):
    first = update(client, partner[1], sent, fmt="json").json()
    again = update(client, partner[1], sent, fmt="json", description="Khác").json()
    assert first == again == [{"update_id": str(Comment.objects.get().pk)}]


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"api_key": "sai"}, 403),
        ({"update_id": ""}, 400),
        ({"description": ""}, 400),
        ({"email": "không-phải-email"}, 400),
        ({"service_request_id": "PA-2000-999999"}, 404),
        ({"updated_datetime": "01/12/2026 09:15"}, 400),
        ({"jurisdiction_id": "london.gov.uk"}, 404),
    ],
)
def test_refusals_in_the_errors_shape(client, partner, sent, change, status):
    data = {"api_key": partner[1], **change}
    response = update(client, data.pop("api_key"), sent, fmt="json", **data)
    assert response.status_code == status
    (error,) = response.json()
    assert error["code"] == status and error["description"]
    assert not Comment.objects.exists()


def test_another_partners_private_report_is_not_found(client, partner, sent):
    other = issue_api_key(name="Ứng dụng khác", partner="Công ty B")[1]
    assert update(client, other, sent, fmt="json").status_code == 404
    published = report_in_state(Report.Status.PUBLISHED, is_public=True)
    assert update(client, other, published, fmt="json").status_code == 200
