"""The public statistics' figures (issue 6): every one against a hand count on
fixed data, kept in no language and labelled when shown, and never moved by a
report kept private."""

from datetime import date

from django.utils import translation

from reports.opendata import statistics

from .stats_world import empty_cache as empty_cache
from .stats_world import status_counts
from .stats_world import world as world


def test_every_figure_matches_the_hand_count(world):
    stats = statistics.figures()

    assert status_counts(stats) == {
        "received": 1,
        "forwarded": 1,
        "in_progress": 1,
        "resolved": 1,
        "published": 3,
    }
    assert stats["total"] == 7
    assert stats["by_category"] == [
        {"name": "Giao thông", "count": 4},
        {"name": "Môi trường", "count": 3},
    ]
    assert stats["by_month"] == [
        {"month": "2026-01", "count": 2},
        {"month": "2026-02", "count": 4},
        {"month": "2026-03", "count": 1},
    ]
    transport, ward = stats["by_agency"]
    assert transport == {
        "name": "Sở Giao thông vận tải",
        "received": 4,
        "answered": 3,
        "on_time": 2,
        "overdue": 2,
        "open_overdue": 1,
        "answered_late": 1,
        "average_days": 1.2,  # (15 + 5 + 7) h / 7.5 / 3
        "satisfied": 1,
        "acceptable": 1,
        "dissatisfied": 0,
        "rated": 2,
        "satisfied_pct": 50.0,
        "acceptable_pct": 50.0,
        "dissatisfied_pct": 0.0,
    }
    assert ward == {
        "name": "UBND phường Đông Hà",
        "received": 2,
        "answered": 1,
        "on_time": 1,
        "overdue": 0,
        "open_overdue": 0,
        "answered_late": 0,
        "average_days": 1.0,
        "satisfied": 0,
        "acceptable": 0,
        "dissatisfied": 1,
        "rated": 1,
        "satisfied_pct": 0.0,
        "acceptable_pct": 0.0,
        "dissatisfied_pct": 100.0,
    }
    satisfaction = stats["satisfaction"]
    assert (
        satisfaction["satisfied"],
        satisfaction["acceptable"],
        satisfaction["dissatisfied"],
    ) == (
        1,
        1,
        1,
    )
    assert satisfaction["rated"] == 3
    assert satisfaction["satisfied_pct"] == 33.3


def test_figures_are_kept_in_no_language_and_labelled_when_shown(world):
    statistics.figures()
    with translation.override("en"):
        stats = statistics.figures()
    assert stats["by_status"][0]["label"] == "Received"
    assert stats["satisfaction"]["labels"]["satisfied"] == "Satisfied"
    assert statistics.figures()["by_status"][0]["label"] == "Đã tiếp nhận"


def test_a_report_kept_private_changes_no_figure_even_for_its_day(world):
    """World: the only report sent on 9 February is not public."""
    day = date(2026, 2, 9)
    stats = statistics.compute(day, day)

    assert stats["total"] == 0
    assert stats["by_category"] == [] and stats["by_agency"] == [] and stats["by_month"] == []
    whole = statistics.compute()
    assert "UBND xã Hải An" not in {row["name"] for row in whole["by_agency"]}
