"""Control characters and NUL bytes (security review, issue 10 items 5 and 12):
stored text never holds a control character, whatever the way in, so feeds and
Open311's XML stay well-formed; a NUL in an address or a parameter is a 400,
never a 500."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from accounts.text import CONTROL_CHARACTERS
from moderation.models import Comment
from moderation.tests.helpers import create_url as comment_url
from reports.models import Report

from .factories import CategoryFactory, issue_api_key, report_in_state
from .helpers import CREATE_URL, parse_xml, report_data

pytestmark = pytest.mark.django_db

HOSTILE = "Ổ gà\x0b lớn\x1b[31m trên\x08 đường\x7f Lê Duẩn\x85\uffff"
CLEAN = "Ổ gà lớn[31m trên đường Lê Duẩn"


def test_the_web_form_stores_text_without_control_characters(citizen_client, citizen):
    category = CategoryFactory()
    response = citizen_client.post(
        CREATE_URL, report_data(category, title=HOSTILE, content=HOSTILE + "\nDòng hai\tcột")
    )
    assert response.status_code == 302
    report = Report.objects.get(reporter=citizen)
    assert report.title == CLEAN
    assert report.content == CLEAN + "\nDòng hai\tcột"  # line breaks and tabs stay


def test_open311_stores_text_without_control_characters(client):
    category = CategoryFactory(slug="giao-thong")
    key = issue_api_key(name="Đối tác thử", partner="Thử")[1]
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": category.slug,
            "lat": "16.8167",
            "long": "107.1",
            "description": HOSTILE,
        },
    )
    assert response.status_code == 200, response.content
    assert Report.objects.get().content == CLEAN


def test_a_comment_is_stored_without_control_characters(citizen_client):
    report = report_in_state(Report.Status.PUBLISHED, is_public=True)
    citizen_client.post(comment_url(report), {"body": HOSTILE})
    assert Comment.objects.get().body == CLEAN


def test_every_model_of_the_portal_is_covered():
    user = UserFactory(full_name="Nguyễn\x0b Văn\x1b An")
    assert user.full_name == "Nguyễn Văn An"
    user.refresh_from_db()
    assert user.full_name == "Nguyễn Văn An"


def test_published_text_keeps_the_feeds_and_open311_xml_well_formed(client):
    report_in_state(Report.Status.PUBLISHED, is_public=True, title=HOSTILE, content=HOSTILE)

    assert client.get(reverse("reports:feed")).status_code == 200
    root = parse_xml(client.get("/open311/v2/requests.xml").content)
    description = root.find("request/description").text
    assert CLEAN in description
    assert not CONTROL_CHARACTERS.search(description)


@pytest.mark.parametrize(
    "url",
    [
        "/phan-anh/%00/",
        "/xu-ly/%00/",
        "/phan-anh/dia-ban/%00.atom",
        "/phan-anh/chuyen-muc/%00.atom",
        "/open311/v2/requests.json?service_code=%00",
        "/open311/v2/requests/%00.json",
        "/?q=%00",
        "/ban-do/du-lieu.geojson?bbox=%00&zoom=9",
    ],
)
def test_a_nul_in_the_address_or_a_parameter_is_a_400(client, url):
    assert client.get(url).status_code == 400


def test_a_nul_in_an_open311_post_is_a_400(client):
    key = issue_api_key(name="Đối tác thử", partner="Thử")[1]
    response = client.post(
        "/open311/v2/requests.json", {"api_key": key, "service_code": "giao\x00thong"}
    )
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400
