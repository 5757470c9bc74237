"""The phone's shell in Chromium (issue 14): the bottom bar's five entries with
icons and short labels fit 360 px in Vietnamese and English (each label whole,
on one line, every entry inside the screen, no sideways scroll), the current
section is marked, "Gửi" keeps "Gửi phản ánh" as its name, the unread count
shows, the page keeps the bar's height free, and desktops keep the header's
links instead. A report's code never breaks across lines at 390 px."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from phananh.testing.browser import DESKTOP, PHONE, assert_accessible
from reports.models import Report

from .factories import AttachmentFactory, NotificationFactory, report_in_state
from .helpers import detail_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 360, "height": 740}
LABELS = {
    "vi": ["Cộng đồng", "Bản đồ", "Gửi", "Thông báo", "Cá nhân"],
    "en": ["Community", "Map", "Report", "Alerts", "Me"],
}
SEND_NAME = {"vi": "Gửi phản ánh", "en": "Submit a report"}
UNREAD = {"vi": "3 chưa đọc", "en": "3 unread"}
BAR_NAME = {"vi": "Điều hướng chính", "en": "Main navigation"}


def sign_in(page, live_server, user, language="vi"):
    """The session of a logged-in client, given to the browser (the login form
    has its own tests), and the language switch's cookie."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )


def one_line(locator) -> bool:
    """Rendered on a single line, and nothing cut off at its end."""
    return locator.evaluate(
        """element => {
          const style = getComputedStyle(element);
          const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.3;
          return element.getBoundingClientRect().height < line * 1.5
            && element.scrollWidth <= element.clientWidth + 1;
        }"""
    )


@pytest.mark.parametrize("page", [NARROW], indirect=True, ids=["360"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_bar_fits_360_px_and_marks_the_current_section(page, live_server, language):
    citizen = UserFactory()
    NotificationFactory.create_batch(3, recipient=citizen)
    sign_in(page, live_server, citizen, language)

    page.goto("/")
    bar = page.get_by_role("navigation", name=BAR_NAME[language])
    expect(bar).to_be_visible()
    items = bar.get_by_role("link")
    expect(items).to_have_count(5)
    expect(bar.locator(".bottom-bar__label")).to_have_text(LABELS[language])
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    for index in range(5):
        item = items.nth(index)
        box = item.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"], index
        assert box["y"] >= 0 and box["y"] + box["height"] <= NARROW["height"], index
        assert one_line(item.locator(".bottom-bar__label")), LABELS[language][index]
        icon = item.locator("svg use").first.evaluate("u => u.getBBox().width")
        assert icon > 10, LABELS[language][index]

    expect(bar.get_by_role("link", name=SEND_NAME[language], exact=True)).to_have_attribute(
        "href", "/phan-anh/gui/"
    )
    alerts = items.nth(3)
    expect(alerts.locator(".count")).to_have_text("3")
    expect(alerts).to_have_accessible_name(f"{LABELS[language][3]} ({UNREAD[language]})")
    expect(bar.locator('[aria-current="page"]')).to_have_text(LABELS[language][0])
    # The page keeps the bar's height free below its end.
    bar_height = bar.evaluate("b => b.getBoundingClientRect().height")
    padding = page.evaluate("parseFloat(getComputedStyle(document.body).paddingBottom)")
    assert abs(padding - bar_height) < 1
    assert_accessible(page)

    for url, current in (("/ban-do/", 1), ("/ca-nhan/", 3), ("/ca-nhan/phan-anh/", 4)):
        page.goto(url)
        expect(bar.locator('[aria-current="page"]')).to_have_count(1)
        expect(bar.locator('[aria-current="page"] .bottom-bar__label')).to_have_text(
            LABELS[language][current]
        )
    assert_accessible(page)


@pytest.mark.parametrize("page", [PHONE], indirect=True, ids=["phone"])
def test_a_visitor_s_alerts_and_account_lead_to_the_login(page):
    page.goto("/")
    bar = page.get_by_role("navigation", name="Điều hướng chính")
    bar.get_by_role("link", name="Cá nhân").click()
    expect(page).to_have_url(re.compile(r"/tai-khoan/login/\?next=/ca-nhan/phan-anh/$"))


@pytest.mark.parametrize("page", [DESKTOP], indirect=True, ids=["desktop"])
def test_a_desktop_keeps_the_header_links_and_no_bar(page):
    page.goto("/")
    expect(page.locator(".bottom-bar")).to_be_hidden()
    header = page.get_by_role("navigation", name="Tài khoản và ngôn ngữ")
    expect(header.get_by_role("link", name="Bản đồ")).to_be_visible()
    assert page.evaluate("parseFloat(getComputedStyle(document.body).paddingBottom)") == 0


@pytest.mark.parametrize("page", [PHONE], indirect=True, ids=["phone"])
def test_a_report_code_stays_on_one_line_at_390_px(page):
    report = report_in_state(
        Report.Status.IN_PROGRESS,
        is_public=True,
        code="PA-2026-000004",
        title="Đèn đường trước số 12 Hùng Vương không sáng từ tối qua",
    )
    AttachmentFactory(report=report)  # the card's photo narrows its text column

    page.goto("/")
    code = page.locator(".report-card .code")
    expect(code).to_have_text("PA-2026-000004")
    assert one_line(code)

    page.goto(detail_url(report.code))
    code = page.locator(".report-detail .code").first
    expect(code).to_have_text("PA-2026-000004")
    assert one_line(code)
