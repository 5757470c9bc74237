"""The public statistics computed in the background (issue 6): a request never
computes them but asks Celery once, the page and the CSV say they are not
ready, old figures are shown while new ones are computed, a broker that is down
leaves the page waiting, and the waiting page is clear and accessible."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phananh.testing.browser import assert_accessible
from reports import tasks
from reports.opendata import statistics

from .factories import report_in_state
from .stats_world import S, at
from .stats_world import empty_cache as empty_cache
from .stats_world import world as world


@pytest.fixture
def queued(monkeypatch):
    """Computations asked of Celery, recorded instead of run (a worker elsewhere)."""
    asked = []
    monkeypatch.setattr(tasks.compute_statistics, "delay", lambda *days: asked.append(days))
    return asked


def test_a_request_never_computes_the_figures(client, world, queued):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:stats"), {"sent_from": "2026-02-01"})

    assert response.status_code == 200
    assert "Số liệu đang được tính" in response.content.decode()
    assert "no-store" in response["Cache-Control"]  # neither the page cache nor a browser keeps it
    assert not [q for q in queries if "reports_report" in q["sql"]]
    client.get(reverse("reports:stats"), {"sent_from": "2026-02-01"})
    assert queued == [("2026-02-01", None)]  # asked once, not once per visitor

    tasks.compute_statistics(*queued[0])  # the worker's turn
    response = client.get(reverse("reports:stats"), {"sent_from": "2026-02-01"})
    assert response.context["stats"]["total"] == 5
    assert "Số liệu đang được tính" not in response.content.decode()


def test_csv_says_when_the_figures_are_not_ready(client, world, queued):
    response = client.get(reverse("reports:stats_csv", args=["trang-thai"]))

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Số liệu đang được tính" in response.content.decode()


def test_old_figures_are_shown_while_new_ones_are_computed(world, queued, monkeypatch):
    statistics.store()
    report_in_state(S.RECEIVED, submitted_at=at((1, 20)), is_public=True)
    later = timezone.now() + timedelta(seconds=statistics.REFRESH_SECONDS + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert statistics.figures()["total"] == 7  # the old figures, at once
    assert queued == [(None, None)]
    tasks.compute_statistics()
    assert statistics.figures()["total"] == 8


def test_a_broker_down_leaves_the_page_waiting_and_asks_again(client, world, monkeypatch):
    def broker_down(*days):
        raise OSError("Connection refused")

    monkeypatch.setattr(tasks.compute_statistics, "delay", broker_down)
    assert client.get(reverse("reports:stats")).status_code == 200
    assert statistics.figures() is None
    monkeypatch.undo()
    assert statistics.figures()["total"] == 7  # the marker went with the failure


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_waiting_for_its_figures_is_clear_and_accessible(page, queued):
    page.goto("/thong-ke/?sent_from=2026-02-01")
    page.get_by_text("Số liệu đang được tính").wait_for()
    assert page.get_by_role("link", name="Tải lại").is_visible()
    assert_accessible(page)
