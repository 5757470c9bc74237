"""The proof page (accounts.sso.PendingLink) through HTTP: what a sign-in with
the province's provider to a number that already has an account may do
before, and instead of, proving it."""

import pytest
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount
from django.test import RequestFactory

from accounts import sms, sso
from reports.tests.factories import AgencyMembershipFactory

from .factories import PASSWORD, UserFactory
from .helpers import LOGIN_URL, MSG_LOCKED_OUT, is_logged_in, last_code, page
from .oidc_provider.world import PROVIDER_ID, point_portal_at

pytestmark = pytest.mark.django_db

LINK_URL = "/tai-khoan/lien-ket-dang-nhap/"
WRONG_PASSWORD = "Sai-mat-khau#1"


@pytest.fixture
def citizen():
    return UserFactory(phone="+84912000003")


@pytest.fixture
def pending(client, settings, citizen):
    """A sign-in from the provider for the citizen's number, waiting for proof."""
    point_portal_at(settings, "https://sso.example.vn/o", "s3cret")
    request = RequestFactory().get("/")
    request.session = client.session
    provider = get_adapter().get_provider(request, PROVIDER_ID)
    claims = {"sub": "42", "name": "Phạm Thị Cúc", "phone_number": "0912000003"}
    sociallogin = provider.sociallogin_from_response(request, {"userinfo": claims})
    sso.sociallogin_take_phone(sociallogin=sociallogin)
    link = sso.PendingLink.start(request, sociallogin=sociallogin, owner=citizen)
    request.session.save()
    return link


def prove_password(client, password):
    return client.post(LINK_URL, {"action": "password", "password": password})


def test_without_a_waiting_sign_in_the_page_sends_to_login(client):
    response = client.get(LINK_URL, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN_URL
    assert "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại." in page(response)


def test_the_page_names_the_number_and_both_proofs(client, pending):
    text = page(client.get(LINK_URL))
    assert "0912 000 003" in text
    assert "Liên kết bằng mật khẩu" in text
    assert "Gửi mã qua SMS" in text


def test_the_right_password_links_and_signs_in(client, pending, citizen):
    response = prove_password(client, PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == citizen.pk
    account = SocialAccount.objects.get()
    assert (account.user_id, account.provider, account.uid) == (citizen.pk, PROVIDER_ID, "42")
    assert sso.PendingLink.SESSION_KEY not in client.session


def test_wrong_passwords_lock_the_number_as_the_login_form_does(client, pending):
    for _ in range(5):
        assert "Mật khẩu không đúng." in page(prove_password(client, WRONG_PASSWORD))
    assert MSG_LOCKED_OUT in page(prove_password(client, PASSWORD))
    assert not is_logged_in(client)
    assert not SocialAccount.objects.exists()


def test_the_code_goes_to_the_accounts_number_and_a_wrong_one_links_nothing(client, pending):
    client.post(LINK_URL, {"action": "send_code"})
    code = last_code("+84912000003")
    response = client.post(LINK_URL, {"action": "code", "code": "x" + code})
    assert "Mã xác thực không đúng." in page(response)
    assert not is_logged_in(client)
    assert not SocialAccount.objects.exists()


def test_a_code_is_sent_again_only_after_the_cooldown(client, pending, clock):
    client.post(LINK_URL, {"action": "send_code"})
    response = client.post(LINK_URL, {"action": "send_code"}, follow=True)
    assert "Chỉ gửi lại mã sau 60 giây" in page(response)
    clock.advance(61)
    client.post(LINK_URL, {"action": "send_code"})
    assert len(sms.outbox) == 2


def test_five_wrong_codes_end_the_waiting_sign_in(client, pending):
    client.post(LINK_URL, {"action": "send_code"})
    for _ in range(4):
        client.post(LINK_URL, {"action": "code", "code": "abcdef"})
    response = client.post(LINK_URL, {"action": "code", "code": "abcdef"}, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN_URL
    assert "Bạn đã nhập sai mã quá nhiều lần. Hãy đăng nhập lại." in page(response)
    assert sso.PendingLink.SESSION_KEY not in client.session


def test_the_waiting_sign_in_expires(client, pending, clock):
    clock.advance(11 * 60)
    assert client.get(LINK_URL)["Location"] == LOGIN_URL


def test_an_account_that_became_staff_meanwhile_is_not_linked(client, pending, citizen):
    AgencyMembershipFactory(user=citizen)
    response = prove_password(client, PASSWORD)
    assert response.status_code == 403
    assert "Tài khoản cán bộ không đăng nhập bằng Quảng Trị Smart." in page(response)
    assert not is_logged_in(client)
    assert not SocialAccount.objects.exists()


def test_the_page_reads_in_english_too(client, pending):
    client.cookies["django_language"] = "en"
    text = page(client.get(LINK_URL))
    assert "Link to your existing account" in text
    assert "Password of your portal account" in text
