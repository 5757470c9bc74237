"""The community list on the home page (README §5, seed 2.2.1): who sees which
report in each tab, on the map and in search; the filters, the pages and a
query count that does not grow with the page size."""

import re
from datetime import timedelta
from itertools import product

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports.models import Report

from .factories import (
    AttachmentFactory,
    CategoryFactory,
    IocOperatorFactory,
    WardFactory,
    report_in_state,
)
from .helpers import DONG_HA, text, thumbnail_url

pytestmark = pytest.mark.django_db

HOME_URL = "/"
MAP_DATA_URL = "/ban-do/du-lieu.geojson"
# Around Đông Hà, wide enough for every report these tests place.
AROUND_DONG_HA = "106.9,16.7,107.3,16.95"

TABS = {"khan": "Khẩn", "da-xu-ly": "Đã xử lý", "tat-ca": "Tất cả"}
TITLE = re.compile(r"Sự cố số (\d\d)")


# --- Who sees what ---------------------------------------------------------------


def build_matrix(reporter):
    """One report for every state x public flag x level (32), all by `reporter`,
    each titled "Sự cố số NN" and placed in Đông Hà. Returns {NN: report}."""
    reports = {}
    combinations = product(Report.Status, (True, False), Report.Level)
    for number, (status, is_public, level) in enumerate(combinations, start=1):
        reports[f"{number:02d}"] = report_in_state(
            status,
            reporter=reporter,
            is_public=is_public,
            level=level,
            title=f"Sự cố số {number:02d} trên đường Lê Duẩn",
            latitude=DONG_HA[0] + number / 10_000,
            longitude=DONG_HA[1],
        )
    return reports


def expected(reports, tab) -> set[str]:
    """The rule of README §5, written out independently of Report.objects.public()."""
    public_states = {"received", "forwarded", "in_progress", "resolved", "published"}
    shown = {
        number
        for number, report in reports.items()
        if report.is_public and report.status in public_states
    }
    if tab == "khan":
        return {n for n in shown if reports[n].level == "urgent"}
    if tab == "da-xu-ly":
        return {n for n in shown if reports[n].status == "published"}
    return shown


def numbers_in(html: str) -> set[str]:
    return set(TITLE.findall(html))


def numbers_in_order(html: str) -> list[str]:
    return list(dict.fromkeys(TITLE.findall(html)))  # a card names its report twice


@pytest.fixture
def logged_in_as(client, citizen, other_citizen):
    """A client for each role of the visibility tests; the reporter is `citizen`."""

    def as_role(role):
        users = {
            "visitor": None,
            "reporter": citizen,
            "other_citizen": other_citizen,
            "ioc_staff": IocOperatorFactory(),
        }
        if users[role] is not None:
            client.force_login(users[role])
        return client

    return as_role


ROLES = ["visitor", "reporter", "other_citizen", "ioc_staff"]


@pytest.mark.parametrize("role", ROLES)
def test_each_tab_shows_public_received_reports_only_and_the_same_for_everyone(
    logged_in_as, citizen, role
):
    reports = build_matrix(citizen)
    client = logged_in_as(role)

    for tab in TABS:
        response = client.get(HOME_URL, {"tab": tab})
        assert response.status_code == 200
        assert numbers_in(text(response)) == expected(reports, tab), (role, tab)

    # No tab is "Tất cả".
    assert numbers_in(text(client.get(HOME_URL))) == expected(reports, "tat-ca")
    # The rule, spelled out once: 5 public states x 2 levels; urgent half; published 2.
    assert len(expected(reports, "tat-ca")) == 10
    assert len(expected(reports, "khan")) == 5
    assert len(expected(reports, "da-xu-ly")) == 2


@pytest.mark.parametrize("role", ROLES)
def test_the_map_endpoint_shows_the_same_reports_in_each_tab(logged_in_as, citizen, role):
    reports = build_matrix(citizen)
    client = logged_in_as(role)

    for tab in TABS:
        for zoom in (12, 18):
            response = client.get(MAP_DATA_URL, {"bbox": AROUND_DONG_HA, "zoom": zoom, "tab": tab})
            assert response.status_code == 200
            titles = " ".join(f["properties"]["title"] for f in response.json()["features"])
            assert numbers_in(titles) == expected(reports, tab), (role, tab, zoom)

        # Far out, only counts: they add up to the same number of reports.
        response = client.get(MAP_DATA_URL, {"bbox": AROUND_DONG_HA, "zoom": 8, "tab": tab})
        counts = [f["properties"]["count"] for f in response.json()["features"]]
        assert sum(counts) == len(expected(reports, tab)), (role, tab)


