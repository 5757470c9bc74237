"""Resetting a forgotten password by a code sent by SMS: the request, the code,
the new password and its rules, and what stops a guess or a skipped step."""

import re

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from accounts import sms

from .factories import PASSWORD
from .helpers import (
    LOGIN_URL,
    MSG_CODE_SENT,
    MSG_NEW_PASSWORD_SET,
    PASSWORD_CHANGE_URL,
    PASSWORD_RESET_CODE_URL,
    PASSWORD_RESET_NEW_URL,
    PASSWORD_RESET_URL,
    code_from,
    field_errors,
    is_logged_in,
    last_code,
    login,
    page,
    sms_to,
)
from .password_world import (
    NEW_PASSWORD,
    PHONE,
    RULE_IDS,
    RULES,
    assert_rule_message,
    owner_fixture,  # noqa: F401 (the fixture `owner`)
)

pytestmark = pytest.mark.django_db


def request_reset(client, phone="0912 345 678"):
    return client.post(PASSWORD_RESET_URL, {"phone": phone})


def reach_new_password_page(client, phone="0912 345 678"):
    response = request_reset(client, phone)
    assert response.status_code == 302
    assert response["Location"] == PASSWORD_RESET_CODE_URL
    response = client.post(PASSWORD_RESET_CODE_URL, {"code": last_code(PHONE)})
    assert response.status_code == 302
    assert response["Location"] == PASSWORD_RESET_NEW_URL
    # The code proves the phone; it signs nobody in.
    assert not is_logged_in(client)
    return response


def test_reset_page_is_in_vietnamese(client):
    response = client.get(PASSWORD_RESET_URL)
    assertContains(response, "Quên mật khẩu")
    assertContains(response, "Gửi mã")


def test_reset_request_sends_a_six_digit_code(client, owner):
    response = request_reset(client)

    assert response.status_code == 302
    assert response["Location"] == PASSWORD_RESET_CODE_URL
    messages = sms_to(PHONE)
    assert len(messages) == 1
    assert re.fullmatch(r"\d{6}", code_from(messages[0]))
    confirm_page = client.get(response["Location"])
    assertContains(confirm_page, "Nhập mã xác thực")
    assertContains(confirm_page, MSG_CODE_SENT)


def test_reset_with_the_code_then_the_new_password_works(client, owner):
    reach_new_password_page(client)
    form_page = client.get(PASSWORD_RESET_NEW_URL)
    assert form_page.status_code == 200
    assertContains(form_page, "Đặt mật khẩu mới")

    response = client.post(
        PASSWORD_RESET_NEW_URL, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert not is_logged_in(client)
    assertContains(client.get(LOGIN_URL), MSG_NEW_PASSWORD_SET)
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)

    fresh = Client()
    assert login(fresh, "0912 345 678", PASSWORD).status_code == 200
    assert not is_logged_in(fresh)
    assert login(fresh, "0912 345 678", NEW_PASSWORD).status_code == 302
    assert is_logged_in(fresh)


