"""What the public statistics tests (issue 6) share: ten reports on fixed dates
with a hand count next to each test, the helpers that make them, and an empty
cache around every test (autouse: a module importing it gets it). A test
module imports each fixture it uses under its own name (`from .stats_world
import world as world`): pytest finds it there, and linters read the import as
meant."""

from datetime import datetime

import pytest
from django.core.cache import cache

from reports.deadlines import VIETNAM
from reports.models import Report, Satisfaction

from .factories import AgencyFactory, CategoryFactory, report_in_state

S = Report.Status
FAR_FUTURE = datetime(2099, 1, 1, 17, 0, tzinfo=VIETNAM)


def at(day, hour=8, minute=0):
    return datetime(2026, *day, hour, minute, tzinfo=VIETNAM)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def handled(status, category, agency, sent, resolved=None, deadline=FAR_FUTURE, is_public=True):
    """A public report sent and forwarded at `sent`, answered at `resolved`."""
    fields = {
        "submitted_at": sent,
        "received_at": sent,
        "forwarded_at": sent,
        "is_public": is_public,
    }
    if resolved:
        fields["resolved_at"] = resolved
    return report_in_state(
        status, category=category, lead_agency=agency, deadline=deadline, **fields
    )


def rate(report, level, comment=""):
    Satisfaction.objects.create(report=report, user=report.reporter, level=level, comment=comment)


@pytest.fixture
def world(db):
    """Ten reports, seven of them public; the hand count is next to each test."""
    roads = CategoryFactory(name="Giao thông")
    green = CategoryFactory(name="Môi trường")
    transport = AgencyFactory(name="Sở Giao thông vận tải")
    ward = AgencyFactory(name="UBND phường Đông Hà")
    # Transport: 4 received, 3 answered, 2 on time, 1 late + 1 open past deadline.
    r1 = handled(  # Mon 5 Jan 08:00 -> Wed 7 Jan 08:00: 7 + 7.5 + 0.5 = 15 h = 2 days
        S.PUBLISHED, roads, transport, at((1, 5)), at((1, 7)), deadline=at((1, 9), 17)
    )
    rate(r1, Satisfaction.Level.SATISFIED)
    handled(  # 08:00 -> 15:00 the same Monday: 3.5 + 1.5 = 5 h; deadline 12:00, late
        S.RESOLVED, roads, transport, at((1, 12)), at((1, 12), 15), deadline=at((1, 12), 12)
    )
    handled(S.IN_PROGRESS, green, transport, at((2, 2)), deadline=at((2, 3), 17))
    r10 = handled(  # Mon 2 Mar 08:00 -> 17:00: 7 h
        S.PUBLISHED, roads, transport, at((3, 2)), at((3, 2), 17), deadline=at((3, 6), 17)
    )
    rate(r10, Satisfaction.Level.ACCEPTABLE)
    # Ward: 2 received, 1 answered on time in 7.5 h = 1 day, rated dissatisfied.
    handled(S.FORWARDED, green, ward, at((2, 3)))
    r5 = handled(S.PUBLISHED, green, ward, at((2, 4)), at((2, 5)), deadline=at((2, 10), 17))
    rate(r5, Satisfaction.Level.DISSATISFIED, "Chưa sửa xong.")
    report_in_state(S.RECEIVED, category=roads, submitted_at=at((2, 10)), is_public=True)
    # Never counted: what the public may not see.
    hidden = AgencyFactory(name="UBND xã Hải An")
    handled(S.FORWARDED, green, hidden, at((2, 9)), is_public=False)
    report_in_state(S.REJECTED, category=roads, submitted_at=at((2, 11)))
    report_in_state(S.SUBMITTED, category=roads, submitted_at=at((2, 12)))
    report_in_state(S.DRAFT, category=roads)


def status_counts(stats):
    return {row["status"]: row["count"] for row in stats["by_status"]}
