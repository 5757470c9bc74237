"""Issue 14, defects 6 and 7: "Chia sẻ" only on pages the public can open, and
no deadline on a refused report."""

import pytest

from reports.models import Report

from .factories import report_in_state
from .helpers import MY_REPORTS_URL, detail_url, text

pytestmark = pytest.mark.django_db
SHARE = 'class="link-button share-button"'


def test_a_report_waiting_for_receipt_offers_no_share(citizen_client, citizen):
    waiting = report_in_state(Report.Status.SUBMITTED, reporter=citizen)
    assert SHARE not in text(citizen_client.get(detail_url(waiting.code)))
    assert SHARE not in text(citizen_client.get(MY_REPORTS_URL))


def test_a_public_report_offers_it(client, citizen):
    public = report_in_state(Report.Status.FORWARDED, reporter=citizen, is_public=True)
    assert SHARE in text(client.get(detail_url(public.code)))
    assert SHARE in text(client.get("/"))


def test_a_private_report_offers_it_to_nobody(citizen_client, citizen):
    private = report_in_state(Report.Status.FORWARDED, reporter=citizen, is_public=False)
    assert SHARE not in text(citizen_client.get(detail_url(private.code)))


def test_a_rejected_report_shows_no_deadline(citizen_client, citizen):
    rejected = report_in_state(Report.Status.REJECTED, reporter=citizen)
    assert rejected.deadline is not None  # the receipt's deadline, left on the row
    page = text(citizen_client.get(detail_url(rejected.code)))
    assert "Hạn xử lý" not in page
    forwarded = report_in_state(Report.Status.FORWARDED, reporter=citizen)
    assert "Hạn xử lý" in text(citizen_client.get(detail_url(forwarded.code)))
