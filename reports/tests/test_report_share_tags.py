"""The report page's share tags (issue 5): a stable link, Open Graph and
Twitter card tags with absolute URLs, and a photo only for a public report."""

import html
import re

import pytest

from accounts.tests.factories import UserFactory
from reports.models import Report

from .factories import AttachmentFactory, report_in_state
from .helpers import detail_url, text, thumbnail_url

pytestmark = pytest.mark.django_db

S = Report.Status


@pytest.fixture
def reporter(db):
    return UserFactory(full_name="Nguyễn Văn Ẩn Danh")


def meta(body, key) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', body)
    return html.unescape(match[1]) if match else None


def test_share_tags_with_absolute_urls_and_the_first_photo(client, reporter):
    report = report_in_state(S.PUBLISHED, reporter=reporter, is_public=True)
    AttachmentFactory(report=report, is_answer=True, order=0)  # the answer's: not this one
    first = AttachmentFactory(report=report, order=1)
    AttachmentFactory(report=report, order=2)
    body = text(client.get(detail_url(report.code)))
    url = f"http://testserver/phan-anh/{report.code}/"
    assert meta(body, "og:url") == url
    assert f'<link rel="canonical" href="{url}">' in body
    assert meta(body, "og:type") == "article"
    assert meta(body, "og:title") == f"{report.title} ({report.code})"
    assert report.content[:40] in meta(body, "og:description")
    assert meta(body, "og:image") == f"http://testserver{thumbnail_url(first)}"
    assert meta(body, "twitter:card") == "summary_large_image"
    assert meta(body, "twitter:image") == f"http://testserver{thumbnail_url(first)}"
    assert f'data-share-url="{url}"' in body
    assert 'class="link-button share-button"' in body
    assert 'name="robots"' not in body
    # The image the tags point at is served to anyone, as a link preview needs.
    client.logout()
    assert client.get(thumbnail_url(first)).status_code == 200


def test_no_photo_in_the_tags_of_a_report_that_is_not_public(client, reporter):
    report = report_in_state(S.PUBLISHED, reporter=reporter, is_public=False)
    AttachmentFactory(report=report)
    client.force_login(reporter)
    body = text(client.get(detail_url(report.code)))
    assert meta(body, "og:url") == f"http://testserver/phan-anh/{report.code}/"
    assert meta(body, "og:image") is None
    assert meta(body, "twitter:card") == "summary"
    assert '<meta name="robots" content="noindex">' in body


def test_no_photo_in_the_tags_without_a_photo(client, reporter):
    report = report_in_state(S.PUBLISHED, reporter=reporter, is_public=True)
    body = text(client.get(detail_url(report.code)))
    assert meta(body, "og:image") is None
    assert meta(body, "og:type") == "article"
