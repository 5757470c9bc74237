"""The public statistics page /thong-ke/ (issue 6): its tables and embedded
JSON, the footer link, the date filter and a wrong date, and in a browser the
charts and axe-core."""

import pytest
from django.urls import reverse

from phananh.testing.browser import assert_accessible
from reports.models import Report, Satisfaction

from .factories import AgencyFactory, CategoryFactory, report_in_state
from .stats_world import S, at, handled, rate, status_counts
from .stats_world import empty_cache as empty_cache
from .stats_world import world as world


def test_page_shows_the_figures_in_tables_and_embedded_json(client, world):
    response = client.get(reverse("reports:stats"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="stats-data"' in html
    assert "<caption>Số phản ánh theo trạng thái</caption>" in html
    assert '<th scope="row">Sở Giao thông vận tải</th>' in html
    assert "vendor/chart.js-4.6.1/chart.umd.min.js" in html
    assert response.context["stats"]["total"] == 7
    assert "Chưa sửa xong" not in html  # no comment, name or code leaks
    assert Report.objects.filter(status=S.PUBLISHED).first().code not in html


def test_footer_links_the_page(client, db):
    html = client.get(reverse("reports:home")).content.decode()
    assert f'href="{reverse("reports:stats")}"' in html


def test_date_filter_counts_reports_sent_in_the_range(client, world):
    response = client.get(
        reverse("reports:stats"), {"sent_from": "2026-02-01", "sent_to": "2026-02-28"}
    )

    stats = response.context["stats"]
    assert status_counts(stats) == {
        "received": 1,
        "forwarded": 1,
        "in_progress": 1,
        "resolved": 0,
        "published": 1,
    }
    assert stats["by_category"] == [
        {"name": "Môi trường", "count": 3},
        {"name": "Giao thông", "count": 1},
    ]
    assert stats["by_month"] == [{"month": "2026-02", "count": 4}]
    transport = next(row for row in stats["by_agency"] if row["name"].startswith("Sở"))
    assert (transport["received"], transport["answered"], transport["overdue"]) == (1, 0, 1)
    assert transport["average_days"] is None
    assert 'href="/thong-ke/co-quan.csv?sent_from=2026-02-01&amp;sent_to=2026-02-28"' in (
        response.content.decode()
    )


def test_a_wrong_date_is_shown_and_ignored(client, world):
    response = client.get(reverse("reports:stats"), {"sent_from": "hôm qua"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors
    assert response.context["stats"]["total"] == 7


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_page_in_browser_draws_charts_and_is_accessible(page):
    roads = CategoryFactory(name="Giao thông")
    agency = AgencyFactory(name="Sở Giao thông vận tải")
    report = handled(S.PUBLISHED, roads, agency, at((1, 5)), at((1, 7)), deadline=at((1, 9), 17))
    rate(report, Satisfaction.Level.SATISFIED)
    handled(S.IN_PROGRESS, roads, agency, at((2, 2)), deadline=at((2, 3), 17))
    report_in_state(S.REJECTED, category=roads, submitted_at=at((2, 11)))

    page.goto("/thong-ke/")
    for chart in ("status", "category", "agency", "satisfaction", "month"):
        page.wait_for_function(f"() => !!Chart.getChart('chart-{chart}')")
    assert page.locator("table caption").count() == 5
    assert_accessible(page)
    page.get_by_label("Gửi từ ngày").fill("2026-02-01")
    page.get_by_role("button", name="Áp dụng").click()
    page.wait_for_url("**sent_from=2026-02-01**")
    assert_accessible(page)
