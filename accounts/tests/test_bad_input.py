"""Bad input never gives a 500 (README §2, "Tests and proof"): empty fields,
10,000-character fields, emoji and mixed scripts, SQL and HTML fragments,
a missing CSRF token. Each gets a form error or a 4xx."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains

from accounts import sms
from accounts.models import User

from .factories import PASSWORD, UserFactory
from .helpers import (
    LOGIN_URL,
    LOGOUT_URL,
    PASSWORD_CHANGE_URL,
    PASSWORD_RESET_URL,
    PROFILE_URL,
    SIGNUP_URL,
    VERIFY_URL,
    is_logged_in,
    page,
    signup,
)

pytestmark = pytest.mark.django_db

HTML = "<script>alert('xss')</script><b>đậm</b>"
PAYLOADS = {
    "empty": "",
    "spaces": "   ",
    "ten_thousand": "x" * 10_000,
    "ten_thousand_digits": "9" * 10_000,
    "emoji": "😀🇻🇳 Nguyễn 🙂",
    "mixed_scripts": "Nguyễn Ψ Тест 中文 العربية ﷺ",
    "rtl_and_zero_width": "\u202eabc\u200b\u200d",
    "sql": "' OR '1'='1'; DROP TABLE accounts_user; --",
    "html": HTML,
    "null_byte": "abc\x00def",
}
PAYLOAD_IDS = list(PAYLOADS)


@pytest.fixture
def safe_client():
    """A client that returns a 500 as a response instead of raising, so the
    assertion says plainly which status came back."""
    return Client(raise_request_exception=False)


def assert_no_server_error(response):
    assert response.status_code < 500, response.status_code
    assert HTML not in page(response)  # escaped if echoed at all


def assert_form_refused(response, *fields):
    assert response.status_code == 200, response.status_code
    errors = response.context["form"].errors
    assert errors
    for field in fields:
        assert field in errors, (field, errors)
    assert HTML not in page(response)


# --- Every text field at once carries the payload --------------------------


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOAD_IDS)
def test_signup_with_bad_input_everywhere(safe_client, payload):
    response = safe_client.post(
        SIGNUP_URL,
        {"phone": payload, "full_name": payload, "password1": payload, "password2": payload},
    )
    assert_form_refused(response, "phone")
    assert not User.objects.exists()
    assert sms.outbox == []


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOAD_IDS)
def test_login_with_bad_input_everywhere(safe_client, user, payload):
    response = safe_client.post(LOGIN_URL, {"login": payload, "password": payload})
    assert_form_refused(response)
    assert not is_logged_in(safe_client)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOAD_IDS)
def test_login_with_a_good_number_and_a_bad_password(safe_client, user, payload):
    response = safe_client.post(LOGIN_URL, {"login": user.phone.as_national, "password": payload})
    assert_form_refused(response)
    assert not is_logged_in(safe_client)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOAD_IDS)
def test_password_reset_request_with_bad_input(safe_client, payload):
    response = safe_client.post(PASSWORD_RESET_URL, {"phone": payload})
    assert_form_refused(response, "phone")
    assert sms.outbox == []


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOAD_IDS)
def test_password_change_with_bad_input(safe_client, user, payload):
    safe_client.force_login(user)
    response = safe_client.post(
        PASSWORD_CHANGE_URL, {"oldpassword": payload, "password1": payload, "password2": payload}
    )
    assert_form_refused(response, "oldpassword")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOAD_IDS)
def test_activation_code_with_bad_input(safe_client, payload):
    signup(safe_client, phone="0912 345 678")

    response = safe_client.post(VERIFY_URL, {"action": payload, "code": payload})

    assert_no_server_error(response)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert User.objects.get().phone_verified is False
    assert not is_logged_in(safe_client)


# --- One bad field among good ones -------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOAD_IDS)
def test_signup_with_a_bad_name_only(safe_client, payload):
    response = signup(safe_client, phone="0912 345 678", full_name=payload)

    assert_no_server_error(response)
    if response.status_code == 200:
        assert "full_name" in response.context["form"].errors
        assert not User.objects.exists()
    else:  # a name in any script is a name
        assert response.status_code == 302
        assert response["Location"] == VERIFY_URL
        assert User.objects.get().full_name == " ".join(payload.split())


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOAD_IDS)
def test_profile_with_a_bad_name(safe_client, payload):
    citizen = UserFactory(full_name="Nguyễn Văn An")
    safe_client.force_login(citizen)

    response = safe_client.post(PROFILE_URL, {"full_name": payload, "email": payload})

    assert_no_server_error(response)
    citizen.refresh_from_db()
    if response.status_code == 200:
        assert response.context["form"].errors
        assert citizen.full_name == "Nguyễn Văn An"
    else:
        assert response.status_code == 302
        assert citizen.full_name == " ".join(payload.split())


@pytest.mark.parametrize(
    "payload",
    [PAYLOADS["emoji"], PAYLOADS["mixed_scripts"], PAYLOADS["sql"], HTML],
    ids=["emoji", "mixed_scripts", "sql", "html"],
)
def test_profile_stores_odd_names_verbatim_and_escapes_them(client, payload):
    citizen = UserFactory(full_name="Nguyễn Văn An")
    client.force_login(citizen)

    response = client.post(PROFILE_URL, {"full_name": payload, "email": ""})

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.full_name == payload
    assert User.objects.count() == 1  # the table is still there
    shown = client.get(PROFILE_URL)
    assert shown.status_code == 200
    assert HTML not in page(shown)


def test_ten_thousand_character_name_gets_the_length_error(client):
    response = signup(client, full_name="A" * 10_000)
    assert response.status_code == 200
    errors = response.context["form"].errors["full_name"]
    assert len(errors) == 1
    assert "150" in errors[0]
    assert not User.objects.exists()


def test_odd_next_parameter_is_neither_an_error_nor_followed(client, user):
    response = client.post(
        f"{LOGIN_URL}?next=https://evil.example/%3Cscript%3E",
        {"login": user.phone.as_national, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.parametrize("url", [SIGNUP_URL, LOGIN_URL, PASSWORD_RESET_URL])
def test_html_in_the_query_string_is_not_reflected(client, url):
    response = client.get(url, {"next": HTML})
    assert response.status_code == 200
    assert HTML not in page(response)


# --- CSRF -------------------------------------------------------------------


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def assert_csrf_refused(response):
    assert response.status_code == 403
    assertContains(response, "Phiên làm việc đã hết hạn", status_code=403)


def test_signup_without_csrf_token_is_403(csrf_client):
    response = csrf_client.post(
        SIGNUP_URL,
        {
            "phone": "0912 345 678",
            "full_name": "Nguyễn Văn An",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert_csrf_refused(response)
    assert not User.objects.exists()
    assert sms.outbox == []


def test_login_without_csrf_token_is_403(csrf_client, user):
    response = csrf_client.post(LOGIN_URL, {"login": user.phone.as_national, "password": PASSWORD})
    assert_csrf_refused(response)
    assert not is_logged_in(csrf_client)


def test_profile_without_csrf_token_is_403(csrf_client, user):
    csrf_client.force_login(user)
    response = csrf_client.post(PROFILE_URL, {"full_name": "Kẻ Lạ", "email": ""})
    assert_csrf_refused(response)
    user.refresh_from_db()
    assert user.full_name != "Kẻ Lạ"


def test_password_change_without_csrf_token_is_403(csrf_client, user):
    csrf_client.force_login(user)
    response = csrf_client.post(
        PASSWORD_CHANGE_URL,
        {"oldpassword": PASSWORD, "password1": "Mua-Thu#Ha-Noi9", "password2": "Mua-Thu#Ha-Noi9"},
    )
    assert_csrf_refused(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_logout_without_csrf_token_is_403_and_stays_logged_in(csrf_client, user):
    csrf_client.force_login(user)
    response = csrf_client.post(LOGOUT_URL)
    assert_csrf_refused(response)
    assert is_logged_in(csrf_client)


def test_password_reset_without_csrf_token_is_403(csrf_client, user):
    response = csrf_client.post(PASSWORD_RESET_URL, {"phone": user.phone.as_national})
    assert_csrf_refused(response)
    assert sms.outbox == []


def test_with_the_token_the_same_client_gets_through(csrf_client, user):
    csrf_client.get(LOGIN_URL)
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(
        LOGIN_URL,
        {"login": user.phone.as_national, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert is_logged_in(csrf_client)