def test_the_code_is_spent_after_the_new_password(client, owner):
    reach_new_password_page(client)
    client.post(PASSWORD_RESET_NEW_URL, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = client.get(PASSWORD_RESET_NEW_URL)
    assert again.status_code == 302
    assert again["Location"] != PASSWORD_RESET_NEW_URL


def test_wrong_reset_code_is_refused(client, owner):
    request_reset(client)
    good = last_code(PHONE)
    wrong = "000000" if good != "000000" else "111111"
    response = client.post(PASSWORD_RESET_CODE_URL, {"code": wrong})
    assert response.status_code == 200
    assertContains(response, "Mã xác thực không đúng.")
    assert not is_logged_in(client)


@pytest.mark.parametrize(("rule", "password", "message"), RULES, ids=RULE_IDS)
def test_reset_applies_each_rule(client, owner, rule, password, message):
    reach_new_password_page(client)
    response = client.post(PASSWORD_RESET_NEW_URL, {"password1": password, "password2": password})

    assert response.status_code == 200
    assert_rule_message(field_errors(response, "password1"), message, page(response))
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_new_password_page_without_a_code_sends_a_visitor_to_the_reset_request(client, owner):
    for response in (
        client.get(PASSWORD_RESET_NEW_URL),
        client.post(PASSWORD_RESET_NEW_URL, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}),
    ):
        assert response.status_code == 302
        assert response["Location"] == PASSWORD_RESET_URL
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_new_password_page_before_the_code_is_confirmed_is_refused(client, owner):
    request_reset(client)
    response = client.post(
        PASSWORD_RESET_NEW_URL, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == PASSWORD_RESET_URL
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_new_password_page_without_a_fresh_code_redirects_a_password_login(client, owner):
    assert login(client, "0912 345 678").status_code == 302

    response = client.get(PASSWORD_RESET_NEW_URL)
    assert response.status_code == 302
    assert response["Location"] == PASSWORD_CHANGE_URL
    # A POST cannot skip the old password either.
    response = client.post(
        PASSWORD_RESET_NEW_URL, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_new_password_page_after_the_code_expired_redirects(client, owner, clock):
    reach_new_password_page(client)
    clock.advance(10 * 60 + 1)

    response = client.get(PASSWORD_RESET_NEW_URL)
    assert response.status_code == 302
    assert response["Location"] == PASSWORD_RESET_URL


def test_five_wrong_codes_end_the_reset(client, owner):
    request_reset(client)
    good = last_code(PHONE)
    wrong = "000000" if good != "000000" else "111111"
    for _attempt in range(4):
        assert client.post(PASSWORD_RESET_CODE_URL, {"code": wrong}).status_code == 200
    response = client.post(PASSWORD_RESET_CODE_URL, {"code": wrong})
    assert response.status_code == 302
    assert response["Location"] == PASSWORD_RESET_URL
    # The right code is no use any more.
    assert client.post(PASSWORD_RESET_CODE_URL, {"code": good})["Location"] == PASSWORD_RESET_URL
    assert client.get(PASSWORD_RESET_NEW_URL)["Location"] == PASSWORD_RESET_URL


def test_reset_code_can_be_sent_again_after_the_cooldown(client, owner, clock):
    request_reset(client)
    first = last_code(PHONE)
    response = client.post(PASSWORD_RESET_CODE_URL, {"action": "resend"}, follow=True)
    assertContains(response, "Chỉ gửi lại mã sau 60 giây")
    assert len(sms_to(PHONE)) == 1

    clock.advance(61)
    client.post(PASSWORD_RESET_CODE_URL, {"action": "resend"})
    assert len(sms_to(PHONE)) == 2
    second = last_code(PHONE)
    if second != first:
        wrong = client.post(PASSWORD_RESET_CODE_URL, {"code": first})
        assert wrong.status_code == 200
    reach = client.post(PASSWORD_RESET_CODE_URL, {"code": second})
    assert reach["Location"] == PASSWORD_RESET_NEW_URL


def test_reset_for_an_unknown_number_sends_no_code_and_looks_the_same(client, owner):
    registered = Client()  # another visitor asks for a registered number, to compare
    known = request_reset(registered, "0912 345 678")
    sms.outbox.clear()

    response = request_reset(client, "0987 654 321")

    # The same answer as for a registered number...
    assert response.status_code == known.status_code == 302
    assert response["Location"] == known["Location"] == PASSWORD_RESET_CODE_URL
    unknown_page = client.get(PASSWORD_RESET_CODE_URL)
    known_page = registered.get(PASSWORD_RESET_CODE_URL)
    assert unknown_page.status_code == known_page.status_code == 200
    for text in ("chưa được đăng ký", "chưa có tài khoản", "not assigned"):
        assertNotContains(unknown_page, text)
    assertContains(unknown_page, MSG_CODE_SENT)
    assertContains(known_page, MSG_CODE_SENT)
    # ...but no code: at most a notice to that number that it has no account.
    for message in sms.outbox:
        assert message.to == "+84987654321"
        assert not re.search(r"\d{6}", message.body)
        assert "chua co tai khoan" in message.body
    # And no guessed code logs anyone in.
    client.post(PASSWORD_RESET_CODE_URL, {"code": "123456"})
    assert not is_logged_in(client)


def test_reset_for_an_invalid_number_gets_the_field_error(client):
    response = request_reset(client, "0123")
    assert response.status_code == 200
    assert field_errors(response, "phone") == [
        "Số điện thoại không hợp lệ. Hãy nhập số di động Việt Nam, ví dụ 0912 345 678."
    ]
    assert sms.outbox == []
