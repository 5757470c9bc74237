"""The database away (restarting, unreachable): every page answers a calm
Vietnamese 503 that asks to retry, never a stack trace; other errors stay 500s."""

import pytest
from django.db import OperationalError, ProgrammingError, connection
from django.test import Client

from accounts.tests.factories import UserFactory
from reports.models import Report
from reports.tests.factories import report_in_state


def _refusing(error):
    def execute(execute, sql, params, many, context):
        raise error

    return execute


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/phan-anh/PA-2026-000001/",
        "/ban-do/",
        "/tai-khoan/login/",
        "/open311/v2/services.json",
    ],
)
def test_every_page_says_503_with_retry_advice(visitor, db, url):
    with connection.execute_wrapper(_refusing(OperationalError("the database is starting up"))):
        response = visitor.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-cache" in response["Cache-Control"]
    page = response.content.decode()
    assert "Hệ thống tạm gián đoạn" in page
    assert "vẫn được lưu an toàn" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_a_signed_in_citizens_post_gets_the_same_page(visitor, db):
    report = report_in_state(Report.Status.PUBLISHED, is_public=True)
    visitor.force_login(UserFactory())
    with connection.execute_wrapper(_refusing(OperationalError("server closed the connection"))):
        response = visitor.post(f"/phan-anh/{report.code}/binh-luan/", {"content": "Cảm ơn"})
    assert response.status_code == 503
    assert "Hệ thống tạm gián đoạn" in response.content.decode()


def test_english_readers_get_it_in_english(visitor, db):
    visitor.cookies["django_language"] = "en"
    with connection.execute_wrapper(_refusing(OperationalError("connection refused"))):
        response = visitor.get("/")
    assert response.status_code == 503
    assert "Service briefly unavailable" in response.content.decode()


def test_a_bug_in_a_query_is_still_a_500(visitor, db):
    with connection.execute_wrapper(_refusing(ProgrammingError("no such column"))):
        response = visitor.get("/")
    assert response.status_code == 500
    assert "Hệ thống tạm gián đoạn" not in response.content.decode()
