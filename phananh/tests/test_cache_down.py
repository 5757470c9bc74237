"""Redis unreachable: the cache fails open, so pages are built from the
database and what citizens send is stored; counts that guard abuse refuse."""

import socket

import pytest
from django.core.cache import cache

from accounts.tests.factories import UserFactory
from phananh import ratelimit
from phananh.cache import CacheUnavailable
from reports.models import Report
from reports.tests.factories import CategoryFactory, report_in_state
from reports.tests.helpers import CREATE_URL, MY_REPORTS_URL, detail_url, report_data


def _closed_port() -> int:
    """A local port nothing listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "phananh.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return cache


def test_reads_miss_and_writes_are_skipped(redis_down):
    assert redis_down.get("key") is None
    assert redis_down.get("key", "fallback") == "fallback"
    assert redis_down.get_many(["a", "b"]) == {}
    assert redis_down.add("key", 1) is False
    assert redis_down.set("key", 1) is None
    assert redis_down.delete("key") is False
    assert redis_down.get_or_set("key", 7) == 7
    assert redis_down.reachable() is False


def test_the_outage_is_logged(redis_down, caplog, monkeypatch):
    monkeypatch.setattr("phananh.cache.WARN_EVERY", 0)  # a warning per call, not per 10 s
    redis_down.get("key")
    assert "Cache unreachable, serving without it" in caplog.text


def test_counting_raises_so_limits_can_refuse(redis_down):
    with pytest.raises(CacheUnavailable):
        redis_down.incr("key")
    assert ratelimit.consume("sms:to:+84912345678", "5/h") is False


def test_visitors_pages_are_built_from_the_database(redis_down, client, db):
    report = report_in_state(Report.Status.PUBLISHED, is_public=True)
    assert client.get("/").status_code == 200
    page = client.get(detail_url(report.code))
    assert page.status_code == 200
    assert report.title in page.content.decode()


def test_a_citizen_signed_in_before_keeps_working_and_sends_a_report(redis_down, client, db):
    citizen = UserFactory()
    client.force_login(citizen)  # the session is in the database (cached_db)
    category = CategoryFactory()

    response = client.post(CREATE_URL, report_data(category))

    report = Report.objects.get(reporter=citizen)
    assert report.status == Report.Status.SUBMITTED
    assert response.status_code == 302
    assert response["Location"] == detail_url(report.code)
    assert client.get(MY_REPORTS_URL).status_code == 200
    assert client.get(detail_url(report.code)).status_code == 200


def test_login_attempts_wait_for_the_count_instead_of_failing(redis_down, client, db):
    """allauth cannot count failed logins without Redis: it refuses (429), never a 500."""
    user = UserFactory(phone="+84912000111")
    response = client.post("/tai-khoan/login/", {"login": str(user.phone), "password": "sai"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Hệ thống đang tạm gián đoạn nên chưa kiểm tra được lượt thao tác này" in page
    assert "Bạn đã thao tác quá nhiều lần" not in page
