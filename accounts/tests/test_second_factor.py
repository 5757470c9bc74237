"""Staff sign in with a second factor (security review, issue 10 item 11):
an authenticator app (TOTP) with recovery codes, set up before any staff page
opens, asked at every login; an SMS code alone signs nobody in."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from django.test import Client
from pytest_django.asserts import assertContains

from accounts import second_factor
from accounts.management.commands.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.models import User
from reports.tests.factories import AgencyFactory, AgencyMembershipFactory

from .factories import PASSWORD, UserFactory
from .helpers import (
    LOGIN_URL,
    MFA_ACTIVATE_URL,
    MFA_AUTHENTICATE_URL,
    MSG_INCORRECT_CODE,
    MSG_LOCKED_OUT,
    PASSWORD_RESET_CODE_URL,
    PASSWORD_RESET_NEW_URL,
    PASSWORD_RESET_URL,
    current_code,
    field_errors,
    is_logged_in,
    last_code,
    login,
)

pytestmark = pytest.mark.django_db

PHONE = "+84912345678"
NEW_PASSWORD = "Mua-Thu#Ha-Noi9"
RECOVERY_CODES_URL = "/tai-khoan/2fa/recovery-codes/"
DEACTIVATE_URL = "/tai-khoan/2fa/totp/deactivate/"
STAFF_PAGES = ["/admin/", "/xu-ly/", "/kiem-duyet/"]


def staff_kinds():
    """Every kind of staff account, each without an authenticator app yet."""
    return {
        "ioc": lambda: UserFactory(phone=PHONE, is_staff=True, authenticator_app=False),
        "superuser": lambda: UserFactory(
            phone=PHONE, is_staff=True, is_superuser=True, authenticator_app=False
        ),
        "officer": lambda: (
            AgencyMembershipFactory(user=UserFactory(phone=PHONE), authenticator_app=False).user
        ),
        "monitor": lambda: (
            AgencyMembershipFactory(
                user=UserFactory(phone=PHONE), role="monitor", authenticator_app=False
            ).user
        ),
    }


@pytest.fixture(params=list(staff_kinds()))
def new_staff(request):
    return staff_kinds()[request.param]()


def secret_on_page(response) -> str:
    match = re.search(r'id="totp-secret">([A-Z2-7]+)<', response.content.decode())
    assert match, "the activation page shows no secret"
    return match.group(1)


# --- Set up before any staff page opens --------------------------------------------


@pytest.mark.parametrize("page", [*STAFF_PAGES, "/", "/ca-nhan/"])
def test_staff_without_an_app_open_nothing_but_its_set_up(client, new_staff, page):
    client.force_login(new_staff)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == MFA_ACTIVATE_URL
    # Posting is refused the same way.
    assert client.post(page, {})["Location"] == MFA_ACTIVATE_URL


def test_citizens_are_never_asked(client):
    client.force_login(UserFactory(phone=PHONE))
    assert client.get("/ca-nhan/").status_code == 200
    assert not Authenticator.objects.exists()


def test_a_citizen_given_a_membership_is_asked_at_once(client):
    citizen = UserFactory(phone=PHONE)
    client.force_login(citizen)
    assert client.get("/ca-nhan/").status_code == 200

    AgencyMembershipFactory(user=citizen, agency=AgencyFactory(), authenticator_app=False)

    assert client.get("/xu-ly/")["Location"] == MFA_ACTIVATE_URL


def test_a_new_staff_member_sets_up_the_app_then_works(client, new_staff):
    response = login(client, "0912 345 678")
    assert client.get(response["Location"])["Location"] == MFA_ACTIVATE_URL
    page = client.get(MFA_ACTIVATE_URL)
    assertContains(page, "Bật xác thực hai lớp")
    assertContains(page, 'src="data:image/svg+xml;base64,')
    secret = secret_on_page(page)

    wrong = client.post(MFA_ACTIVATE_URL, {"code": "000000"})
    assert wrong.status_code == 200
    assert field_errors(wrong, "code") == [MSG_INCORRECT_CODE]

    response = client.post(MFA_ACTIVATE_URL, {"code": second_factor.current_code(secret)})
    assert response["Location"] == RECOVERY_CODES_URL
    codes = client.get(RECOVERY_CODES_URL)
    assertContains(codes, "Mã khôi phục")
    assert len(re.findall(r'<code class="code">\d{8}</code>', codes.content.decode())) == 10
    page = "/xu-ly/" if new_staff.agency_memberships.exists() else "/admin/"
    assert client.get(page).status_code == 200


def test_the_secret_is_stored_encrypted(new_staff):
    secret = second_factor.enrol(new_staff)
    stored = Authenticator.objects.get(user=new_staff, type=Authenticator.Type.TOTP)
    assert secret not in str(stored.data)
    assert second_factor.secret_of(new_staff) == secret


# --- Asked at every login -----------------------------------------------------------


@pytest.fixture
def ioc(db):
    return UserFactory(phone=PHONE, is_staff=True)


def test_the_password_alone_does_not_sign_staff_in(client, ioc):
    response = login(client, "0912 345 678")
    assert response["Location"] == MFA_AUTHENTICATE_URL
    assert not is_logged_in(client)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assertContains(client.get(MFA_AUTHENTICATE_URL), "ứng dụng xác thực")


def test_a_wrong_app_code_is_refused_next_to_the_field(client, ioc):
    login(client, "0912 345 678")
    good = current_code(ioc)
    response = client.post(MFA_AUTHENTICATE_URL, {"code": "000000" if good != "000000" else "1"})
    assert response.status_code == 200
    assert field_errors(response, "code") == [MSG_INCORRECT_CODE]
    assert not is_logged_in(client)


def test_app_codes_cannot_be_guessed(client, ioc):
    login(client, "0912 345 678")
    good = current_code(ioc)
    wrong = "000000" if good != "000000" else "111111"
    for _attempt in range(5):
        client.post(MFA_AUTHENTICATE_URL, {"code": wrong})

    response = client.post(MFA_AUTHENTICATE_URL, {"code": good})

    assert field_errors(response, "code") == [MSG_LOCKED_OUT]
    assert not is_logged_in(client)


@pytest.mark.parametrize(("steps_ago", "accepted"), [(1, True), (3, False)])
def test_a_code_typed_in_the_previous_half_minute_still_counts(client, ioc, steps_ago, accepted):
    """One 30-second step of delay (MFA_TOTP_TOLERANCE): a code typed just before
    it changed, on a slow connection; older codes are refused."""
    counter = int(time.time()) // 30 - steps_ago
    code = format_hotp_value(hotp_value(second_factor.secret_of(ioc), counter))
    login(client, "0912 345 678")

    response = client.post(MFA_AUTHENTICATE_URL, {"code": code})

    assert (response.status_code == 302) is accepted
    assert is_logged_in(client) is accepted


@pytest.mark.parametrize("factor", ["app", "recovery code"])
def test_the_app_code_or_a_recovery_code_signs_staff_in(client, ioc, factor):
    if factor == "app":
        code = current_code(ioc)
    else:
        recovery = Authenticator.objects.get(user=ioc, type=Authenticator.Type.RECOVERY_CODES)
        code = recovery.wrap().get_unused_codes()[0]
    login(client, "0912 345 678")

    response = client.post(MFA_AUTHENTICATE_URL, {"code": code})

    assert response.status_code == 302
    assert is_logged_in(client)
    assert client.get("/admin/").status_code == 200


def test_staff_cannot_switch_the_app_off(client, ioc):
    login(client, "0912 345 678")
    client.post(MFA_AUTHENTICATE_URL, {"code": current_code(ioc)})

    response = client.post(DEACTIVATE_URL, {})

    assert response.status_code == 200
    assertContains(response, "Tài khoản cán bộ không thể tắt xác thực hai lớp.")
    assert second_factor.secret_of(ioc) is not None


def test_a_citizen_may_switch_an_app_on_and_off(client):
    citizen = UserFactory(phone=PHONE)
    second_factor.enrol(citizen)
    login(client, "0912 345 678")
    client.post(MFA_AUTHENTICATE_URL, {"code": current_code(citizen)})

    response = client.post(DEACTIVATE_URL, {})

    assert response.status_code == 302
    assert second_factor.secret_of(citizen) is None


# --- An SMS code alone signs nobody in ---------------------------------------------


def test_there_is_no_login_by_sms_code(client, ioc):
    assert client.get("/tai-khoan/login/code/").status_code == 404
    # allauth keeps the confirmation path; with nothing pending it is the login.
    response = client.post("/tai-khoan/login/code/confirm/", {"code": "123456"})
    assert response["Location"] == LOGIN_URL
    assert not is_logged_in(client)


def test_a_reset_by_sms_leaves_staff_to_sign_in_with_both_factors(client, ioc):
    client.post(PASSWORD_RESET_URL, {"phone": "0912 345 678"})
    client.post(PASSWORD_RESET_CODE_URL, {"code": last_code(PHONE)})
    assert not is_logged_in(client)
    client.post(PASSWORD_RESET_NEW_URL, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert not is_logged_in(client)

    response = login(client, "0912 345 678", NEW_PASSWORD)

    assert response["Location"] == MFA_AUTHENTICATE_URL
    assert not is_logged_in(client)


# --- make run: a newcomer can try every role ----------------------------------------


def test_demo_staff_sign_in_with_the_code_the_command_prints(settings, capsys):
    settings.DEBUG = True
    call_command("demo_accounts")
    printed = capsys.readouterr().out
    ioc_phone = next(account[0] for account in DEMO_ACCOUNTS if account[2] == "Điều hành viên IOC")
    assert "khoá TOTP" in printed

    call_command("demo_accounts", "--codes")
    codes = capsys.readouterr().out
    code = re.search(r"0901 000 003\s+mã (\d{6})", codes).group(1)
    client = Client()
    assert login(client, "0901 000 003", DEMO_PASSWORD)["Location"] == MFA_AUTHENTICATE_URL
    assert client.post(MFA_AUTHENTICATE_URL, {"code": code}).status_code == 302
    assert client.get("/admin/").status_code == 200
    # Citizens of the demo have no app.
    citizen = User.objects.get(phone=DEMO_ACCOUNTS[0][0])
    assert second_factor.secret_of(citizen) is None
    assert second_factor.secret_of(User.objects.get(phone=ioc_phone)) is not None


def test_login_page_is_unchanged_for_citizens(client):
    UserFactory(phone=PHONE)
    response = login(client, "0912 345 678", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] != MFA_AUTHENTICATE_URL
    assert is_logged_in(client)
    assert client.get(LOGIN_URL).status_code in (200, 302)
