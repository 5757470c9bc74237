"""Single sign-on to a number that already has an account, in Chromium against
the real provider (oidc_provider/): the link waits until the person proves the
account is theirs, and staff accounts never open without their second factor."""

import pytest
from allauth.socialaccount.models import SocialAccount

from accounts.models import User
from phananh.testing.browser import PHONE, assert_accessible
from reports.tests.factories import AgencyMembershipFactory, IocOperatorFactory

from .factories import PASSWORD, UserFactory
from .helpers import last_code
from .oidc_provider.world import PROVIDER_ID, sign_in_with_provider
from .oidc_provider.world import oidc_provider as oidc_provider
from .oidc_provider.world import sso_portal as sso_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CUC_PHONE = "+84912000003"  # the provider's number for "cuc"
LINK_HEADING = "Liên kết với tài khoản đã có"
LOGGED_IN = "Đăng nhập thành công."
STAFF_REFUSED = "Tài khoản cán bộ không đăng nhập bằng Quảng Trị Smart."


def assert_signed_out(page):
    page.goto("/tai-khoan/")
    assert "/tai-khoan/login/" in page.url


def test_the_link_waits_for_the_accounts_password(page, sso_portal):
    citizen = UserFactory(phone=CUC_PHONE, full_name="Phạm Thị Cúc")
    sign_in_with_provider(page, sso_portal, "cuc")

    page.get_by_role("heading", name=LINK_HEADING).wait_for()
    page.get_by_text("0912 000 003").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Mật khẩu của tài khoản trên cổng").fill("Sai-mat-khau#1")
    page.get_by_role("button", name="Liên kết bằng mật khẩu").click()
    page.get_by_text("Mật khẩu không đúng.").wait_for()
    assert_accessible(page)
    assert not SocialAccount.objects.exists()
    assert_signed_out(page)

    page.goto("/tai-khoan/lien-ket-dang-nhap/")
    page.get_by_label("Mật khẩu của tài khoản trên cổng").fill(PASSWORD)
    page.get_by_role("button", name="Liên kết bằng mật khẩu").click()
    page.get_by_text(LOGGED_IN).wait_for()
    account = SocialAccount.objects.get()
    assert (account.user_id, account.provider) == (citizen.pk, PROVIDER_ID)
    assert account.uid == sso_portal.sub("cuc")
    assert User.objects.count() == 1

    page.goto("/tai-khoan/logout/")
    page.get_by_role("button", name="Xác nhận đăng xuất").click()
    sign_in_with_provider(page, sso_portal, "cuc")
    page.get_by_text(LOGGED_IN).wait_for()
    assert User.objects.count() == 1


@pytest.mark.parametrize("page", [PHONE], indirect=True, ids=["phone"])
def test_the_link_waits_for_a_code_sent_to_the_number(page, sso_portal):
    citizen = UserFactory(phone=CUC_PHONE, unactivated=True)
    sign_in_with_provider(page, sso_portal, "cuc")

    page.get_by_role("button", name="Gửi mã qua SMS").click()
    page.get_by_text("Mã xác thực đã được gửi qua SMS.").wait_for()
    assert_accessible(page)
    code = last_code(CUC_PHONE)
    wrong = "000000" if code != "000000" else "111111"
    page.get_by_label("Mã xác thực").fill(wrong)
    page.get_by_role("button", name="Liên kết bằng mã").click()
    page.get_by_text("Mã xác thực không đúng.").wait_for()
    assert not SocialAccount.objects.exists()

    page.get_by_label("Mã xác thực").fill(code)
    page.get_by_role("button", name="Liên kết bằng mã").click()
    page.get_by_text(LOGGED_IN).wait_for()
    assert SocialAccount.objects.get().user_id == citizen.pk
    citizen.refresh_from_db()
    assert citizen.phone_verified


@pytest.mark.parametrize("page", [PHONE], indirect=True, ids=["phone"])
@pytest.mark.parametrize(
    "make_staff",
    [
        lambda phone: IocOperatorFactory(phone=phone),
        lambda phone: AgencyMembershipFactory(user=UserFactory(phone=phone)).user,
    ],
    ids=["ioc", "agency officer"],
)
def test_a_staff_number_is_never_linked(page, sso_portal, make_staff):
    make_staff(CUC_PHONE)
    sign_in_with_provider(page, sso_portal, "cuc")

    page.get_by_text(STAFF_REFUSED).wait_for()
    assert_accessible(page)
    assert not SocialAccount.objects.exists()
    assert_signed_out(page)


@pytest.mark.parametrize("page", [PHONE], indirect=True, ids=["phone"])
def test_an_identity_linked_before_its_account_became_staff_opens_nothing(page, sso_portal):
    staff = IocOperatorFactory()
    SocialAccount.objects.create(user=staff, provider=PROVIDER_ID, uid=sso_portal.sub("an"))
    sign_in_with_provider(page, sso_portal, "an")

    page.get_by_text(STAFF_REFUSED).wait_for()
    page.goto("/xu-ly/")
    assert "/tai-khoan/login/" in page.url
