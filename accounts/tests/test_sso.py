"""The province's single sign-on is off unless configured."""

import pytest
from allauth.socialaccount.models import SocialApp

pytestmark = pytest.mark.django_db


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
