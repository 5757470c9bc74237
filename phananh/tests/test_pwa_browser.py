"""The portal as an installable web app in Chromium (README §3): the manifest
and its icons load, the service worker takes over, and without a connection a
page read before opens from the phone while a page never read shows the calm
offline page; logging out forgets the pages kept."""

import json

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from phananh.testing.browser import assert_accessible, log_in
from reports.models import Report
from reports.tests.factories import report_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Installing the worker fetches its whole shell: give a busy machine time.
WORKER_TIMEOUT_MS = 30_000

OFFLINE_HEADING = "Chưa có kết nối mạng"


def wait_for_worker(page):
    """Until the service worker controls the page (it claims it once active)."""
    page.evaluate(
        """ms => Promise.race([navigator.serviceWorker.ready.then(() => true),
          new Promise((_, fail) => setTimeout(() => fail(new Error("no worker")), ms))])""",
        WORKER_TIMEOUT_MS,
    )
    # A page still loading when the worker claimed its pages stays unclaimed:
    # the next load of it is the worker's, as any later page of a citizen is.
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function(
        "() => navigator.serviceWorker.controller !== null", timeout=WORKER_TIMEOUT_MS
    )


def kept_pages(page) -> list[str]:
    return page.evaluate(
        """async () => {
          const cache = await caches.open("phananh-pages");
          return (await cache.keys()).map(request => new URL(request.url).pathname);
        }"""
    )


def test_the_manifest_is_valid_and_its_icons_load(page):
    page.goto("/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    response = page.request.get(href)
    assert response.ok
    manifest = json.loads(response.text())
    assert manifest["name"] == "Phản ánh hiện trường Quảng Trị"
    for icon in manifest["icons"]:
        icon_response = page.request.get(icon["src"])
        assert icon_response.ok and icon_response.headers["content-type"] == "image/png"
    touch = page.locator("link[rel=apple-touch-icon]").get_attribute("href")
    assert page.request.get(touch).ok


def test_offline_a_page_never_read_shows_the_offline_page(page):
    page.goto("/")
    wait_for_worker(page)
    page.context.set_offline(True)
    page.goto("/thong-ke/")
    expect(page.get_by_role("heading", level=1)).to_have_text(OFFLINE_HEADING)
    expect(page.get_by_text("Trang này chưa được lưu trên máy")).to_be_visible()
    # Kept as a visitor sees it: no "Đăng nhập" to mislead a citizen logged in.
    expect(page.locator(".site-nav")).to_be_hidden()
    assert_accessible(page)


def test_offline_a_page_read_before_opens_from_the_phone(page):
    report = report_in_state(
        Report.Status.PUBLISHED, is_public=True, latitude="16.8167", longitude="107.1"
    )
    page.goto("/")
    wait_for_worker(page)
    page.goto(report.get_absolute_url())  # through the worker now: kept
    expect(page.get_by_role("heading", level=1)).to_have_text(report.title)
    page.wait_for_function(
        "async path => (await (await caches.open('phananh-pages')).keys())"
        ".some(r => new URL(r.url).pathname === path)",
        arg=report.get_absolute_url(),
    )
    page.context.set_offline(True)
    page.goto("/")  # away, then back without a connection
    page.goto(report.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(report.title)
    expect(page.locator("link[rel=stylesheet]").first).to_be_attached()
    # The stylesheet came from the phone too: the page keeps its looks.
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith(
        '"Be Vietnam Pro"'
    )


def test_logging_out_forgets_the_pages_kept(page):
    UserFactory(phone="+84912000151")
    page.goto("/")
    wait_for_worker(page)
    log_in(page, "0912 000 151", PASSWORD)
    page.goto("/ca-nhan/phan-anh/")
    page.wait_for_function(
        "async () => (await (await caches.open('phananh-pages')).keys())"
        ".some(r => new URL(r.url).pathname === '/ca-nhan/phan-anh/')"
    )
    assert not any(path.startswith("/tai-khoan/") for path in kept_pages(page))
    page.goto("/tai-khoan/logout/")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()
    assert "/ca-nhan/phan-anh/" not in kept_pages(page)
