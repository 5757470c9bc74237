"""Single sign-on in Chromium against a real OpenID Connect provider running
in its own process (oidc_provider/): new citizens, returning ones, and a
provider that is down or answers badly."""

import socket

import pytest
from allauth.socialaccount.models import SocialAccount

from accounts.models import User
from phananh.testing.browser import PHONE, assert_accessible

from .helpers import last_code
from .oidc_provider.world import (
    PROVIDER_ID,
    SSO_BUTTON,
    point_portal_at,
    sign_in_with_provider,
)
from .oidc_provider.world import oidc_provider as oidc_provider
from .oidc_provider.world import sso_portal as sso_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOGGED_IN = "Đăng nhập thành công."


def log_out(page):
    page.goto("/tai-khoan/logout/")
    page.get_by_role("button", name="Xác nhận đăng xuất").click()
    page.get_by_text("Bạn đã đăng xuất.").wait_for()


def test_first_sign_in_makes_a_citizen_and_the_next_opens_the_same_account(page, sso_portal):
    page.goto("/tai-khoan/login/")
    assert_accessible(page)
    sign_in_with_provider(page, sso_portal, "an")
    page.get_by_text(LOGGED_IN).wait_for()

    user = User.objects.get()
    assert str(user.phone) == "+84912000001"
    assert user.phone_verified
    assert user.full_name == "Trần Văn An"
    assert not user.is_staff_member and not user.groups.exists()
    assert not user.has_usable_password()
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == (PROVIDER_ID, sso_portal.sub("an"))

    log_out(page)
    sign_in_with_provider(page, sso_portal, "an")
    page.get_by_text(LOGGED_IN).wait_for()
    assert User.objects.count() == 1
    assert SocialAccount.objects.count() == 1
    page.goto("/tai-khoan/")
    assert page.get_by_label("Họ và tên").input_value() == "Trần Văn An"


@pytest.mark.parametrize("page", [PHONE], indirect=True, ids=["phone"])
def test_a_number_the_provider_did_not_check_is_activated_by_sms(page, sso_portal):
    sign_in_with_provider(page, sso_portal, "binh")

    page.get_by_role("heading", name="Kích hoạt tài khoản").wait_for()
    user = User.objects.get()
    assert str(user.phone) == "+84912000002"
    assert not user.phone_verified
    page.get_by_label("Mã xác thực").fill(last_code("+84912000002"))
    page.get_by_role("button", name="Kích hoạt").click()
    page.get_by_text("Tài khoản đã được kích hoạt.").wait_for()
    user.refresh_from_db()
    assert user.phone_verified


@pytest.mark.parametrize("page", [PHONE], indirect=True, ids=["phone"])
def test_an_identity_without_a_phone_number_gets_no_account(page, sso_portal):
    sign_in_with_provider(page, sso_portal, "dao")

    page.get_by_text("Tài khoản Quảng Trị Smart của bạn chưa có số điện thoại").wait_for()
    assert not User.objects.exists()


def test_a_provider_that_is_down_gets_a_vietnamese_page(page, settings, oidc_provider):
    with socket.socket() as probe:  # a port that was free a moment ago, now closed
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    point_portal_at(settings, f"http://127.0.0.1:{closed}/o", oidc_provider.client_secret)
    page.goto("/tai-khoan/login/")
    page.get_by_role("button", name=SSO_BUTTON).click()

    page.get_by_role("heading", name="Chưa đăng nhập được").wait_for()
    page.get_by_text("Không kết nối được với Quảng Trị Smart.").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Quay lại đăng nhập").click()
    page.get_by_label("Số điện thoại").wait_for()


@pytest.mark.parametrize("page", [PHONE], indirect=True, ids=["phone"])
@pytest.mark.parametrize(
    "secret, overrides",
    [
        ("not-the-secret", {}),
        (None, {"openid_configuration_overrides": {"issuer": "https://sso.example.vn"}}),
    ],
    ids=["token refused", "wrong issuer"],
)
def test_a_provider_that_answers_badly_gets_a_vietnamese_page(
    page, settings, oidc_provider, secret, overrides
):
    point_portal_at(
        settings, oidc_provider.server_url, secret or oidc_provider.client_secret, **overrides
    )
    sign_in_with_provider(page, oidc_provider, "an")

    page.get_by_text("Quảng Trị Smart trả lời không hợp lệ nên chưa đăng nhập được.").wait_for()
    assert not User.objects.exists()
    page.goto("/tai-khoan/")
    assert page.url.endswith("/tai-khoan/login/?next=/tai-khoan/")


@pytest.mark.parametrize("page", [PHONE], indirect=True, ids=["phone"])
def test_a_sign_in_stopped_at_the_provider_gets_a_portal_page(page, sso_portal):
    page.goto("/tai-khoan/3rdparty/login/cancelled/")
    page.get_by_role("heading", name="Đã huỷ đăng nhập").wait_for()
    assert_accessible(page)
