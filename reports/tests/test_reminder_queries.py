"""The morning reminders take the same number of queries whatever the number of
reports they remind of (CONVENTIONS 11: no queries in loops)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from reports.models import AgencyMembership, Delivery, Notification, Report
from reports.notifications import reminders

from .factories import AgencyMembershipFactory, IocOperatorFactory, report_in_state

pytestmark = pytest.mark.django_db

S = Report.Status
VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime(2026, 3, 9, 7, 0, tzinfo=VN)  # a working morning
DUE_TODAY = datetime(2026, 3, 9, 17, 0, tzinfo=VN)
LAST_FRIDAY = datetime(2026, 3, 6, 17, 0, tzinfo=VN)


@pytest.fixture
def operators(db):
    return [IocOperatorFactory(email="ioc@example.vn"), IocOperatorFactory()]


def reports_to_remind(count: int) -> None:
    """`count` times: at an agency of its own (an officer with an e-mail address,
    a leader without one), a report due today and one overdue; and one overdue
    report still at the IOC."""
    reporter = UserFactory()
    for _ in range(count):
        officer = AgencyMembershipFactory(user__email="canbo@example.vn")
        AgencyMembershipFactory(agency=officer.agency, role=AgencyMembership.AgencyRole.LEADER)
        for status, deadline in ((S.FORWARDED, DUE_TODAY), (S.IN_PROGRESS, LAST_FRIDAY)):
            report_in_state(
                status, reporter=reporter, lead_agency=officer.agency, deadline=deadline
            )
        report_in_state(S.SUBMITTED, reporter=reporter, deadline=LAST_FRIDAY)


def queries_to_remind(count: int) -> int:
    reports_to_remind(count)
    with CaptureQueriesContext(connection) as queries:
        assert reminders.send_deadline_reminders(MONDAY) == 3 * count
    # Every notice was written: two per report at an agency (officer, leader),
    # two per overdue report for the IOC; one e-mail per notice with an address.
    assert Notification.objects.count() == count * (2 + 2 + 2 + 2)
    assert Delivery.objects.count() == count * (1 + 1)
    return len(queries)


@pytest.mark.parametrize("count", [5, 20])
def test_reminders_take_as_many_queries_for_many_reports_as_for_one(operators, count):
    one = queries_to_remind(1)
    Notification.objects.all().delete()
    Delivery.objects.all().delete()
    Report.objects.all().delete()

    assert queries_to_remind(count) == one


def test_reminders_queries(operators):
    """The number itself, so that a new query shows in review."""
    assert queries_to_remind(1) == 9
