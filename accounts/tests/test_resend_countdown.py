""" "Gửi lại mã" says how long to wait, and counts it down in the browser
(issue 14, defect 12); the server still refuses an early resend."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory

from .helpers import PASSWORD_RESET_CODE_URL, PASSWORD_RESET_URL, VERIFY_URL, signup
from .password_world import PHONE
from .password_world import owner_fixture as owner_fixture

WAIT_ID = 'id="resend-wait"'


def wait_hint(html: str) -> str:
    start = html.index(WAIT_ID)
    return html[start : html.index("</p>", start)]


@pytest.mark.django_db
def test_the_reset_code_page_says_how_long_to_wait(client, owner, clock):
    client.post(PASSWORD_RESET_URL, {"phone": "0912 345 678"})

    assert "Có thể gửi lại mã sau 60 giây." in wait_hint(client.get(PASSWORD_RESET_CODE_URL).text)
    clock.advance(45)
    assert "Có thể gửi lại mã sau 15 giây." in wait_hint(client.get(PASSWORD_RESET_CODE_URL).text)
    clock.advance(15)
    assert "hidden" in wait_hint(client.get(PASSWORD_RESET_CODE_URL).text)


@pytest.mark.django_db
def test_the_activation_page_says_how_long_to_wait(client, clock):
    assert signup(client)["Location"] == VERIFY_URL

    page = client.get(VERIFY_URL).text
    assert "Có thể gửi lại mã sau 60 giây." in wait_hint(page)
    clock.advance(20)
    assert "Có thể gửi lại mã sau 40 giây." in wait_hint(client.get(VERIFY_URL).text)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_wait_counts_down_and_the_button_comes_back(page, settings):
    settings.SMS_CODE_RESEND_COOLDOWN = 3
    UserFactory(phone=PHONE)
    page.goto(PASSWORD_RESET_URL)
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_role("button", name="Gửi mã").click()

    button = page.get_by_role("button", name="Chưa nhận được mã? Gửi lại mã")
    expect(button).to_be_disabled()
    expect(page.locator("#resend-wait")).to_have_text("Có thể gửi lại mã sau 2 giây.", timeout=3000)
    expect(button).to_be_enabled(timeout=4000)
    expect(page.locator("#resend-wait")).to_be_hidden()
