"""Changing one's password: the rules, the old password, the confirmation, and
signing in with the new one."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains

from .factories import PASSWORD
from .helpers import LOGIN_URL, PASSWORD_CHANGE_URL, field_errors, is_logged_in, login, page
from .password_world import (
    NEW_PASSWORD,
    RULE_IDS,
    RULES,
    assert_rule_message,
    owner_fixture,  # noqa: F401 (the fixture `owner`)
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


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
