"""A month's ranking fixed once the month is over (issue 15): frozen once and
never moved by later changes, by beat early on the 1st or, for a month asked
for before, by the task and never in the request; the current month computed
in the background, cached and provisional ("Tạm tính")."""

from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from reports import tasks
from reports.models import MonthlyAgencyFigures, MonthlyRanking, Report
from reports.opendata import rankings, statistics

from .stats_world import APRIL, S, at, handled, ranked_names, rate
from .stats_world import empty_cache as empty_cache
from .stats_world import month_world as month_world

MID_APRIL = at((4, 15))
MAY_FIRST = at((5, 1), 0, 15)


@pytest.fixture
def queued(monkeypatch):
    """Rankings asked of Celery, recorded instead of run (a worker elsewhere)."""
    asked = []
    monkeypatch.setattr(tasks.rank_month, "delay", lambda *args: asked.append(args))
    return asked


@pytest.fixture
def clock(monkeypatch):
    """Sets the portal's clock (the page and the tasks read timezone.now)."""

    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


def change_april(agencies):
    """What happens after April: answers, ratings, a late-registered report, a new name."""
    open_one = Report.objects.get(lead_agency=agencies["E"])
    open_one.status, open_one.resolved_at = S.PUBLISHED, at((5, 4))
    open_one.save()
    rate(Report.objects.get(lead_agency=agencies["W"], status=S.PUBLISHED), "satisfied")
    handled(S.PUBLISHED, None, agencies["B"], at((4, 20)), at((4, 21)), deadline=at((4, 24)))
    agencies["A"].name = "Sở Xây dựng (mới)"
    agencies["A"].save()


def test_a_month_that_is_over_is_fixed_and_later_changes_do_not_move_it(month_world):
    rankings.freeze_month(APRIL, now=MAY_FIRST)
    before = rankings.ranking(APRIL, now=MAY_FIRST)

    change_april(month_world)
    moved = rankings.month_figures(APRIL, now=at((5, 6)))
    assert ranked_names(moved) != ranked_names(before["rows"])  # live figures would move
    rankings.freeze_month(APRIL, now=at((5, 6)))  # again: nothing is written
    after = rankings.ranking(APRIL, now=at((5, 6)))

    assert after == before
    assert after["provisional"] is False
    assert after["computed_at"] == MAY_FIRST
    assert ranked_names(after["rows"])[0] == (1, "Sở Xây dựng")
    assert MonthlyRanking.objects.count() == 1
    assert MonthlyAgencyFigures.objects.count() == 6


def test_a_month_in_which_no_agency_received_anything_is_fixed_too(month_world):
    rankings.freeze_month(APRIL.replace(month=2), now=MAY_FIRST)
    frozen = rankings.ranking(APRIL.replace(month=2), now=MAY_FIRST)
    assert (frozen["provisional"], frozen["rows"]) == (False, [])


def test_the_current_month_is_never_frozen(month_world):
    with pytest.raises(ValueError, match="2026-04 is not over"):
        rankings.freeze_month(APRIL, now=at((4, 30), 23, 59))
    assert not MonthlyRanking.objects.exists()


def test_beat_freezes_the_month_that_has_just_ended_early_on_the_first(month_world, clock):
    entry = settings.CELERY_BEAT_SCHEDULE["freeze-last-month"]
    assert entry["task"] == tasks.freeze_last_month.name
    assert entry["schedule"] == crontab(hour=0, minute=15, day_of_month=1)

    clock(MAY_FIRST)
    tasks.freeze_last_month()
    tasks.freeze_last_month()  # safe to run twice

    ranking = MonthlyRanking.objects.get()
    assert (ranking.month, ranking.computed_at) == (APRIL, MAY_FIRST)
    assert [(row.rank, row.agency_name) for row in ranking.rows.all()][:3] == [
        (1, "Sở Xây dựng"),
        (2, "UBND phường 1"),
        (2, "UBND phường 2"),
    ]


def test_a_past_month_asked_for_first_is_frozen_by_the_task_not_the_request(
    client, month_world, queued, clock
):
    clock(at((5, 12)))
    url = reverse("reports:rankings")
    response = client.get(url, {"thang": "2026-04"})

    assert "Số liệu đang được tính" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert not MonthlyRanking.objects.exists()
    client.get(url, {"thang": "2026-04"})
    assert queued == [("2026-04-01",)]  # asked once, not once per visitor

    tasks.rank_month(*queued[0])  # the worker's turn
    response = client.get(url, {"thang": "2026-04"})
    assert response.context["ranking"]["provisional"] is False
    assert "Đã chốt" in response.content.decode()
    assert MonthlyRanking.objects.get().computed_at == at((5, 12))


def test_the_current_month_is_provisional_and_computed_in_the_background(
    client, month_world, queued, clock
):
    clock(MID_APRIL)
    url = reverse("reports:rankings")
    assert "Số liệu đang được tính" in client.get(url, {"thang": "2026-04"}).content.decode()
    tasks.rank_month(*queued[0])

    response = client.get(url, {"thang": "2026-04"})
    html = response.content.decode()
    assert response.context["ranking"]["provisional"] is True
    assert "Tạm tính" in html and "(tạm tính)" in html
    assert not MonthlyRanking.objects.exists()  # kept in the cache only
    assert len(queued) == 1

    change_april(month_world)  # the cached figures are shown until they are old
    assert rankings.ranking(APRIL, now=MID_APRIL)["rows"][0]["name"] == "Sở Xây dựng"
    later = MID_APRIL + timedelta(seconds=statistics.REFRESH_SECONDS + 1)
    clock(later)
    assert rankings.ranking(APRIL, now=later)["rows"][0]["name"] == "Sở Xây dựng"
    assert len(queued) == 2  # asked again, old figures meanwhile
    tasks.rank_month(*queued[1])
    rows = rankings.ranking(APRIL, now=later)["rows"]
    assert {row["name"] for row in rows} >= {"Sở Xây dựng (mới)"}
    power = next(row for row in rows if row["name"] == "Công ty Điện lực")
    assert power["answered"] == 1


def test_a_broker_down_leaves_the_page_waiting_and_asks_again(
    client, month_world, clock, monkeypatch
):
    def broker_down(*args):
        raise OSError("Connection refused")

    clock(at((5, 12)))
    monkeypatch.setattr(tasks.rank_month, "delay", broker_down)
    response = client.get(reverse("reports:rankings"), {"thang": "2026-04"})
    assert response.status_code == 200
    assert response.context["ranking"] is None
    monkeypatch.setattr(tasks.rank_month, "delay", tasks.rank_month)  # tasks run in-process
    assert rankings.ranking(APRIL, now=at((5, 12)))["rows"]  # the marker went with the failure
