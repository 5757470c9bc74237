"""SMS that visitors cause without signing in are limited per destination number
and by an hourly budget for the whole portal (security review, issue 10 item 8):
nobody can flood a number or run up the bill through sign-up, login or reset."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains

from accounts import sms

from .factories import UserFactory
from .helpers import MSG_429_HEADING, PASSWORD_RESET_URL, signup, sms_to

pytestmark = pytest.mark.django_db


def reset(phone):
    """A password reset asked from a fresh browser (another tab, another address)."""
    return Client(raise_request_exception=False).post(PASSWORD_RESET_URL, {"phone": phone})


def test_one_number_gets_at_most_five_an_hour_whoever_asks(settings):
    # allauth's own limit (3 codes a minute per number) would stop this first.
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "reset_password": "100/m/ip,100/m/key",
    }
    UserFactory(phone="+84912345678")
    for _ in range(5):
        assert reset("0912 345 678").status_code == 302

    response = reset("0912 345 678")

    assert response.status_code == 429
    assertContains(response, MSG_429_HEADING, status_code=429)
    assert len(sms_to("+84912345678")) == 5


def test_sign_ups_to_a_number_count_too(settings):
    settings.SMS_PER_NUMBER_LIMIT = "2/h"
    for _ in range(2):
        signup(Client())  # the code, then "this number already has an account"
    response = signup(Client(raise_request_exception=False))

    assert response.status_code == 429
    assert len(sms_to("+84912345678")) == 2


def test_the_hourly_budget_stops_every_number(settings):
    settings.SMS_HOURLY_BUDGET = "3/h"
    for n in range(3):
        assert signup(Client(), phone=f"0912 345 60{n}").status_code == 302

    response = signup(Client(raise_request_exception=False), phone="0912 345 609")

    assert response.status_code == 429
    assert len(sms.outbox) == 3
