"""Vietnamese first, whatever the browser asks; English through the switch."""

import pytest
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_vietnamese_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.text
    assert "Đăng nhập" in response.text


def test_switch_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.text
    assert "Log in" in response.text

    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/"}, follow=True)
    assert '<html lang="vi">' in response.text


def test_unknown_language_cookie_falls_back_to_vietnamese(client):
    client.cookies["django_language"] = "xx"
    assert '<html lang="vi">' in client.get("/").text


def test_the_language_of_a_request_ends_with_it(client):
    """Work done on the same thread afterwards (a task run in-process, the
    next test) is not in the last visitor's language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("vi"):
        assert client.get("/").headers["Content-Language"] == "en"
        assert translation.get_language() == "vi"
