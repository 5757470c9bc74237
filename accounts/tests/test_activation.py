"""Activation by a 6-digit SMS code (README §2): expiry 10 minutes, 5 wrong tries,
resend only after 60 seconds, no login before activation."""

import re

import pytest
from pytest_django.asserts import assertContains

from accounts.models import User

from .helpers import (
    LOGIN_URL,
    MSG_ACTIVATED,
    MSG_CODE_SENT,
    MSG_INCORRECT_CODE,
    MSG_RESEND_TOO_SOON,
    PROFILE_URL,
    VERIFY_URL,
    code_from,
    is_logged_in,
    last_code,
    login,
    signup,
    sms_to,
)

pytestmark = pytest.mark.django_db

PHONE = "+84912345678"


def verify(client, code, follow=False):
    return client.post(VERIFY_URL, {"action": "verify", "code": code}, follow=follow)


def resend(client, follow=False):
    return client.post(VERIFY_URL, {"action": "resend"}, follow=follow)


def wrong(code):
    """A 6-digit code that is not `code`."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.fixture
def signed_up(client):
    """A client that has just signed up; the account waits for its code."""
    response = signup(client, phone="0912 345 678")
    assert response["Location"] == VERIFY_URL
    return client


def account():
    return User.objects.get(phone=PHONE)


def test_the_code_is_six_plain_digits(signed_up):
    messages = sms_to(PHONE)
    assert len(messages) == 1
    assert re.fullmatch(r"\d{6}", code_from(messages[0]))
    assert "co hieu luc 10 phut" in messages[0].body


def test_activation_page_in_vietnamese(signed_up):
    response = signed_up.get(VERIFY_URL)
    assertContains(response, "Kích hoạt tài khoản")
    assertContains(response, "Bạn còn 5 lần nhập.")
    assertContains(response, MSG_CODE_SENT)
    assertContains(response, "Chưa nhận được mã? Gửi lại mã")
    # The number as people write it, not the stored E.164 form.
    assertContains(response, "<strong>0912 345 678</strong>", html=True)


def test_correct_code_activates_and_logs_in(signed_up):
    response = verify(signed_up, last_code(PHONE))

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert account().phone_verified is True
    assert is_logged_in(signed_up)
    assertContains(signed_up.get(PROFILE_URL), MSG_ACTIVATED)


def test_code_still_valid_just_before_ten_minutes(signed_up, clock):
    code = last_code(PHONE)
    clock.advance(10 * 60 - 5)

    response = verify(signed_up, code)

    assert response.status_code == 302
    assert account().phone_verified is True
    assert is_logged_in(signed_up)


def test_code_expires_after_ten_minutes(signed_up, clock):
    code = last_code(PHONE)
    clock.advance(10 * 60 + 1)

    response = verify(signed_up, code)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert account().phone_verified is False
    assert not is_logged_in(signed_up)


def test_after_expiry_logging_in_sends_a_new_code(signed_up, clock):
    clock.advance(10 * 60 + 1)
    verify(signed_up, last_code(PHONE))

    response = login(signed_up, "0912 345 678")

    assert response["Location"] == VERIFY_URL
    assert len(sms_to(PHONE)) == 2
    assert verify(signed_up, last_code(PHONE)).status_code == 302
    assert account().phone_verified is True


def test_wrong_code_shows_the_error_and_counts_down(signed_up):
    code = last_code(PHONE)
    response = verify(signed_up, wrong(code))

    assert response.status_code == 200
    assertContains(response, MSG_INCORRECT_CODE)
    assertContains(response, "Bạn còn 4 lần nhập.")
    assert account().phone_verified is False
    assert not is_logged_in(signed_up)


def test_five_wrong_codes_end_the_process(signed_up):
    code = last_code(PHONE)
    for attempt in range(4):
        response = verify(signed_up, wrong(code))
        assert response.status_code == 200
        assertContains(response, f"Bạn còn {4 - attempt} lần nhập.")

    response = verify(signed_up, wrong(code), follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN_URL)
    assertContains(response, "Bạn đã nhập sai mã 5 lần. Hãy đăng nhập lại để nhận mã mới.")

    # Even the right code is no use now: a new one is needed.
    response = verify(signed_up, code)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert account().phone_verified is False
    assert not is_logged_in(signed_up)
    assert len(sms_to(PHONE)) == 1


def test_after_five_wrong_codes_logging_in_sends_a_new_code(signed_up):
    code = last_code(PHONE)
    for _attempt in range(5):
        verify(signed_up, wrong(code))

    response = login(signed_up, "0912 345 678")

    assert response.status_code == 302
    assert response["Location"] == VERIFY_URL
    assert len(sms_to(PHONE)) == 2
    page = signed_up.get(VERIFY_URL)
    assertContains(page, "Bạn còn 5 lần nhập.")  # a fresh set of tries
    assert verify(signed_up, last_code(PHONE)).status_code == 302
    assert account().phone_verified is True
    assert is_logged_in(signed_up)


def test_resend_is_refused_within_sixty_seconds(signed_up, clock):
    clock.advance(30)

    response = resend(signed_up, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == VERIFY_URL
    assertContains(response, MSG_RESEND_TOO_SOON)
    assert len(sms_to(PHONE)) == 1


def test_resend_is_allowed_after_sixty_seconds(signed_up, clock):
    first = last_code(PHONE)
    clock.advance(61)

    response = resend(signed_up, follow=True)

    assert response.status_code == 200
    assert MSG_RESEND_TOO_SOON not in response.content.decode()
    messages = sms_to(PHONE)
    assert len(messages) == 2
    second = code_from(messages[1])
    assert re.fullmatch(r"\d{6}", second)
    if second != first:
        assert verify(signed_up, first).status_code == 200  # the old code is replaced
    assert verify(signed_up, second).status_code == 302
    assert account().phone_verified is True


def test_a_resent_code_gets_its_own_ten_minutes(signed_up, clock):
    clock.advance(5 * 60)
    resend(signed_up)
    assert len(sms_to(PHONE)) == 2
    clock.advance(9 * 60)  # 14 minutes after sign-up, 9 after the new code

    response = verify(signed_up, last_code(PHONE))

    assert response.status_code == 302
    assert account().phone_verified is True


def test_a_second_resend_also_waits_sixty_seconds(signed_up, clock):
    clock.advance(61)
    resend(signed_up)
    clock.advance(10)

    response = resend(signed_up, follow=True)

    assertContains(response, MSG_RESEND_TOO_SOON)
    assert len(sms_to(PHONE)) == 2


class TestLoginBeforeActivation:
    def test_goes_to_activation_and_sends_a_code(self, client, unactivated_user):
        phone = str(unactivated_user.phone)

        response = login(client, unactivated_user.phone.as_national)

        assert response.status_code == 302
        assert response["Location"] == VERIFY_URL
        assert not is_logged_in(client)
        messages = sms_to(phone)
        assert len(messages) == 1
        assert re.fullmatch(r"\d{6}", code_from(messages[0]))
        # Not into the site: the account page still wants a login.
        profile = client.get(PROFILE_URL)
        assert profile.status_code == 302
        assert profile["Location"].startswith(LOGIN_URL)

    def test_the_code_then_activates_and_logs_in(self, client, unactivated_user):
        login(client, unactivated_user.phone.as_national)

        response = verify(client, last_code(str(unactivated_user.phone)))

        assert response.status_code == 302
        unactivated_user.refresh_from_db()
        assert unactivated_user.phone_verified is True
        assert is_logged_in(client)

    def test_wrong_password_gets_no_code(self, client, unactivated_user):
        response = login(client, unactivated_user.phone.as_national, "Sai-Mat-Khau#1")
        assert response.status_code == 200
        assert sms_to(str(unactivated_user.phone)) == []


def test_activation_page_without_a_pending_sign_up_goes_to_login(client):
    response = client.get(VERIFY_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_activation_page_when_logged_in_goes_to_the_profile(client, user):
    client.force_login(user)
    response = client.get(VERIFY_URL)
    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
