"""The public statistics page (issue 6): every figure against a hand count on
fixed data, the CSV downloads, the date filter, the cache, a query count that
does not grow with the data, and axe-core in a browser."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from phananh.testing.browser import assert_accessible
from reports import tasks
from reports.deadlines import VIETNAM
from reports.models import Report, Satisfaction
from reports.opendata import statistics

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


def read_csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.mark.parametrize(
    ("name", "header", "first_row"),
    [
        ("trang-thai", ["Trạng thái", "Số phản ánh"], ["Đã tiếp nhận", "1"]),
        ("chuyen-muc", ["Chuyên mục", "Số phản ánh"], ["Giao thông", "4"]),
        ("thang", ["Tháng", "Số phản ánh"], ["2026-01", "2"]),
        (
            "co-quan",
            [
                "Cơ quan",
                "Đã nhận",
                "Đã trả lời",
                "Đúng hạn",
                "Quá hạn",
                "Thời gian xử lý trung bình (ngày làm việc)",
                "Hài lòng",
                "Hài lòng (%)",
                "Chấp nhận",
                "Chấp nhận (%)",
                "Không hài lòng",
                "Không hài lòng (%)",
            ],
            [
                "Sở Giao thông vận tải",
                "4",
                "3",
                "2",
                "2",
                "1.2",
                "1",
                "50.0",
                "1",
                "50.0",
                "0",
                "0.0",
            ],
        ),
    ],
)
def test_csv_downloads(client, world, name, header, first_row):
    response = client.get(reverse("reports:stats_csv", args=[name]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="thong-ke-{name}.csv"'
    rows = read_csv(response)
    assert rows[0] == header
    assert rows[1] == first_row


def test_csv_honours_the_date_filter(client, world):
    response = client.get(
        reverse("reports:stats_csv", args=["thang"]),
        {"sent_from": "2026-03-01", "sent_to": "2026-03-31"},
    )
    assert read_csv(response) == [["Tháng", "Số phản ánh"], ["2026-03", "1"]]
    assert "thong-ke-thang_2026-03-01_2026-03-31.csv" in response["Content-Disposition"]


def test_unknown_csv_is_404(client, db):
    assert client.get("/thong-ke/khac.csv").status_code == 404


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


def test_figures_are_kept_in_no_language_and_labelled_when_shown(world):
    statistics.figures()
    with translation.override("en"):
        stats = statistics.figures()
    assert stats["by_status"][0]["label"] == "Received"
    assert stats["satisfaction"]["labels"]["satisfied"] == "Satisfied"
    assert statistics.figures()["by_status"][0]["label"] == "Đã tiếp nhận"


def test_statistics_csv_disarms_names_that_look_like_formulas(client, db):
    category = CategoryFactory(name='=HYPERLINK("http://x.example","Bấm")')
    handled(S.PUBLISHED, category, AgencyFactory(name="@SUM(A1)"), at((1, 5)), at((1, 7)))

    categories = read_csv(client.get(reverse("reports:stats_csv", args=["chuyen-muc"])))
    agencies = read_csv(client.get(reverse("reports:stats_csv", args=["co-quan"])))

    assert categories[1][0] == "'" + category.name
    assert agencies[1][0] == "'@SUM(A1)"


def test_a_report_kept_private_changes_no_figure_even_for_its_day(world):
    """World: the only report sent on 9 February is not public."""
    day = date(2026, 2, 9)
    stats = statistics.compute(day, day)

    assert stats["total"] == 0
    assert stats["by_category"] == [] and stats["by_agency"] == [] and stats["by_month"] == []
    whole = statistics.compute()
    assert "UBND xã Hải An" not in {row["name"] for row in whole["by_agency"]}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_waiting_for_its_figures_is_clear_and_accessible(page, queued):
    page.goto("/thong-ke/?sent_from=2026-02-01")
    page.get_by_text("Số liệu đang được tính").wait_for()
    assert page.get_by_role("link", name="Tải lại").is_visible()
    assert_accessible(page)
