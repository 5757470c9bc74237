"""The monthly ranking's page /thong-ke/xep-hang/ and its CSV (issue 15): the
table, the chart's data, the link from /thong-ke/, the month form and its
errors, the CSV (BOM, disarmed cells), queries that do not grow with the
agencies, and in a browser the chart and axe-core at 390 and 1280 px."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phananh.testing.browser import assert_accessible
from reports.opendata import rankings

from .factories import AgencyFactory, CategoryFactory
from .stats_world import APRIL, S, at, handled
from .stats_world import empty_cache as empty_cache
from .stats_world import month_world as month_world

URL = "/thong-ke/xep-hang/"


@pytest.fixture
def in_may(monkeypatch):
    """The portal's clock on 12 May 2026: April is over, May is the current month."""
    monkeypatch.setattr(timezone, "now", lambda: at((5, 12)))


def read_csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_the_month_that_ended_is_shown_in_an_accessible_table(client, month_world, in_may):
    response = client.get(reverse("reports:rankings"))

    assert response.status_code == 200
    assert response.context["month"] == APRIL  # by default the last month that is over
    html = response.content.decode()
    assert '<caption id="ranking-caption">Xếp hạng cơ quan xử lý tháng 4/2026</caption>' in html
    assert '<th scope="row">Sở Xây dựng</th>' in html
    assert '<th scope="col" class="num">Tỉ lệ đúng hạn</th>' in html
    assert "Xếp hạng theo tỉ lệ đúng hạn, rồi tỉ lệ hài lòng, rồi số phản ánh đã nhận" in html
    assert "Đã chốt" in html
    assert 'id="ranking-data"' in html and "js/rankings.js" in html
    chart = response.context["chart"]
    assert chart["names"][:2] == ["Sở Xây dựng", "UBND phường 1"]
    assert chart["rates"] == [100.0, 100.0, 100.0, 100.0, 0.0, None]
    assert "UBND xã Hải An" not in html  # its only report is not public
    assert 'href="/thong-ke/xep-hang.csv?thang=2026-04"' in html


def test_no_month_chosen_is_the_default_month(client, month_world, in_may):
    response = client.get(URL, {"thang": ""})
    assert (response.context["month"], response.context["form"].errors) == (APRIL, {})


def test_the_statistics_page_links_the_ranking(client, db):
    html = client.get(reverse("reports:stats")).content.decode()
    assert f'href="{reverse("reports:rankings")}"' in html


def test_the_month_chooser_lists_the_months_with_reports_newest_first(client, month_world, in_may):
    form = client.get(URL).context["form"]

    assert form["thang"].label == "Tháng"
    assert form.fields["thang"].widget.choices == [
        ("2026-05", "Tháng 5/2026"),
        ("2026-04", "Tháng 4/2026"),
        ("2026-03", "Tháng 3/2026"),  # the first public report: 31 March
    ]
    assert "selected>Tháng 4/2026</option>" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("tháng tư", "Tháng không hợp lệ. Hãy chọn một tháng trong danh sách."),
        ("2026-13", "Tháng không hợp lệ. Hãy chọn một tháng trong danh sách."),
        ("2026-06", "Tháng 6/2026 chưa đến. Hãy chọn tháng này hoặc một tháng đã qua."),
        ("2026-02", "Chưa có số liệu trước tháng 3/2026."),
    ],
)
def test_a_wrong_month_is_said_by_the_field_and_never_a_500(
    client, month_world, in_may, value, message
):
    response = client.get(URL, {"thang": value})

    assert response.status_code == 200
    assert response.context["form"].errors["thang"] == [message]
    assert response.context["month"] == APRIL  # the default month, shown instead
    html = response.content.decode()
    assert 'class="field__errors" id="id_thang_error"' in html
    assert client.get(reverse("reports:rankings_csv"), {"thang": value}).status_code == 404


def test_english_text(client, month_world, in_may):
    client.cookies["django_language"] = "en"
    html = client.get(URL, {"thang": "2026-05"}).content.decode()
    assert '<h1 id="page-title">Monthly ranking of the agencies</h1>' in html
    assert "Ranking of the agencies for 5/2026 (provisional)" in html
    assert "Agencies are ranked by on-time rate, then by satisfaction rate" in html
    assert 'data-rate="On-time rate"' in html  # the chart's axis, " (%)" added by the script

    html = client.get(URL, {"thang": "2026-06"}).content.decode()
    assert "Month 6/2026 has not begun yet. Choose this month or a past one." in html
    rows = read_csv(client.get(reverse("reports:rankings_csv"), {"thang": "2026-04"}))
    assert rows[0][:3] == ["Month", "Rank", "Agency"]
    assert rows[1][-1] == "Fixed"


