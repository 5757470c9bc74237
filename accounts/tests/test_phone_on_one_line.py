"""On a phone, the number a code was sent to stays on one line in the text of
the activation page (it used to break: "0912 000 / 003")."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD

from .helpers import SIGNUP_URL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_activation_page_keeps_the_number_on_one_line(page):
    page.goto(SIGNUP_URL)
    page.get_by_label("Số điện thoại").fill("0912 000 003")
    page.get_by_label("Họ và tên (hoặc tên tổ chức)").fill("Nguyễn Thị Hoa")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()

    number = page.locator(".lead strong")
    expect(number).to_have_text("0912 000 003")
    # Wherever the line happens to end, on phones from 320 to 430 px wide.
    for width in range(320, 431, 2):
        page.set_viewport_size({"width": width, "height": 800})
        lines = number.evaluate("element => element.getClientRects().length")
        assert lines == 1, f"the number breaks at {width} px"