@pytest.mark.parametrize("role", ROLES)
def test_search_finds_only_what_the_tab_shows(logged_in_as, citizen, role):
    reports = build_matrix(citizen)
    client = logged_in_as(role)

    for tab in TABS:
        response = client.get(HOME_URL, {"tab": tab, "q": "su co duong le duan"})
        assert numbers_in(text(response)) == expected(reports, tab), (role, tab)
    # A non-public report is not found even by its own code, even by its reporter.
    hidden = next(r for r in reports.values() if not r.is_public and r.code)
    assert numbers_in(text(client.get(HOME_URL, {"q": hidden.code}))) == set()
    rejected = next(r for r in reports.values() if r.status == "rejected" and r.is_public)
    assert numbers_in(text(client.get(HOME_URL, {"q": rejected.code}))) == set()


# --- The page ---------------------------------------------------------------------


def test_home_keeps_a_short_intro_and_the_call_to_action(client):
    html = text(client.get(HOME_URL))
    assert '<h1 id="page-title">Phản ánh của cộng đồng</h1>' in html
    assert '<a class="button community-intro__action" href="/phan-anh/gui/">' in html
    assert "0 phản ánh" in html
    assert "Không có phản ánh nào phù hợp." in html


def test_cards_show_category_level_time_status_and_first_photo(client):
    category = CategoryFactory(name="Giao thông", icon="traffic")
    report = report_in_state(
        Report.Status.IN_PROGRESS, is_public=True, level="urgent", category=category
    )
    second = AttachmentFactory(report=report, order=2)
    first = AttachmentFactory(report=report, order=1)

    html = text(client.get(HOME_URL))
    assert '#cat-traffic"></use></svg> Giao thông</span>' in html
    assert '<span class="badge badge--in_progress">Đang xử lý</span>' in html
    assert '<span class="badge badge--urgent">Khẩn</span>' in html
    assert f'<time datetime="{timezone.localtime(report.submitted_at).isoformat()}">' in html
    assert thumbnail_url(first) in html
    assert thumbnail_url(second) not in html
    assert f'href="/phan-anh/{report.code}/"' in html


def test_the_current_tab_and_category_are_marked_and_links_keep_the_other_filters(client):
    CategoryFactory(name="Môi trường", slug="moi-truong")
    CategoryFactory(name="Giao thông", slug="giao-thong")

    html = text(client.get(HOME_URL, {"tab": "khan", "category": "giao-thong", "q": "ổ gà"}))
    assert (
        '<a href="?tab=khan&amp;category=giao-thong&amp;q=%E1%BB%95+g%C3%A0" '
        'aria-current="page">Khẩn</a>'
    ) in html
    assert '<a href="?tab=da-xu-ly&amp;category=giao-thong&amp;q=%E1%BB%95+g%C3%A0">' in html
    assert (
        '<a href="?tab=khan&amp;category=giao-thong&amp;q=%E1%BB%95+g%C3%A0" '
        'aria-current="true">Giao thông</a>'
    ) in html
    assert '<a href="?tab=khan&amp;category=moi-truong&amp;q=%E1%BB%95+g%C3%A0">' in html
    assert '<a href="?tab=khan&amp;q=%E1%BB%95+g%C3%A0">Mọi chuyên mục</a>' in html
    # The search form carries the tab and the chip along.
    assert '<input type="hidden" name="tab" value="khan">' in html
    assert '<input type="hidden" name="category" value="giao-thong">' in html
    assert 'value="ổ gà"' in html
    # The map link opens the map with the same filters.
    assert 'href="/ban-do/?tab=khan&amp;category=giao-thong&amp;q=%E1%BB%95+g%C3%A0"' in html


