"""The visitors' page cache (reports/public_cache.py): served without a query,
refreshed by every change the public may see, never shown to or filled by a
logged-in user, and with each visitor's own CSRF token."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from reports import public_cache, workflow
from reports.models import Report

from .factories import IocOperatorFactory, report_in_state
from .helpers import detail_url, text

S = Report.Status
HOME = reverse("reports:home")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(db):
    return report_in_state(S.PUBLISHED, is_public=True, title="Ổ gà đường Hùng Vương")


def test_a_visitor_page_is_served_again_without_a_query(
    client, published, django_assert_num_queries
):
    first = client.get(HOME)
    with django_assert_num_queries(0):
        again = client.get(HOME)

    assert again.status_code == 200
    assert "Ổ gà đường Hùng Vương" in text(again)
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode())


@pytest.mark.parametrize("url", ["home", "detail", "feed", "open311", "map_data"])
def test_every_cached_kind_of_page_answers_from_the_cache(
    client, published, url, django_assert_num_queries
):
    path = {
        "home": HOME,
        "detail": detail_url(published.code),
        "feed": reverse("reports:feed"),
        "open311": "/open311/v2/requests.json",
        "map_data": reverse("reports:map_data") + "?bbox=106,16,108,18&zoom=9",
    }[url]
    assert client.get(path).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200


def test_a_workflow_change_reaches_the_public_pages_at_once(
    client, django_capture_on_commit_callbacks
):
    report = report_in_state(S.SUBMITTED, title="Cây đổ chắn lối đi")
    assert "Cây đổ chắn lối đi" not in text(client.get(HOME))
    assert client.get(detail_url(report.code)).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_receive(
            report=report,
            actor=IocOperatorFactory(),
            category=report.category,
            level="normal",
            is_public=True,
        )

    assert "Cây đổ chắn lối đi" in text(client.get(HOME))
    assert client.get(detail_url(report.code)).status_code == 200


def test_a_page_cached_before_the_commit_is_not_served_after_it(published):
    """A request that renders while the change is not yet committed stores the
    old page under the new version; the bump on commit moves past it."""
    before = public_cache.public_version()
    public_cache.public_changed()  # inside the test's transaction: now...
    assert public_cache.public_version() == before + 1
    public_cache.bump_version()  # ...and what on_commit runs
    assert public_cache.public_version() == before + 2


def test_staff_pages_are_never_stored_nor_shown_to_visitors(client):
    report = report_in_state(S.SUBMITTED, title="Chỉ IOC thấy")
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "Chỉ IOC thấy" in text(staff.get(detail_url(report.code)))

    assert client.get(detail_url(report.code)).status_code == 404
    assert "Chỉ IOC thấy" not in text(client.get(HOME))


def test_a_logged_in_user_never_gets_the_visitors_page(client, published):
    client.get(HOME)  # stored for visitors
    user = UserFactory(full_name="Phan Thị Hạnh")
    client.force_login(user)

    page = text(client.get(HOME))

    assert "Phan Thị Hạnh" in page
    assert "Đăng nhập" not in page


def test_each_visitor_gets_a_working_token_of_their_own(published):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(HOME)
    page = second.get(HOME)  # from the cache
    token = TOKEN.search(page.content.decode())[1]

    assert token != "@csrf-token@"
    switched = second.post(
        reverse("set_language"), {"language": "en", "next": HOME, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
    assert 'lang="en"' in second.get(HOME).content.decode()


def test_languages_are_cached_apart(client, published):
    vietnamese = text(client.get(HOME))
    client.cookies["django_language"] = "en"
    english = text(client.get(HOME))

    assert vietnamese != english
    assert "Đăng nhập" in vietnamese and "Đăng nhập" not in english


def test_a_visitor_with_a_message_gets_a_fresh_page_that_is_not_stored(client, published):
    Client().get(HOME)  # stored for visitors
    client.force_login(UserFactory())

    after_logout = client.post(reverse("account_logout"), follow=True)

    assert after_logout.redirect_chain[-1][0] == HOME
    assert 'class="message' in after_logout.content.decode()
    assert 'class="message' not in Client().get(HOME).content.decode()


def test_pages_are_cached_per_host(client, published, settings):
    settings.ALLOWED_HOSTS = ["phananh.example.vn", "tuongtac.example.vn"]
    url = detail_url(published.code)
    client.get(url, HTTP_HOST="phananh.example.vn")

    other = client.get(url, HTTP_HOST="tuongtac.example.vn").content.decode()

    assert "tuongtac.example.vn" in other and "phananh.example.vn" not in other


def test_a_cached_card_follows_its_report(client, django_capture_on_commit_callbacks):
    """Report cards are cached fragments (the same for everyone who may see
    them); any change they show makes a new one."""
    report = report_in_state(S.SUBMITTED, title="Cống thoát nước bị tắc")
    client.force_login(report.reporter)
    my_reports = reverse("reports:my_reports")
    assert 'badge--submitted">Chờ tiếp nhận' in text(client.get(my_reports))

    workflow.report_receive(
        report=report,
        actor=IocOperatorFactory(),
        category=report.category,
        level="urgent",
        is_public=True,
    )

    page = text(client.get(my_reports))
    assert 'badge--received">Đã tiếp nhận' in page and "badge--submitted" not in page
    assert 'badge--urgent">Khẩn' in page
