"""Issue 14, defect 5: the citizen's urgent tick is not shown as "Bình thường"
while the IOC has not decided the level; once it has, the page shows its
decision (Report.level_decided, Report.urgent_request_pending)."""

import re

import pytest

from reports import workflow
from reports.models import Report

from .factories import IocOperatorFactory, report_in_state
from .helpers import detail_url, text

pytestmark = pytest.mark.django_db

S = Report.Status
TO_REPORTER = "Bạn đã đề nghị khẩn – đang chờ IOC xem xét"
TO_OTHERS = "Đề nghị khẩn – đang chờ IOC xem xét"


def level_shown(page: str) -> str | None:
    match = re.search(r"<dt>Mức độ</dt><dd[^>]*>(.*?)</dd>", page)
    return match[1] if match else None


def test_before_receipt_the_level_is_undecided():
    waiting = report_in_state(S.SUBMITTED, urgent_requested=True)
    assert not waiting.level_decided
    assert waiting.urgent_request_pending
    plain = report_in_state(S.SUBMITTED)
    assert not plain.level_decided and not plain.urgent_request_pending


@pytest.mark.parametrize("level", [Report.Level.NORMAL, Report.Level.URGENT])
def test_the_receipt_decides_it(level):
    report = report_in_state(S.SUBMITTED, urgent_requested=True)
    report = workflow.report_receive(
        report=report,
        actor=IocOperatorFactory(),
        category=report.category,
        level=level,
        is_public=True,
    )
    assert report.level_decided
    assert not report.urgent_request_pending
    assert report.level == level


def test_a_report_refused_unreceived_closes_the_request():
    refused = report_in_state(S.REJECTED, urgent_requested=True)
    assert not refused.level_decided and not refused.urgent_request_pending
    received_then_refused = report_in_state(S.REJECTED, received_at=refused.submitted_at)
    assert received_then_refused.level_decided


def test_the_reporter_sees_their_request_waiting(citizen_client, citizen):
    report = report_in_state(S.SUBMITTED, reporter=citizen, urgent_requested=True)
    page = text(citizen_client.get(detail_url(report.code)))
    assert level_shown(page) == TO_REPORTER
    assert "Bình thường" not in page


def test_the_ioc_sees_it_waiting_in_neutral_words(client, citizen, ioc_staff):
    report = report_in_state(S.SUBMITTED, reporter=citizen, urgent_requested=True)
    client.force_login(ioc_staff)
    page = text(client.get(detail_url(report.code)))
    assert level_shown(page) == TO_OTHERS
    assert "Bình thường" not in page


def test_no_level_at_all_before_receipt_without_a_request(citizen_client, citizen):
    report = report_in_state(S.SUBMITTED, reporter=citizen)
    page = text(citizen_client.get(detail_url(report.code)))
    assert level_shown(page) is None
    assert "Bình thường" not in page


@pytest.mark.parametrize(
    ("level", "shown"), [(Report.Level.NORMAL, "Bình thường"), (Report.Level.URGENT, "Khẩn")]
)
def test_once_decided_the_page_shows_the_iocs_level(citizen_client, citizen, level, shown):
    report = report_in_state(
        S.RECEIVED, reporter=citizen, urgent_requested=True, level=level, is_public=True
    )
    page = text(citizen_client.get(detail_url(report.code)))
    assert level_shown(page) == shown
    assert "đang chờ IOC xem xét" not in page
