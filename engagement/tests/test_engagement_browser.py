"""“Tôi cũng gặp”, following and alerts in Chromium at 390 and 1280 px, with
axe-core on every page: a visitor is led to the login, then supports and
follows without a reload; the Theo dõi tab lists the follow and takes a ward
subscription; its e-mail's link stops it without login."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from engagement import unsubscribe
from engagement.models import Follow, Subscription, Support
from phananh.testing.browser import assert_accessible
from phananh.testing.browser import log_in as log_in_through_the_form
from reports.tests.factories import WardFactory

from .engagement_world import S, located

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_support_follow_and_subscribe(page):
    UserFactory(phone="+84912000401", full_name="Nguyễn Văn An")
    ward = WardFactory(name="Phường Đông Hà")
    report = located(S.FORWARDED, ward=ward, title="Ổ gà lớn trên đường Lê Duẩn")
    url = f"/phan-anh/{report.code}/"

    # A visitor sees the count and is led to the login.
    page.goto(url)
    panel = page.locator("#cung-gap")
    expect(panel).to_contain_text("Chưa có ai khác báo cùng gặp vấn đề này.")
    assert_accessible(page)
    page.get_by_role("button", name="Tôi cũng gặp").click()
    expect(page).to_have_url(re.compile("/tai-khoan/login/"))

    # Signed in, back on the report: support and follow without a reload.
    log_in_through_the_form(page, "0912 000 401", PASSWORD, start=page.url)
    expect(page).to_have_url(re.compile(f"{url}#cung-gap$"))
    support = page.get_by_role("button", name="Tôi cũng gặp")
    support.click()
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(panel).to_contain_text("1 người cùng gặp vấn đề này")
    page.get_by_role("button", name="Theo dõi").click()
    expect(page.get_by_role("button", name="Đang theo dõi")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert Support.objects.filter(report=report).count() == 1
    assert Follow.objects.filter(report=report).count() == 1
    assert_accessible(page)

    # The Theo dõi tab: the follow, and a ward subscription.
    page.goto("/ca-nhan/theo-doi/")
    expect(page.get_by_role("link", name=re.compile(report.code))).to_be_visible()
    expect(page.get_by_label("Bán kính (m)")).to_be_hidden()  # only the chosen scope's fields
    page.get_by_role("combobox", name="Phường, xã").select_option(label="Phường Đông Hà")
    page.get_by_role("button", name="Đăng ký nhận tin").click()
    expect(page.get_by_text("Đã đăng ký nhận tin.")).to_be_visible()
    expect(page.locator(".subscription-list")).to_contain_text("Phường Đông Hà")
    assert_accessible(page)

    # The e-mail's link, without login.
    subscription = Subscription.objects.get()
    page.context.clear_cookies()
    page.goto(
        f"/ngung-nhan-tin/{unsubscribe.token_for(unsubscribe.SUBSCRIPTION, subscription.pk)}/"
    )
    expect(page.get_by_text("Ngừng nhận tin “Phường Đông Hà”?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ngừng nhận tin").click()
    expect(page.get_by_text(re.compile("Bạn đã ngừng nhận tin này"))).to_be_visible()
    assert not Subscription.objects.exists()
