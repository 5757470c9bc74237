"""Sign-up (README §2): phone formats, invalid numbers, the form, duplicate phones."""

import re

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from accounts import sms
from accounts.models import User

from .factories import UserFactory
from .helpers import (
    MSG_INVALID_PHONE,
    MSG_REQUIRED,
    SIGNUP_URL,
    VERIFY_URL,
    field_errors,
    is_logged_in,
    page,
    signup,
    sms_to,
)

pytestmark = pytest.mark.django_db


def test_signup_page_shows_the_fields_in_vietnamese(client):
    response = client.get(SIGNUP_URL)
    assertContains(response, "Đăng ký tài khoản")
    assertContains(response, "Họ và tên (hoặc tên tổ chức)")
    assertContains(response, "Tôi đăng ký cho một tổ chức")
    assertContains(response, "Số điện thoại")
    assertContains(response, 'placeholder="0912 345 678"')


def test_signup_creates_an_unactivated_account_and_sends_the_code(client):
    response = signup(client, full_name="  Nguyễn   Văn An ", is_organization="on")

    assert response.status_code == 302
    assert response["Location"] == VERIFY_URL
    user = User.objects.get()
    assert str(user.phone) == "+84912345678"
    assert user.full_name == "Nguyễn Văn An"  # spaces collapsed
    assert user.is_organization is True
    assert user.phone_verified is False
    assert user.check_password("Hoa-Sen#2024")
    # Not in the site yet: the account waits for its SMS code.
    assert not is_logged_in(client)
    assert len(sms_to("+84912345678")) == 1


def test_signup_without_the_organisation_tick_is_a_citizen(client):
    signup(client)
    assert User.objects.get().is_organization is False


@pytest.mark.parametrize("typed", ["0912 345 678", "+84 912 345 678", "84912345678"])
def test_every_way_of_writing_the_number_gives_one_e164_number(client, typed):
    response = signup(client, phone=typed)

    assert response.status_code == 302
    assert str(User.objects.get().phone) == "+84912345678"
    assert len(sms_to("+84912345678")) == 1


@pytest.mark.parametrize("typed", ["0912 345 678", "+84 912 345 678", "84912345678"])
def test_the_three_formats_are_one_number_for_duplicates(client, typed):
    UserFactory(phone="+84912345678")
    signup(client, phone=typed)
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "typed",
    [
        "0123",  # too short
        "abc",  # not a number
        "+1 202 555 0143",  # a US number
        "0243 826 1234",  # a Hà Nội landline, not a mobile
    ],
)
def test_invalid_numbers_get_the_field_error(client, typed):
    response = signup(client, phone=typed)

    assert response.status_code == 200
    assert field_errors(response, "phone") == [MSG_INVALID_PHONE]
    assertContains(response, MSG_INVALID_PHONE)
    assert not User.objects.exists()
    assert sms.outbox == []


def test_missing_name_gets_an_error(client):
    response = signup(client, full_name="   ")
    assert response.status_code == 200
    assert field_errors(response, "full_name") == [MSG_REQUIRED]
    assert not User.objects.exists()


def test_password_confirmation_must_match(client):
    response = client.post(
        SIGNUP_URL,
        {
            "phone": "0912 345 678",
            "full_name": "Nguyễn Văn An",
            "password1": "Hoa-Sen#2024",
            "password2": "Hoa-Sen#2025",
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "password2") == ["Hai mật khẩu không khớp nhau."]
    assertContains(response, "Hai mật khẩu không khớp nhau.")
    assert not User.objects.exists()


class TestDuplicatePhone:
    """A number holds one account; signing up again reveals nothing on the page
    and tells the owner by SMS (enumeration prevention)."""

    @staticmethod
    def _visible(response):
        """The page without the CSRF token, which differs on every request."""
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page(response))

    def test_second_signup_creates_nothing_and_tells_the_owner(self, client):
        owner = UserFactory(phone="+84912345678", full_name="Chủ Số Máy")

        response = signup(client, phone="0912 345 678", full_name="Kẻ Mạo Danh")

        assert User.objects.count() == 1
        owner.refresh_from_db()
        assert owner.full_name == "Chủ Số Máy"
        assert owner.check_password("Hoa-Sen#2024")
        messages = sms_to("+84912345678")
        assert len(messages) == 1
        assert "so dien thoai nay da co tai khoan" in messages[0].body
        assert not re.search(r"\d{6}", messages[0].body)  # no code for the stranger
        assert not is_logged_in(client)
        assert response.status_code == 302
        assert response["Location"] == VERIFY_URL

    def test_the_page_looks_the_same_as_a_fresh_signup(self, client, django_user_model):
        fresh = signup(client, phone="0912 345 678", full_name="Nguyễn Văn An", follow=True)
        assert django_user_model.objects.count() == 1

        other = Client()
        duplicate = signup(other, phone="0912 345 678", full_name="Nguyễn Văn An", follow=True)

        assert django_user_model.objects.count() == 1
        assert duplicate.status_code == fresh.status_code == 200
        assert [url for url, _ in duplicate.redirect_chain] == [
            url for url, _ in fresh.redirect_chain
        ]
        for text in ("đã được đăng ký", "đã có tài khoản", "already"):
            assertNotContains(duplicate, text)
        assert self._visible(duplicate) == self._visible(fresh)
