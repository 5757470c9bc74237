"""Password rules (SPEC 2) wherever a password is set, password change, SMS reset."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from accounts import sms
from accounts.models import User

from .factories import PASSWORD, UserFactory
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
    signup,
    sms_to,
)

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Văn An"
PHONE = "+84912345678"
NEW_PASSWORD = "Mua-Thu#Ha-Noi9"

MSG_TOO_SHORT = "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."
MSG_NO_UPPER = "Mật khẩu phải có ít nhất một chữ hoa."
MSG_NO_LOWER = "Mật khẩu phải có ít nhất một chữ thường."
MSG_NO_DIGIT = "Mật khẩu phải có ít nhất một chữ số."
MSG_NO_SYMBOL = "Mật khẩu phải có ít nhất một ký tự đặc biệt (ví dụ: ! @ # $ %)."
MSG_TOO_COMMON = "Mật khẩu này quá phổ biến."
MSG_LIKE_NAME = "Mật khẩu quá giống với họ và tên."
MSG_LIKE_PHONE = "Mật khẩu quá giống với số điện thoại."
# (rule, password breaking that rule only, its message); the user is NAME / PHONE.
RULES = [
    ("too_short", "Ab1!xyz", MSG_TOO_SHORT),
    ("no_upper", "hoa-sen#2024", MSG_NO_UPPER),
    ("no_lower", "HOA-SEN#2024", MSG_NO_LOWER),
    ("no_digit", "Hoa-Sen#Song", MSG_NO_DIGIT),
    ("no_symbol", "HoaSen2024x", MSG_NO_SYMBOL),
    ("too_common", "Password1!", MSG_TOO_COMMON),
    ("like_name", "NguyenVanAn1!", MSG_LIKE_NAME),
    ("like_name_with_accents", "Nguyễn-Văn-An7", MSG_LIKE_NAME),
    ("phone_national_digits", "Xy0912345678!", MSG_LIKE_PHONE),
    ("phone_e164_digits", "Xy84912345678!", MSG_LIKE_PHONE),
]
RULE_IDS = [rule[0] for rule in RULES]


def assert_rule_message(errors: list[str], expected: str, html: str):
    """Exactly one error, the rule's own Vietnamese message, shown on the page."""
    assert errors == [expected]
    assert expected in html


@pytest.fixture
def owner(db):
    return UserFactory(phone=PHONE, full_name=NAME)


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


# --- The rules, one by one, at sign-up ------------------------------------


@pytest.mark.parametrize(("rule", "password", "message"), RULES, ids=RULE_IDS)
def test_signup_refuses_each_rule_with_its_own_message(client, rule, password, message):
    response = signup(client, phone="0912 345 678", full_name=NAME, password=password)

    assert response.status_code == 200
    assert_rule_message(field_errors(response, "password1"), message, page(response))
    assert not User.objects.exists()
    assert sms.outbox == []


def test_signup_accepts_a_password_that_meets_every_rule(client):
    response = signup(client, phone="0912 345 678", full_name=NAME, password=PASSWORD)
    assert response.status_code == 302
    assert User.objects.filter(phone=PHONE).exists()


def test_several_broken_rules_are_each_reported(client):
    response = signup(client, full_name=NAME, password="abcdefgh")
    errors = field_errors(response, "password1")
    assert MSG_NO_UPPER in errors
    assert MSG_NO_DIGIT in errors
    assert MSG_NO_SYMBOL in errors
    assert MSG_NO_LOWER not in errors


# --- The same rules through Django's password validation -------------------


@pytest.mark.parametrize(("rule", "password", "message"), RULES, ids=RULE_IDS)
def test_validate_password_applies_each_rule(rule, password, message):
    """What createsuperuser, User.objects tools and every Django form call."""
    user = User(phone=PHONE, full_name=NAME)
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    errors = [str(message) for message in caught.value.messages]
    assert_rule_message(errors, message, " ".join(errors))


def test_validate_password_accepts_a_good_password():
    assert validate_password(PASSWORD, User(phone=PHONE, full_name=NAME)) is None


@pytest.mark.parametrize(("rule", "password", "message"), RULES, ids=RULE_IDS)
def test_admin_add_user_form_applies_each_rule(admin_client, rule, password, message):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "phone": "0912 345 678",
            "full_name": NAME,
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    # Django's user-creation form reports validator errors under the confirmation.
    errors = [str(error) for error in form.errors.get("password2", [])]
    assert_rule_message(errors, message, page(response))
    assert not User.objects.filter(phone=PHONE).exists()


def test_admin_add_user_form_accepts_a_good_password(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "phone": "0912 345 678",
            "full_name": NAME,
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(phone=PHONE).check_password(PASSWORD)


# --- Password change -------------------------------------------------------


def change(client, old=PASSWORD, new=NEW_PASSWORD, again=None):
    return client.post(
        PASSWORD_CHANGE_URL,
        {"oldpassword": old, "password1": new, "password2": new if again is None else again},
    )


@pytest.mark.parametrize(("rule", "password", "message"), RULES, ids=RULE_IDS)
def test_password_change_applies_each_rule(owner_client, owner, rule, password, message):
    response = change(owner_client, new=password)

    assert response.status_code == 200
    assert_rule_message(field_errors(response, "password1"), message, page(response))
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_password_change_with_a_wrong_old_password_is_refused(owner_client, owner):
    response = change(owner_client, old="Sai-Mat-Khau#1")

    assert response.status_code == 200
    assert field_errors(response, "oldpassword") == ["Mật khẩu hiện tại không đúng."]
    assertContains(response, "Mật khẩu hiện tại không đúng.")
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_password_change_confirmation_must_match(owner_client, owner):
    response = change(owner_client, again="Mua-Thu#Ha-Noi8")
    assert response.status_code == 200
    assert field_errors(response, "password2") == ["Hai mật khẩu không khớp nhau."]
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_password_change_success_then_login_with_the_new_password(owner_client, owner):
    response = change(owner_client)

    assert response.status_code == 302
    assert is_logged_in(owner_client)  # no logout on change
    page_after = owner_client.get(response["Location"])
    assertContains(page_after, "Đã đổi mật khẩu.")

    fresh = Client()
    refused = login(fresh, "0912 345 678", PASSWORD)
    assert refused.status_code == 200
    assert not is_logged_in(fresh)
    accepted = login(fresh, "0912 345 678", NEW_PASSWORD)
    assert accepted.status_code == 302
    assert is_logged_in(fresh)


def test_password_change_needs_a_login(client):
    response = client.get(PASSWORD_CHANGE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


# --- Password reset by SMS --------------------------------------------------


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
