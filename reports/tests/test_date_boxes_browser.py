"""The sending-date boxes are wide enough for a whole date on a phone (issue 14,
defect 8: at 390 px the public list's two boxes side by side cut "2026" off),
and a backwards range shows its message by the end field."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from phananh.testing.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BACKWARDS = "?sent_from=2026-11-20&sent_to=2026-11-01"
# "20/11/2026" with the calendar button, in the portal's font at 16 px.
WHOLE_DATE_PX = 150


def date_box_widths(page) -> list[float]:
    return page.locator("input[type=date]").evaluate_all(
        "boxes => boxes.map(box => box.getBoundingClientRect().width)"
    )


def test_the_public_date_boxes_hold_a_whole_date(page):
    page.goto("/" + BACKWARDS)

    widths = date_box_widths(page)
    assert len(widths) == 2 and min(widths) >= WHOLE_DATE_PX, widths
    expect(page.locator("#id_sent_to_error")).to_contain_text("Ngày kết thúc phải cùng")
    assert_accessible(page)


def test_the_personal_date_boxes_hold_a_whole_date(page):
    UserFactory(phone="+84912000111")
    log_in(page, "0912 000 111", PASSWORD)
    page.goto("/ca-nhan/phan-anh/" + BACKWARDS)

    widths = date_box_widths(page)
    assert len(widths) == 2 and min(widths) >= WHOLE_DATE_PX, widths
    expect(page.locator("#id_sent_to_error")).to_be_visible()
    assert_accessible(page)
