"""Content-Security-Policy and Permissions-Policy on every page (security
review, issue 10 item 10); cached pages get each response's own nonce. The
browser tests fail on anything the policy blocks (phananh/testing/browser.py)."""

import re

import pytest
from django.urls import reverse

from reports.models import Report

from .factories import report_in_state

pytestmark = pytest.mark.django_db

NONCE_IN_PAGE = re.compile(r'<script nonce="([^"]+)"')
NONCE_IN_HEADER = re.compile(r"'nonce-([^']+)'")


def nonces(response) -> tuple[str, str]:
    page = NONCE_IN_PAGE.search(response.content.decode()).group(1)
    header = NONCE_IN_HEADER.search(response["Content-Security-Policy"]).group(1)
    return page, header


def test_pages_forbid_inline_code_without_the_nonce_and_framing(client):
    response = client.get(reverse("reports:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["Permissions-Policy"].startswith("geolocation=(self)")


def test_a_cached_page_carries_each_responses_own_nonce(client):
    report = report_in_state(
        Report.Status.PUBLISHED, is_public=True, latitude="16.8167", longitude="107.1"
    )
    url = report.get_absolute_url()
    first_page, first_header = nonces(client.get(url))
    second_page, second_header = nonces(client.get(url))  # from the visitors' cache

    assert first_page == first_header and second_page == second_header
    assert first_page != second_page
    assert "@csp-nonce@" not in client.get(url).content.decode()
