"""Fuzzing the account pages (security review): sign-up, the profile, login,
the activation code and the password reset by SMS get any text, number or
repeated field.
None answers 500, none echoes markup, a redirect never leaves the site, and a
name with markup is stored as typed and shown escaped wherever it appears."""

from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from accounts.tests.helpers import (
    LOGIN_URL,
    PASSWORD_RESET_URL,
    PROFILE_URL,
    SIGNUP_URL,
    VERIFY_URL,
    is_logged_in,
    last_code,
    page,
    signup,
    signup_data,
    sms_to,
)
from accounts.text import CONTROL_CHARACTERS
from phananh.testing.fuzzing import (
    assert_local_redirect,
    assert_safe_page,
    assert_shown_escaped,
    fuzz,
    isolated_example,
    new_client,
)
from phananh.testing.strategies import (
    either,
    evenly,
    hostile_text,
    mutated,
    number_text,
    parameters,
    text_with_markup,
)

pytestmark = pytest.mark.django_db

# One account per example (rolled back after it), on a prefix no factory uses.
PHONE = "+84981234567"
NEW_PASSWORD = "Mua-Thu#Ha-Noi9"
PHONE_WRITTEN = ("0981234567", "098 123 4567", "+84 98 123 45 67", "84981234567", "098.123.4567")
MOBILE_PREFIXES = ("98", "97", "86", "32", "70", "91")
PHONE_FORMATS = ("0{}{:07d}", "+84{}{:07d}", "84 {} {:07d}", "0{} {:07d}")


def vietnamese_mobile() -> st.SearchStrategy[str]:
    """A valid mobile number, written in one of the ways people write it."""
    return st.builds(
        lambda fmt, prefix, number: fmt.format(prefix, number),
        st.sampled_from(PHONE_FORMATS),
        st.sampled_from(MOBILE_PREFIXES),
        st.integers(0, 9_999_999),
    )


def phone_text() -> st.SearchStrategy[str]:
    """The account's number half the time, else any number or text."""
    return either(
        st.sampled_from(PHONE_WRITTEN),
        evenly(vietnamese_mobile(), hostile_text(), number_text()),
    )


def password_text() -> st.SearchStrategy[str]:
    return either(st.just(PASSWORD), hostile_text())


def code_text() -> st.SearchStrategy[str]:
    return evenly(st.from_regex(r"\A\d{6}\Z"), hostile_text(), number_text())


def posted(form: dict, name: str) -> list:
    """The values a field was posted with (a repeated field posts several)."""
    value = form.get(name, [])
    return value if isinstance(value, list) else [value]


# --- Sign-up ----------------------------------------------------------------------


def signup_form() -> st.SearchStrategy[dict]:
    """A complete sign-up with a new number, some fields dropped, replaced or repeated."""
    return vietnamese_mobile().flatmap(
        lambda phone: mutated(
            signup_data(phone=phone, is_organization="on"),
            values={"phone": phone_text(), "password1": password_text()},
            extra=("next", "phone_verified", "is_staff"),
        )
    )


@fuzz(50)
@given(form=signup_form())
def test_signup_never_fails_on_any_input(form):
    with isolated_example():
        response = new_client().post(SIGNUP_URL, form)
        assert_safe_page(response)
        if response.status_code == 302:
            assert_local_redirect(response)
        for user in User.objects.filter(phone__isnull=False):  # a new account waits for its code
            assert not (user.phone_verified or user.is_staff)


@fuzz(30)
@given(phone=vietnamese_mobile(), name=text_with_markup())
def test_a_name_with_markup_is_shown_escaped(phone, name):
    text, payload = name
    with isolated_example():
        response = new_client().post(SIGNUP_URL, signup_data(phone=phone, full_name=text))
        assert_safe_page(response)
        user = User.objects.filter(phone__isnull=False).order_by("-pk").first()
        if user is None:  # refused (too long, say): the form shows it back, escaped
            assert_shown_escaped(page(response), payload, text)
            return
        client = new_client(user)
        for url in (PROFILE_URL, "/"):
            shown = client.get(url)
            assert_safe_page(shown)
            assert_shown_escaped(page(shown), payload, user.full_name)


@fuzz(40)
@given(
    form=mutated(
        {"full_name": "Nguyễn Văn An", "email": "an@example.vn"},
        values={"email": either(st.emails(), hostile_text())},
        extra=("phone", "is_staff", "email_verified"),
    )
)
def test_the_profile_never_fails_and_keeps_the_rest_of_the_account(form):
    with isolated_example():
        citizen = UserFactory(phone=PHONE)
        client = new_client(citizen)
        response = client.post(PROFILE_URL, form)
        assert_safe_page(response)
        citizen.refresh_from_db()
        assert str(citizen.phone) == PHONE and not citizen.is_staff
        assert not CONTROL_CHARACTERS.search(citizen.full_name + citizen.email)
        assert_safe_page(client.get(PROFILE_URL))


# --- Login ------------------------------------------------------------------------


@fuzz(50)
@given(
    form=mutated(
        {"login": PHONE_WRITTEN[0], "password": PASSWORD},
        values={"login": phone_text(), "password": password_text()},
        extra=("next", "remember"),
    ),
    query=parameters(("next",)),
)
def test_login_never_fails_and_needs_the_password(form, query):
    with isolated_example():
        UserFactory(phone=PHONE)
        client = new_client()
        response = client.post(f"{LOGIN_URL}?{urlencode(query, doseq=True)}", form)
        assert_safe_page(response)
        if response.status_code == 302:
            assert_local_redirect(response)
        if is_logged_in(client):
            assert PASSWORD in posted(form, "password")


# --- Activation -------------------------------------------------------------------


@fuzz(40)
@given(
    form=parameters(
        ("action", "code"),
        values={
            "action": either(st.sampled_from(["verify", "resend"]), hostile_text()),
            "code": code_text(),
        },
    ),
    use_sent_code=st.booleans(),
    query=parameters(("next",)),
)
def test_activation_never_fails_and_needs_the_sent_code(form, use_sent_code, query):
    with isolated_example():
        client = new_client()
        assert signup(client, phone=PHONE).status_code == 302
        sent = last_code(PHONE)
        if use_sent_code:
            form = {**form, "code": sent}
        assert_safe_page(client.get(VERIFY_URL, query))
        response = client.post(VERIFY_URL, form)
        assert_safe_page(response)
        if response.status_code == 302:
            assert_local_redirect(response)
        if User.objects.get(phone=PHONE).phone_verified:
            assert sent in posted(form, "code")


# --- Password reset ---------------------------------------------------------------


@fuzz(40)
@given(
    phone=phone_text(),
    use_sent_code=st.booleans(),
    code=code_text(),
    new_passwords=either(
        st.just({"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}),
        parameters(("password1", "password2")),
    ),
)
def test_password_reset_never_fails_and_needs_the_sent_code(
    phone, use_sent_code, code, new_passwords
):
    """Each step whatever the input; the next step is whichever page the
    previous one redirects to, so the test follows the flow as it is."""
    with isolated_example():
        user = UserFactory(phone=PHONE)
        client = new_client()
        response = client.post(PASSWORD_RESET_URL, {"phone": phone})
        assert_safe_page(response)
        code_was_sent = response.status_code == 302 and bool(sms_to(PHONE))
        for data in (
            {"code": last_code(PHONE) if use_sent_code and code_was_sent else code},
            new_passwords,
        ):
            if response.status_code != 302:
                break
            response = client.post(assert_local_redirect(response), data)
            assert_safe_page(response)
        user.refresh_from_db()
        if not user.check_password(PASSWORD):
            assert code_was_sent and use_sent_code
