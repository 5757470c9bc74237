"""The number of people who meet a problem: on the public list's cards and a
citizen's own list, in the list's own query (no query per card), and in the
IOC's admin list, which sorts and filters by it."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from engagement.models import Support
from reports.management.commands.setup_roles import IOC_OPERATOR

from .engagement_world import located
from .engagement_world import reporter as reporter

pytestmark = pytest.mark.django_db


def _supported(count: int, **fields):
    report = located(**fields)
    for _ in range(count):
        Support.objects.create(user=UserFactory(), report=report)
    return report


def _queries(client, url) -> int:
    client.get(url)  # the per-process caches (Site, content types)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_cards_show_the_count(client):
    _supported(3, title="Đèn đường hỏng")

    page = client.get("/").content.decode()

    assert "3 người cùng gặp" in page


def test_the_list_takes_the_same_queries_however_many_cards_and_supporters(client):
    for n in range(2):
        _supported(n + 1)
    few = _queries(client, "/")
    for n in range(6):
        _supported(n + 2)

    assert _queries(client, "/") == few


def test_the_citizens_own_list_shows_the_count(client, reporter):
    _supported(2, reporter=reporter)
    client.force_login(reporter)

    assert "2 người cùng gặp" in client.get("/ca-nhan/phan-anh/").content.decode()


@pytest.fixture
def ioc_client(client):
    """An IOC operator as the project sets one up (setup_roles' group)."""
    call_command("setup_roles", stdout=io.StringIO())
    operator = UserFactory(full_name="Trần Thị Điều Hành", is_staff=True)
    operator.groups.add(Group.objects.get(name=IOC_OPERATOR))
    client.force_login(operator)
    return client


def test_the_admin_list_sorts_and_filters_by_supporters(ioc_client):
    admin_client = ioc_client
    many, some, none = _supported(5), _supported(2), _supported(0)
    url = "/admin/reports/report/"

    listed = admin_client.get(url, {"cung_gap": "5"}).context["cl"].result_list
    assert [r.pk for r in listed] == [many.pk]

    changelist = admin_client.get(url).context["cl"]
    column = changelist.list_display.index("support_column")
    ordered = admin_client.get(url, {"o": f"-{column}"}).context["cl"].result_list
    assert [r.pk for r in ordered][:3] == [many.pk, some.pk, none.pk]
