"""What the Open311 GeoReport v2 tests share (README §8): a world of
categories, an agency and reports public and not, and readers of the JSON and
XML answers and of their error shape. A test module imports each fixture it
uses under its own name (`from .open311_world import world as world`): pytest
finds it there, and linters read the import as meant."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from reports.models import Report

from .factories import AgencyFactory, AttachmentFactory, CategoryFactory, report_in_state
from .helpers import parse_xml

BASE = "/open311/v2"


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


def assert_error(data, code):
    assert isinstance(data, list) and len(data) == 1
    assert data[0]["code"] == code and data[0]["description"]


def assert_xml_error(root, code):
    assert root.tag == "errors"
    assert root.find("error/code").text == str(code)
    assert root.find("error/description").text
