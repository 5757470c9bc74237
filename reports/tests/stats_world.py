"""What the public statistics tests (issue 6) share: ten reports on fixed dates
with a hand count next to each test, the helpers that make them, and an empty
cache around every test (autouse: a module importing it gets it). A test
module imports each fixture it uses under its own name (`from .stats_world
import world as world`): pytest finds it there, and linters read the import as
meant."""

from datetime import date, datetime

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


# --- The monthly rankings (issue 15) ---------------------------------------------------------
APRIL = date(2026, 4, 1)


@pytest.fixture
def month_world(db):
    """April 2026's agencies, with the ranking's hand count: A (100 % on time,
    100 % satisfied, 2 received) 1st; P1 and P2 (100 %, 100 %, 1) share the 2nd
    place; B (100 %, 0 %, 2) 4th; W (0 %, no rating, 2) 5th; E (nothing to
    measure yet) 6th. Seen at 15 April 08:00, W's open report is overdue. Not
    counted in April: a report sent just before and one just after the month,
    and the hidden agency's report, not public."""
    roads = CategoryFactory(name="Giao thông")
    agencies = {
        key: AgencyFactory(name=name)
        for key, name in {
            "A": "Sở Xây dựng",
            "B": "Sở Tài nguyên và Môi trường",
            "P1": "UBND phường 1",
            "P2": "UBND phường 2",
            "W": "Công ty Cấp nước",
            "E": "Công ty Điện lực",
            "hidden": "UBND xã Hải An",
        }.items()
    }
    deadline = at((4, 10), 17)
    # A: Mon 6 Apr 08:00 -> Tue 08:00 (1 working day) and -> Wed 08:00 (2): 1.5 on average.
    a1 = handled(S.PUBLISHED, roads, agencies["A"], at((4, 6)), at((4, 7)), deadline=deadline)
    rate(a1, Satisfaction.Level.SATISFIED)
    handled(S.RESOLVED, roads, agencies["A"], at((4, 6)), at((4, 8)), deadline=deadline)
    handled(S.PUBLISHED, roads, agencies["A"], at((3, 31), 23, 30), at((4, 1)))  # March's
    handled(S.FORWARDED, roads, agencies["A"], at((5, 1), 0, 10))  # May's
    b1 = handled(S.PUBLISHED, roads, agencies["B"], at((4, 6)), at((4, 7)), deadline=deadline)
    rate(b1, Satisfaction.Level.ACCEPTABLE)
    handled(S.PUBLISHED, roads, agencies["B"], at((4, 7)), at((4, 8)), deadline=deadline)
    for key in ("P1", "P2"):
        report = handled(
            S.PUBLISHED, roads, agencies[key], at((4, 8)), at((4, 9)), deadline=deadline
        )
        rate(report, Satisfaction.Level.SATISFIED)
    # W: answered a day after its deadline, and open past its deadline of 7 April.
    handled(S.PUBLISHED, roads, agencies["W"], at((4, 6)), at((4, 8)), deadline=at((4, 7)))
    handled(S.IN_PROGRESS, roads, agencies["W"], at((4, 6)), deadline=at((4, 7), 17))
    handled(S.FORWARDED, roads, agencies["E"], at((4, 13)))  # deadline far away
    handled(S.FORWARDED, roads, agencies["hidden"], at((4, 6)), is_public=False)
    report_in_state(S.REJECTED, category=roads, submitted_at=at((4, 6)))
    return agencies


def ranked_names(rows):
    return [(row["rank"], row["name"]) for row in rows]
