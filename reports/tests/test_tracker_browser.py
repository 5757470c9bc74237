"""The step tracker in Chromium on a phone and a desktop (issue 14): the steps
read as an ordered list with the current one announced, the deadline under
it, and axe-core finds nothing wrong, in the states a citizen meets."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from phananh.testing.browser import assert_accessible, log_in
from reports.models import Report

from .factories import AgencyFactory, report_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = Report.Status
PHONE = "0912000333"


def tracker(page):
    return page.get_by_role("region", name="Tiến độ xử lý")


def test_a_report_being_processed(page):
    report = report_in_state(
        S.IN_PROGRESS, is_public=True, lead_agency=AgencyFactory(name="Sở Xây dựng")
    )
    page.goto(f"/phan-anh/{report.code}/")
    steps = tracker(page).get_by_role("listitem")
    expect(steps).to_have_count(4)
    current = tracker(page).locator('[aria-current="step"]')
    expect(current).to_have_count(1)
    expect(current).to_contain_text("Đang xử lý")
    expect(current).to_contain_text("Sở Xây dựng")
    expect(steps.nth(0)).to_contain_text("(đã xong)")
    expect(tracker(page).locator(".tracker__deadline")).to_contain_text("Hạn xử lý:")
    assert_accessible(page)


def test_the_reporter_waiting_for_receipt_with_an_urgent_request(page):
    reporter = UserFactory(phone="+84" + PHONE[1:], full_name="Phạm Thị Hoa")
    report = report_in_state(S.SUBMITTED, reporter=reporter, urgent_requested=True)
    log_in(page, PHONE, PASSWORD)
    page.goto(f"/phan-anh/{report.code}/")
    current = tracker(page).locator('[aria-current="step"]')
    expect(current).to_contain_text("Chờ Trung tâm IOC tiếp nhận")
    expect(tracker(page).locator(".tracker__deadline")).to_contain_text("Hạn tiếp nhận:")
    expect(page.get_by_text("Bạn đã đề nghị khẩn – đang chờ IOC xem xét")).to_be_visible()
    assert_accessible(page)


def test_a_duplicate_links_its_public_original(page):
    original = report_in_state(S.PUBLISHED, is_public=True)
    reporter = UserFactory(phone="+84" + PHONE[1:])
    report = report_in_state(
        S.REJECTED,
        reporter=reporter,
        rejection_reason=Report.RejectionReason.DUPLICATE,
        duplicate_of=original,
    )
    log_in(page, PHONE, PASSWORD)
    page.goto(f"/phan-anh/{report.code}/")
    ended = tracker(page).locator('[aria-current="step"]')
    expect(ended).to_contain_text("Trùng với phản ánh khác")
    expect(tracker(page).locator(".tracker__deadline")).to_have_count(0)
    assert_accessible(page)
    ended.get_by_role("link", name=original.code).click()
    expect(page).to_have_url(re.compile(rf"/phan-anh/{original.code}/$"))
    expect(tracker(page).get_by_role("listitem").nth(3)).to_contain_text("(đã xong)")
    assert_accessible(page)
