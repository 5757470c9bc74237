"""The community list and the map in Chromium (issue 5, "Tests and proof"): a
visitor browses the list, switches tab, searches without accents, opens the map
with the same filters, zooms in through a cluster, opens a marker's popup and
lands on the report. axe-core checks the home page, the list with a search and
the map, on a phone and a desktop. Map tiles come from /static/img/tile.png."""

import re

import pytest
from playwright.sync_api import expect

from phananh.testing.browser import assert_accessible
from reports.models import Report

from .factories import AttachmentFactory, CategoryFactory, report_in_state
from .helpers import DONG_HA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URGENT = "Ngập sâu trên Đường Lê Duẩn"
DONE = "Đã vá ổ gà trước chợ Đông Hà"
NOT_RECEIVED = "Cống hở nắp chưa được tiếp nhận"
MAP = "window['leafletmappublic-map']"


def test_list_tab_search_map_marker_popup_report(page):
    roads = CategoryFactory(name="Giao thông", slug="giao-thong", icon="🚧")
    CategoryFactory(name="Môi trường", slug="moi-truong", icon="🌿")
    urgent = report_in_state(
        Report.Status.IN_PROGRESS,
        is_public=True,
        level=Report.Level.URGENT,
        title=URGENT,
        category=roads,
        latitude=DONG_HA[0],
        longitude=DONG_HA[1],
    )
    AttachmentFactory(report=urgent)
    report_in_state(
        Report.Status.PUBLISHED,
        is_public=True,
        title=DONE,
        category=roads,
        latitude=DONG_HA[0] + 0.01,
        longitude=DONG_HA[1],
    )
    report_in_state(Report.Status.SUBMITTED, title=NOT_RECEIVED, is_public=True)
    cards = page.locator(".report-card__title")

    page.goto("/")
    page.get_by_role("heading", name="Phản ánh của cộng đồng").wait_for()
    expect(cards).to_have_text([DONE, URGENT])  # newest first
    expect(page.get_by_role("link", name=URGENT)).to_be_visible()
    expect(page.get_by_text(NOT_RECEIVED)).to_have_count(0)
    assert_accessible(page)

    tabs = page.get_by_role("navigation", name="Nhóm phản ánh")
    tabs.get_by_role("link", name="Đã xử lý").click()
    expect(tabs.get_by_role("link", name="Đã xử lý")).to_have_attribute("aria-current", "page")
    expect(cards).to_have_text([DONE])

    tabs.get_by_role("link", name="Khẩn").click()
    expect(cards).to_have_text([URGENT])
    page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name="Giao thông").click()
    page.get_by_label("Tìm theo mã, tiêu đề, người gửi").fill("DUONG LE DUAN")
    page.get_by_role("button", name="Tìm").click()
    expect(page).to_have_url(re.compile(r"tab=khan&category=giao-thong&q=DUONG\+LE\+DUAN"))
    expect(cards).to_have_text([URGENT])
    expect(page.get_by_role("heading", name="1 phản ánh")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Cách xem").get_by_role("link", name="Bản đồ").click()
    page.get_by_role("heading", name="Bản đồ phản ánh").wait_for()
    expect(page).to_have_url(re.compile(r"/ban-do/\?tab=khan&category=giao-thong&q=DUONG"))
    page.wait_for_function(f"() => {MAP} !== undefined")
    # Far out, the server sends counts per cell: one cell with our one report.
    status = page.locator("#map-status")
    expect(status).to_contain_text("Có 1 phản ánh trong vùng này.")
    cluster = page.locator("#public-map .map-cluster")
    expect(cluster).to_have_count(1)
    page.locator("#public-map .leaflet-tile-loaded").first.wait_for()
    assert_accessible(page)

    # Choosing a cell zooms in by two levels (Leaflet ignores a new view while
    # it animates a zoom, so each step waits for the end of the last).
    zoom = page.evaluate(f"{MAP}.getZoom()")
    page.evaluate(f"{MAP}.once('zoomend', () => {{ window.zoomedTo = {MAP}.getZoom(); }})")
    cluster.click()
    page.wait_for_function("() => window.zoomedTo !== undefined")
    assert page.evaluate("window.zoomedTo") == zoom + 2

    # Close in, the report itself, coloured as urgent.
    page.evaluate(f"([lat, lon]) => {MAP}.setView([lat, lon], 16)", list(DONG_HA))
    marker = page.locator("#public-map .map-pin--urgent")
    expect(marker).to_have_count(1)
    expect(status).to_have_text("Đang hiển thị 1 phản ánh trong vùng này.")
    expect(marker).to_have_attribute("title", f"{URGENT} (Đang xử lý)")
    marker.click()

    popup = page.locator("#public-map .leaflet-popup")
    expect(popup.locator(".map-popup__title")).to_have_text(URGENT)
    expect(popup).to_contain_text("Giao thông")
    expect(popup.locator(".badge--in_progress")).to_have_text("Đang xử lý")
    expect(popup.locator(".badge--urgent")).to_have_text("Khẩn")
    popup.get_by_role("link", name="Xem chi tiết").click()

    expect(page).to_have_url(re.compile(rf"/phan-anh/{urgent.code}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(URGENT)