def test_csv_of_the_month(client, month_world, in_may):
    response = client.get(reverse("reports:rankings_csv"), {"thang": "2026-04"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="xep-hang-co-quan-2026-04.csv"'
    rows = read_csv(response)
    assert rows[0] == [
        "Tháng",
        "Hạng",
        "Cơ quan",
        "Đã nhận",
        "Đã trả lời",
        "Đúng hạn",
        "Quá hạn",
        "Tỉ lệ đúng hạn (%)",
        "Thời gian xử lý trung bình (ngày làm việc)",
        "Hài lòng",
        "Chấp nhận",
        "Không hài lòng",
        "Tỉ lệ hài lòng (%)",
        "Số liệu",
    ]
    assert rows[1] == [
        "2026-04", "1", "Sở Xây dựng", "2", "2", "2", "0", "100.0", "1.5", "1", "0", "0", "100.0",
        "Đã chốt",
    ]  # fmt: skip
    assert rows[-1][1:3] == ["6", "Công ty Điện lực"]
    assert rows[-1][7:9] == ["", ""]  # nothing to measure
    assert len(rows) == 7


def test_csv_of_the_current_month_says_it_is_provisional(client, month_world, in_may):
    handled(S.PUBLISHED, CategoryFactory(), AgencyFactory(name="Sở Y tế"), at((5, 4)), at((5, 5)))
    response = client.get(reverse("reports:rankings_csv"), {"thang": "2026-05"})

    assert "xep-hang-co-quan-2026-05-tam-tinh.csv" in response["Content-Disposition"]
    rows = read_csv(response)
    assert [(row[1], row[2], row[-1]) for row in rows[1:]] == [
        ("1", "Sở Y tế", "Tạm tính"),
        ("2", "Sở Xây dựng", "Tạm tính"),  # its report of 1 May 00:10, still open
    ]


def test_csv_disarms_names_that_look_like_formulas(client, in_may, db):
    handled(S.PUBLISHED, CategoryFactory(), AgencyFactory(name="=SUM(A1)"), at((4, 6)), at((4, 7)))
    rows = read_csv(client.get(reverse("reports:rankings_csv"), {"thang": "2026-04"}))
    assert rows[1][2] == "'=SUM(A1)"


def test_csv_says_when_the_figures_are_not_ready(client, month_world, in_may, monkeypatch):
    monkeypatch.setattr(rankings, "ranking", lambda month, now: None)
    response = client.get(reverse("reports:rankings_csv"), {"thang": "2026-04"})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"


def test_the_page_costs_the_same_queries_whatever_the_number_of_agencies(client, in_may, db):
    roads = CategoryFactory()

    def add_agencies(count):
        for _ in range(count):
            handled(S.PUBLISHED, roads, AgencyFactory(), at((4, 6)), at((4, 7)))

    def page_queries():
        cache.clear()  # not the visitors' page cache: the page itself
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"thang": "2026-04"})
        return len(captured), len(response.context["ranking"]["rows"])

    add_agencies(2)
    rankings.freeze_month(APRIL)
    few = page_queries()
    add_agencies(6)
    AgencyFactory.create_batch(3)
    rankings.freeze_month(APRIL.replace(month=3))
    many = page_queries()
    assert few[1] == many[1] == 2  # April is fixed: the new agencies came after
    assert many[0] == few[0] <= 4  # the months, the ranking and its rows


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_page_in_browser_draws_the_chart_and_is_accessible(page, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at((5, 12)))  # the live server's clock too
    roads = CategoryFactory(name="Giao thông")
    for name, late in (("Sở Giao thông vận tải", False), ("UBND phường Đông Lễ", True)):
        deadline = at((4, 7)) if late else at((4, 10), 17)
        handled(S.PUBLISHED, roads, AgencyFactory(name=name), at((4, 6)), at((4, 8)), deadline)
    handled(S.IN_PROGRESS, roads, AgencyFactory(name="Công ty Điện lực"), at((5, 4)))

    page.goto(URL)
    page.wait_for_function("() => !!Chart.getChart('chart-ranking')")
    assert page.locator("#ranking-caption").inner_text() == ("Xếp hạng cơ quan xử lý tháng 4/2026")
    assert page.locator("tbody tr").count() == 2
    assert_accessible(page)

    page.get_by_role("combobox", name="Tháng").select_option("2026-05")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**thang=2026-05**")
    page.get_by_text("Tạm tính", exact=True).wait_for()
    assert page.locator("tbody th").all_inner_texts() == ["Công ty Điện lực"]
    assert_accessible(page)

    page.goto(f"{URL}?thang=2030-01")
    page.get_by_text("Tháng 1/2030 chưa đến").wait_for()
    assert_accessible(page)