def test_without_filters_the_all_tab_and_every_category_are_current(client):
    html = text(client.get(HOME_URL))
    assert '<a href="?tab=tat-ca" aria-current="page">Tất cả</a>' in html
    assert '<a href="?" aria-current="true">Mọi chuyên mục</a>' in html
    assert 'name="tab"' not in html


def test_category_filter(client):
    roads = CategoryFactory(slug="giao-thong")
    trees = CategoryFactory(slug="cay-xanh")
    road = report_in_state(
        Report.Status.RECEIVED, is_public=True, category=roads, title="Sự cố số 01"
    )
    report_in_state(Report.Status.RECEIVED, is_public=True, category=trees, title="Sự cố số 02")

    assert numbers_in(text(client.get(HOME_URL, {"category": "giao-thong"}))) == {"01"}
    assert road.category == roads
    # An unknown chip filters nothing and fails nothing.
    response = client.get(HOME_URL, {"category": "khong-co"})
    assert response.status_code == 200
    assert numbers_in(text(response)) == {"01", "02"}


def test_date_range_of_sending(client):
    now = timezone.now()
    for number, days_ago in (("01", 10), ("02", 5), ("03", 1)):
        report_in_state(
            Report.Status.RECEIVED,
            is_public=True,
            title=f"Sự cố số {number}",
            submitted_at=now - timedelta(days=days_ago),
        )

    def dated(**params):
        return numbers_in(text(client.get(HOME_URL, params)))

    day = lambda days_ago: timezone.localdate(now - timedelta(days=days_ago)).isoformat()  # noqa: E731
    assert dated(sent_from=day(6)) == {"02", "03"}
    assert dated(sent_to=day(6)) == {"01"}
    assert dated(sent_from=day(5), sent_to=day(5)) == {"02"}
    # Backwards, the end is refused next to its field and ignored (issue 14, defect 8).
    assert dated(sent_from=day(1), sent_to=day(10)) == {"03"}


def test_a_bad_date_is_shown_as_an_error_and_ignored(client):
    report_in_state(Report.Status.RECEIVED, is_public=True, title="Sự cố số 01")
    response = client.get(HOME_URL, {"sent_from": "hôm qua", "tab": "khong-co"})
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ." in text(response)
    assert numbers_in(text(response)) == {"01"}
    # The folded date fields open to show the error; closed when no date is given.
    assert '<details class="public-filters__dates" open>' in text(response)
    assert '<details class="public-filters__dates">' in text(client.get(HOME_URL, {"q": "x"}))


def test_ten_a_page_newest_first_and_pages_keep_the_filters(client):
    now = timezone.now()
    for number in range(1, 13):
        report_in_state(
            Report.Status.PUBLISHED,
            is_public=True,
            title=f"Sự cố số {number:02d}",
            submitted_at=now - timedelta(hours=number),
        )

    first = text(client.get(HOME_URL, {"tab": "da-xu-ly", "q": "su co"}))
    assert numbers_in_order(first) == [f"{n:02d}" for n in range(1, 11)]
    assert "12 phản ánh" in first
    assert '<a href="?tab=da-xu-ly&amp;q=su+co&amp;page=2" rel="next">' in first
    second = text(client.get(HOME_URL, {"tab": "da-xu-ly", "q": "su co", "page": 2}))
    assert numbers_in_order(second) == ["11", "12"]
    # Switching tab or filter goes back to the first page.
    assert '<a href="?tab=khan&amp;q=su+co">Khẩn</a>' in second


def test_the_list_takes_the_same_number_of_queries_for_3_or_10_reports(client):
    def queries_for(count):
        Report.objects.all().delete()
        category = CategoryFactory()
        ward = WardFactory()
        for _ in range(count):
            report = report_in_state(
                Report.Status.FORWARDED,
                is_public=True,
                category=category,
                ward=ward,
                deadline=timezone.now() - timedelta(days=1),  # overdue badge
            )
            AttachmentFactory(report=report)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(HOME_URL, {"category": category.slug, "q": "o ga"})
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as unfiltered:
            html = text(client.get(HOME_URL))
        assert html.count('class="report-card"') == count
        assert html.count("badge--overdue") == count
        return len(queries), len(unfiltered)

    assert queries_for(3) == queries_for(10)
