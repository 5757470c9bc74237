"""The password rules (README §2), one by one: at sign-up, through Django's
password validation and in the admin's add-user form. A password change and a
reset apply them too (test_password_change.py, test_password_reset_by_code.py)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts import sms
from accounts.models import User

from .factories import PASSWORD
from .helpers import field_errors, page, signup
from .password_world import (
    MSG_NO_DIGIT,
    MSG_NO_LOWER,
    MSG_NO_SYMBOL,
    MSG_NO_UPPER,
    NAME,
    PHONE,
    RULE_IDS,
    RULES,
    assert_rule_message,
)

pytestmark = pytest.mark.django_db


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
