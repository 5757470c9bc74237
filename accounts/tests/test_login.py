"""Login by phone and password (README §2), the per-number lockout, and the 429 page."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from .factories import PASSWORD, UserFactory
from .helpers import (
    LOGIN_URL,
    MFA_AUTHENTICATE_URL,
    MSG_429_BODY,
    MSG_429_HEADING,
    MSG_INVALID_PHONE,
    MSG_LOCKED_OUT,
    MSG_WRONG_LOGIN,
    VERIFY_URL,
    current_code,
    field_errors,
    is_logged_in,
    login,
    sms_to,
)

pytestmark = pytest.mark.django_db

WRONG = "Sai-Mat-Khau#1"


@pytest.fixture
def owner(db):
    return UserFactory(phone="+84912345678", full_name="Nguyễn Văn An")


def test_login_page_in_vietnamese(client):
    response = client.get(LOGIN_URL)
    assertContains(response, "Đăng nhập bằng số điện thoại đã đăng ký")
    assertContains(response, 'type="tel"')


@pytest.mark.parametrize("typed", ["0912 345 678", "+84 912 345 678", "84912345678"])
def test_every_way_of_writing_the_number_logs_in(client, owner, typed):
    response = login(client, typed, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[0] == ("/", 302)
    assert int(client.session["_auth_user_id"]) == owner.pk
    assertContains(response, "Đăng nhập thành công.")


def test_wrong_password_gets_the_vietnamese_message(client, owner):
    response = login(client, "0912 345 678", WRONG)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [MSG_WRONG_LOGIN]
    assertContains(response, MSG_WRONG_LOGIN)
    assert not is_logged_in(client)


def test_unknown_number_gets_the_same_message_as_a_wrong_password(client, owner):
    response = login(client, "0987 654 321", PASSWORD)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [MSG_WRONG_LOGIN]
    assert not is_logged_in(client)


@pytest.mark.parametrize("typed", ["0123", "abc", "+1 202 555 0143", "0243 826 1234"])
def test_invalid_number_gets_the_field_error(client, typed):
    response = login(client, typed)
    assert response.status_code == 200
    assert field_errors(response, "login") == [MSG_INVALID_PHONE]


def test_a_locked_account_cannot_log_in(client):
    UserFactory(phone="+84912345678", is_active=False)

    response = login(client, "0912 345 678", follow=True)

    assert response.redirect_chain == [("/tai-khoan/inactive/", 302)]
    assertContains(response, "Tài khoản này đã bị khoá.")
    assert not is_logged_in(client)


class TestLockout:
    """5 failures in 15 minutes lock that number for 15 minutes; others still log in."""

    @staticmethod
    def fail(client, phone, times=5):
        for _ in range(times):
            response = login(client, phone, WRONG)
            assert response.status_code == 200
            assertContains(response, MSG_WRONG_LOGIN)

    def test_the_right_password_is_refused_after_five_failures(self, client, owner):
        self.fail(client, "0912 345 678")

        response = login(client, "0912 345 678", PASSWORD)

        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [MSG_LOCKED_OUT]
        assertContains(response, MSG_LOCKED_OUT)
        assertNotContains(response, MSG_WRONG_LOGIN)
        assert not is_logged_in(client)
        # Also from another device.
        other = Client()
        assertContains(login(other, "0912 345 678", PASSWORD), MSG_LOCKED_OUT)
        assert not is_logged_in(other)

    def test_four_failures_do_not_lock(self, client, owner):
        self.fail(client, "0912 345 678", times=4)
        assert login(client, "0912 345 678", PASSWORD).status_code == 302
        assert is_logged_in(client)

    def test_the_number_is_one_key_whatever_its_format(self, client, owner):
        for typed in [
            "0912 345 678",
            "+84 912 345 678",
            "84912345678",
            "0912345678",
            "0912.345.678",
        ]:
            assertContains(login(client, typed, WRONG), MSG_WRONG_LOGIN)

        assertContains(login(client, "+84912345678", PASSWORD), MSG_LOCKED_OUT)

    def test_another_number_from_the_same_address_still_logs_in(self, client, owner):
        neighbour = UserFactory(phone="+84987654321")
        self.fail(client, "0912 345 678")

        response = login(client, "0987 654 321", PASSWORD)

        assert response.status_code == 302
        assert int(client.session["_auth_user_id"]) == neighbour.pk

    def test_many_numbers_failing_behind_one_address_do_not_block_others(self, client):
        """Carrier NAT: the per-address limit stops a script, not a province."""
        for n in range(8):
            UserFactory(phone=f"+8498765430{n}")
            self.fail(Client(), f"+8498765430{n}")  # 40 failures, one address
        latecomer = UserFactory(phone="+84987654399")

        response = login(client, "0987 654 399", PASSWORD)

        assert response.status_code == 302
        assert int(client.session["_auth_user_id"]) == latecomer.pk

    def test_the_lock_lifts_after_fifteen_minutes(self, client, owner, clock):
        self.fail(client, "0912 345 678")
        clock.advance(14 * 60)
        assertContains(login(client, "0912 345 678", PASSWORD), MSG_LOCKED_OUT)

        clock.advance(60 + 1)
        response = login(client, "0912 345 678", PASSWORD)

        assert response.status_code == 302
        assert is_logged_in(client)


class TestRateLimitedInAFlow:
    """allauth raises RateLimited deep in the login flow when a number asks for
    too many codes; the citizen gets a Vietnamese 429 page, not a server error.

    Each attempt is a fresh session (another tab, a cleared browser): within one
    session allauth just sends the visitor back to the pending activation step."""

    def test_quick_logins_of_an_unactivated_account_give_a_429_page(self, unactivated_user):
        phone = unactivated_user.phone.as_national
        for _ in range(3):  # 3 codes a minute per number
            response = login(Client(), phone)
            assert response.status_code == 302
            assert response["Location"] == VERIFY_URL

        client = Client(raise_request_exception=False)
        response = login(client, phone)

        assert response.status_code == 429
        assertContains(response, MSG_429_HEADING, status_code=429)
        assertContains(response, MSG_429_BODY, status_code=429)
        assert len(sms_to(str(unactivated_user.phone))) == 3
        assert not is_logged_in(client)

    def test_the_number_can_ask_again_a_minute_later(self, unactivated_user, clock):
        phone = unactivated_user.phone.as_national
        for _ in range(4):
            login(Client(), phone)
        clock.advance(61)

        response = login(Client(), phone)

        assert response.status_code == 302
        assert response["Location"] == VERIFY_URL
        assert len(sms_to(str(unactivated_user.phone))) == 4

    def test_the_same_session_logging_in_again_returns_to_activation(self, unactivated_user):
        client = Client()
        for _ in range(5):
            response = login(client, unactivated_user.phone.as_national)
            assert response.status_code == 302
            assert response["Location"] == VERIFY_URL
        assert len(sms_to(str(unactivated_user.phone))) == 1


class TestAdminLogin:
    """The admin has no login form of its own: /admin/login/ sends everyone to the
    portal's, so IOC staff share its lockout per number and per address."""

    def test_the_admin_login_sends_visitors_to_the_portal_login(self, client):
        response = client.get("/admin/login/?next=/admin/reports/report/")

        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN_URL}?next=%2Fadmin%2Freports%2Freport%2F"

    def test_a_password_posted_to_the_admin_login_logs_nobody_in(self, client):
        staff = UserFactory(phone="+84912345678", is_staff=True)

        response = client.post(
            "/admin/login/", {"username": str(staff.phone), "password": PASSWORD}
        )

        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)
        assert not is_logged_in(client)

    def test_an_ioc_operator_is_locked_out_after_five_failures(self, client):
        UserFactory(phone="+84912345678", is_staff=True, is_superuser=True)
        TestLockout.fail(client, "0912 345 678")

        assertContains(login(client, "0912 345 678", PASSWORD), MSG_LOCKED_OUT)
        assert not is_logged_in(client)
        assert client.get("/admin/")["Location"].startswith("/admin/login/")

    def test_staff_log_in_through_the_portal_and_reach_the_admin(self, client):
        staff = UserFactory(phone="+84912345678", is_staff=True, is_superuser=True)
        response = client.post(
            f"{LOGIN_URL}?next=/admin/",
            {"login": "0912 345 678", "password": PASSWORD, "next": "/admin/"},
        )
        assert response["Location"] == MFA_AUTHENTICATE_URL
        assert not is_logged_in(client)

        response = client.post(MFA_AUTHENTICATE_URL, {"code": current_code(staff)})

        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200

    def test_a_citizen_signed_in_is_refused_the_admin_login(self, client):
        client.force_login(UserFactory())
        assert client.get("/admin/login/").status_code == 403
