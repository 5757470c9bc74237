"""The IOC's receipt is a public step of the report's timeline (issue 14,
defect 2); the note the operator writes with it stays the IOC's."""

import pytest

from reports import workflow
from reports.models import Report

from .factories import IocOperatorFactory, report_in_state
from .helpers import detail_url, text

pytestmark = pytest.mark.django_db


def test_the_public_timeline_shows_the_receipt_but_not_its_note(client):
    report = report_in_state(Report.Status.SUBMITTED)
    workflow.report_receive(
        report=report,
        actor=IocOperatorFactory(),
        category=report.category,
        level=Report.Level.NORMAL,
        is_public=True,
        note="Đã gọi điện xác minh với người gửi",
    )

    page = text(client.get(detail_url(report.code)))

    timeline = page.split('class="timeline"', 1)[1].split("</ol>", 1)[0]
    assert "Đã tiếp nhận" in timeline
    assert "Đã gọi điện xác minh" not in page
