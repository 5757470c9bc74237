"""The province's single sign-on: off unless configured, and its rules without
a browser (accounts.sso); the journeys are in test_sso_browser.py and
test_sso_link_browser.py, against a real provider."""

import json
import subprocess  # nosec B404 # the settings probe, as phananh/tests/test_settings.py does
import sys

import pytest
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from django.test import RequestFactory

from accounts import sso

from .oidc_provider.world import PROVIDER_ID, point_portal_at

pytestmark = pytest.mark.django_db

LINK_URL = "/tai-khoan/lien-ket-dang-nhap/"


def test_no_sso_button_by_default(client):
    assert "/oidc/" not in client.get("/tai-khoan/login/").text


def test_configured_openid_connect_provider_shows_its_button(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "quangtri",
                    "name": "Quảng Trị Smart",
                    "client_id": "portal",
                    "secret": "s3cret",
                    "settings": {"server_url": "https://sso.example.vn"},
                }
            ]
        }
    }
    assert not SocialApp.objects.exists()
    page = client.get("/tai-khoan/login/").text
    assert "Đăng nhập bằng Quảng Trị Smart" in page
    assert "/tai-khoan/oidc/quangtri/login/" in page


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"phone_number": "+84912345678", "phone_number_verified": True}, ("+84912345678", True)),
        ({"phone_number": "0912 345 678", "phone_number_verified": "true"}, ("+84912345678", True)),
        ({"phone_number": "+84912345678"}, ("+84912345678", False)),
        ({"phone_number": "+12025550100", "phone_number_verified": True}, (None, False)),
        ({"phone_number_verified": True}, (None, False)),
    ],
    ids=["verified", "national and a string", "unverified", "not Vietnamese", "none"],
)
def test_the_phone_comes_from_the_standard_claims(claims, expected):
    assert sso.phone_from_claims(claims) == expected


def test_the_portal_asks_the_provider_for_the_phone_with_pkce(settings):
    point_portal_at(settings, "https://sso.example.vn/o", "s3cret")
    provider = get_adapter().get_provider(RequestFactory().get("/"), PROVIDER_ID)
    assert isinstance(provider, sso.ProvinceProvider)
    assert provider.get_scope() == ["openid", "profile", "phone"]
    assert provider.get_pkce_params()["code_challenge_method"] == "S256"


def test_the_login_page_may_send_its_form_on_to_the_configured_provider():
    """The button posts to the portal, which redirects to the provider: the
    browser refuses that redirect unless the CSP's form-action names it."""
    from phananh.tests.test_settings import CLEAN_ENV, ROOT

    probe = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.SECURE_CSP['form-action']))"
    )
    env = {
        **CLEAN_ENV,
        "DJANGO_SETTINGS_MODULE": "phananh.settings.base",
        "OIDC_SERVER_URL": "https://sso.quangtri.gov.vn/realms/cong-dan",
        "OIDC_CLIENT_ID": "portal",
        "OIDC_CLIENT_SECRET": "s3cret",
    }
    result = subprocess.run(  # nosec B603 # this interpreter, a fixed probe
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["'self'", "https://sso.quangtri.gov.vn"]


def test_a_new_account_takes_the_number_and_not_the_providers_e_mail(settings):
    point_portal_at(settings, "https://sso.example.vn/o", "s3cret")
    request = RequestFactory().get("/")
    provider = get_adapter().get_provider(request, PROVIDER_ID)
    claims = {
        "sub": "7",
        "name": "Trần Văn An",
        "email": "an@example.vn",
        "email_verified": True,
        "phone_number": "+84912000001",
        "phone_number_verified": True,
    }
    sociallogin = provider.sociallogin_from_response(request, {"userinfo": claims})
    assert (sociallogin.phone, sociallogin.phone_verified) == ("+84912000001", True)
    assert sociallogin.email_addresses == []
    assert sociallogin.user.full_name == "Trần Văn An"
    assert not sociallogin.user.email
