"""The public statistics' cache (issue 6): figures cached per date range and
refreshed by beat in every language, the cached page makes no query, and the
page's query count does not grow with the data."""

from datetime import date, timedelta

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from reports import tasks
from reports.models import Satisfaction
from reports.opendata import statistics

from .factories import AgencyFactory, CategoryFactory, report_in_state
from .stats_world import S, at, handled, rate
from .stats_world import empty_cache as empty_cache
from .stats_world import world as world


def test_figures_are_cached_per_date_range(world, django_assert_num_queries):
    statistics.figures()
    with django_assert_num_queries(0):
        assert statistics.figures()["total"] == 7

    february = (date(2026, 2, 1), date(2026, 2, 28))
    assert statistics.figures(*february)["total"] == 4  # another key: computed afresh
    report_in_state(S.RECEIVED, submitted_at=at((1, 20)), is_public=True)
    assert statistics.figures()["total"] == 7  # still the cached figures
    cache.clear()
    assert statistics.figures()["total"] == 8


def test_beat_refreshes_the_whole_period_figures_in_every_language(
    world, django_assert_num_queries
):
    statistics.figures()
    report_in_state(S.RECEIVED, submitted_at=at((1, 20)), is_public=True)

    tasks.refresh_statistics()

    with django_assert_num_queries(0):
        assert statistics.figures()["total"] == 8  # the new report, with no query
        with translation.override("en"):
            assert statistics.figures()["total"] == 8


def test_page_from_cache_makes_no_query(client, world, django_assert_num_queries):
    client.get(reverse("reports:stats"))
    with django_assert_num_queries(0):
        assert client.get(reverse("reports:stats")).status_code == 200


def page_queries(client):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reports:stats")).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_reports(client, world):
    before = page_queries(client)
    agency = AgencyFactory()
    category = CategoryFactory()
    start = at((3, 9))
    for day in range(10):
        report = handled(
            S.PUBLISHED,
            category,
            agency,
            start + timedelta(days=day),
            start + timedelta(days=day, hours=3),
        )
        rate(report, Satisfaction.Level.SATISFIED)
    assert page_queries(client) == before
