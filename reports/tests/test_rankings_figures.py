"""The agencies' monthly figures and their rank (issue 15): against a hand count
on fixed data (stats_world.month_world), seen at a fixed moment (`now`, never
the clock). One rule with the statistics page, only agencies that received a
public report in the month, the days of the month in Vietnam's time, ties
sharing a rank, and a number of queries that does not grow with the agencies."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.opendata import rankings, statistics

from .factories import AgencyFactory, CategoryFactory
from .stats_world import APRIL, S, at, handled, ranked_names
from .stats_world import empty_cache as empty_cache
from .stats_world import month_world as month_world

MID_APRIL = at((4, 15))


def test_every_figure_of_the_month_matches_the_hand_count(month_world):
    rows = {row["name"]: row for row in rankings.month_figures(APRIL, now=MID_APRIL)}

    assert rows["Sở Xây dựng"] == {
        "rank": 1,
        "agency_id": month_world["A"].pk,
        "name": "Sở Xây dựng",
        "received": 2,  # not the report of 31 March 23:30 nor that of 1 May 00:10
        "answered": 2,
        "on_time": 2,
        "late": 0,
        "on_time_rate": 100.0,
        "average_working_days": 1.5,  # (1 + 2) / 2
        "satisfied": 1,
        "acceptable": 0,
        "dissatisfied": 0,
        "satisfied_rate": 100.0,
    }
    water = rows["Công ty Cấp nước"]
    assert (water["received"], water["answered"], water["on_time"], water["late"]) == (2, 1, 0, 2)
    assert (water["on_time_rate"], water["satisfied_rate"]) == (0.0, None)
    assert water["average_working_days"] == 2.0
    power = rows["Công ty Điện lực"]
    assert (power["received"], power["on_time_rate"], power["average_working_days"]) == (
        1,
        None,
        None,
    )
    assert rows["Sở Tài nguyên và Môi trường"]["satisfied_rate"] == 0.0  # one "Chấp nhận"


def test_the_rank_follows_on_time_then_satisfaction_then_volume_and_ties_share(month_world):
    rows = rankings.month_figures(APRIL, now=MID_APRIL)

    assert ranked_names(rows) == [
        (1, "Sở Xây dựng"),  # 100 %, 100 %, 2 received
        (2, "UBND phường 1"),  # 100 %, 100 %, 1: equal to the next one
        (2, "UBND phường 2"),
        (4, "Sở Tài nguyên và Môi trường"),  # 100 %, 0 %
        (5, "Công ty Cấp nước"),  # 0 %
        (6, "Công ty Điện lực"),  # nothing to measure comes last
    ]


def test_only_agencies_that_received_a_public_report_that_month_are_ranked(month_world):
    names = {row["name"] for row in rankings.month_figures(APRIL, now=MID_APRIL)}
    assert "UBND xã Hải An" not in names  # its only report is not public

    march = rankings.month_figures(date(2026, 3, 1), now=MID_APRIL)
    assert ranked_names(march) == [(1, "Sở Xây dựng")]  # the report of 31 March, 23:30
    assert rankings.month_figures(date(2026, 2, 1), now=MID_APRIL) == []


def test_the_month_uses_the_statistics_page_rule(month_world):
    """The same counts as the statistics page for the month's days."""
    page = statistics.compute(APRIL, date(2026, 4, 30), now=MID_APRIL)["by_agency"]
    rows = {row["name"]: row for row in rankings.month_figures(APRIL, now=MID_APRIL)}

    for agency in page:
        row = rows[agency["name"]]
        assert (row["received"], row["on_time"], row["late"]) == (
            agency["received"],
            agency["on_time"],
            agency["overdue"],
        )
        assert row["average_working_days"] == agency["average_days"]


def test_rates_equal_as_published_share_a_rank():
    rows = [
        {"name": "B", "on_time_rate": 66.7, "satisfied_rate": None, "received": 3},
        {"name": "A", "on_time_rate": 66.7, "satisfied_rate": None, "received": 3},
        {"name": "C", "on_time_rate": 66.7, "satisfied_rate": None, "received": 6},
        {"name": "D", "on_time_rate": None, "satisfied_rate": 100.0, "received": 9},
    ]
    assert ranked_names(rankings.ranked(rows)) == [(1, "C"), (2, "A"), (2, "B"), (4, "D")]


def test_the_queries_do_not_grow_with_the_agencies(db):
    roads = CategoryFactory()

    def add_agencies(count):
        for _ in range(count):
            handled(S.PUBLISHED, roads, AgencyFactory(), at((4, 6)), at((4, 7)))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            rows = rankings.month_figures(APRIL, now=MID_APRIL)
        return len(captured), len(rows)

    add_agencies(2)
    few, ranked = queries()
    add_agencies(6)
    many, ranked_more = queries()
    assert (ranked, ranked_more) == (2, 8)
    assert many == few == 2
