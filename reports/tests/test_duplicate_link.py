"""Issue 14, defect 6b: a report refused as a duplicate links the original's
code to its page when the public may open that page (Report.is_seen_by_public),
and writes it as plain text otherwise."""

import re

import pytest

from reports.models import Report

from .factories import report_in_state
from .helpers import detail_url, text

pytestmark = pytest.mark.django_db

S = Report.Status


def duplicate_of(original, reporter):
    return report_in_state(
        S.REJECTED,
        reporter=reporter,
        rejection_reason=Report.RejectionReason.DUPLICATE,
        duplicate_of=original,
    )


def test_the_code_of_a_public_original_is_a_link(citizen_client, citizen):
    original = report_in_state(S.IN_PROGRESS, is_public=True)
    report = duplicate_of(original, citizen)
    page = text(citizen_client.get(detail_url(report.code)))
    assert "Trùng với phản ánh khác" in page
    assert f'<a href="{detail_url(original.code)}" class="code">{original.code}</a>' in page


@pytest.mark.parametrize(
    "fields",
    [
        {"status": S.IN_PROGRESS, "is_public": False},  # kept private by the IOC
        {"status": S.SUBMITTED, "is_public": True},  # not received yet
        {"status": S.REJECTED, "is_public": True},  # refused itself
    ],
)
def test_the_code_of_an_original_the_public_cannot_open_is_plain_text(
    citizen_client, citizen, fields
):
    original = report_in_state(fields.pop("status"), **fields)
    assert not original.is_seen_by_public
    report = duplicate_of(original, citizen)
    page = text(citizen_client.get(detail_url(report.code)))
    assert f'<span class="code">{original.code}</span>' in page
    assert not re.search(rf'<a [^>]*href="{detail_url(original.code)}"', page)
