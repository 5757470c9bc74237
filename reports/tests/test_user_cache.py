"""Signed-in users' cached list pages (reports/user_cache.py): served again
without the page's queries, kept apart per user, and made stale by every write
to the database, whether through the ORM, a bulk update or raw SQL."""

import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports import user_cache
from reports.models import Delivery, Report

from .factories import AgencyMembershipFactory, report_in_state
from .helpers import text

S = Report.Status
MY_REPORTS = reverse("reports:my_reports")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = pytest.mark.django_db


def page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [q["sql"] for q in queries]


@pytest.fixture
def mine(citizen):
    return report_in_state(S.FORWARDED, reporter=citizen, title="Đèn đường hỏng ở Lê Lợi")


def test_a_page_seen_again_runs_none_of_its_queries(citizen_client, mine):
    first, cold = page_queries(citizen_client, MY_REPORTS)
    again, warm = page_queries(citizen_client, MY_REPORTS)

    assert "Đèn đường hỏng ở Lê Lợi" in text(again)
    # Only what tells who is asking: the session and the user.
    assert len(warm) <= 2 < len(cold)
    assert not [sql for sql in warm if "reports_report" in sql]
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode())


def test_each_user_gets_their_own_page(client, citizen, other_citizen, mine):
    report_in_state(S.FORWARDED, reporter=other_citizen, title="Rác thải ở chợ Đông Hà")
    client.force_login(citizen)
    client.get(MY_REPORTS)

    client.force_login(other_citizen)
    page = text(client.get(MY_REPORTS))

    assert "Rác thải ở chợ Đông Hà" in page
    assert "Đèn đường hỏng ở Lê Lợi" not in page


@pytest.mark.parametrize("write", ["orm", "bulk", "raw"])
def test_every_kind_of_write_makes_the_page_stale(citizen_client, citizen, mine, write):
    citizen_client.get(MY_REPORTS)
    new_title = "Cống tràn ở Hùng Vương"
    # With the time of the change, as every write of the portal: the cards' fragments
    # are kept by it (the page by the data version, which this test is about).
    changed_at = timezone.now()
    if write == "orm":
        mine.title = new_title
        mine.save()
    elif write == "bulk":
        Report.objects.filter(pk=mine.pk).update(title=new_title, updated_at=changed_at)
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE reports_report SET title = %s, updated_at = %s WHERE id = %s",
                [new_title, changed_at, mine.pk],
            )

    assert new_title in text(citizen_client.get(MY_REPORTS))


def test_writes_no_cached_page_shows_leave_the_version(citizen, mine):
    before = user_cache.data_version()
    Report.objects.filter(pk=-1).update(title="không có")  # matched nothing
    Delivery.objects.filter(pk=-1).delete()
    SessionStore().save()  # a session row, as every login writes
    assert user_cache.data_version() == before

    report_in_state(S.SUBMITTED, reporter=citizen)
    assert user_cache.data_version() > before


def test_a_lost_membership_is_not_hidden_by_the_cache(client):
    officer = AgencyMembershipFactory().user
    client.force_login(officer)
    assert client.get(reverse("triage:queue")).status_code == 200

    officer.agency_memberships.all().delete()

    assert client.get(reverse("triage:queue")).status_code == 404


def test_a_page_with_a_message_is_neither_kept_nor_served(client, citizen, mine):
    draft = report_in_state(S.DRAFT, reporter=citizen)
    client.force_login(citizen)
    client.get(MY_REPORTS)
    client.post(reverse("reports:draft_delete", args=[draft.pk]))  # leaves "Đã xoá bản nháp."

    assert "Đã xoá bản nháp." in text(client.get(MY_REPORTS))
    assert "Đã xoá bản nháp." not in text(client.get(MY_REPORTS))


def test_a_cached_page_carries_a_working_csrf_token(citizen, mine):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    client.get(MY_REPORTS)

    page = client.get(MY_REPORTS).content.decode()
    token = TOKEN.search(page).group(1)

    assert "@csrf-token@" not in page
    assert client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token}).status_code == 302


def test_the_admin_list_is_cached_per_operator_and_refreshed_by_a_change(client, admin_operator):
    report_in_state(S.SUBMITTED, title="Sạt lở taluy đường Hồ Chí Minh")
    client.force_login(admin_operator)
    url = reverse("admin:reports_report_changelist")
    client.get(url)
    _again, warm = page_queries(client, url)
    assert not [sql for sql in warm if "reports_report" in sql]

    report_in_state(S.SUBMITTED, title="Ngập nước đường Trần Hưng Đạo")

    assert "Ngập nước đường Trần Hưng Đạo" in text(client.get(url))


def test_visitors_are_not_served_a_users_page(client, citizen, mine):
    client.force_login(citizen)
    client.get(MY_REPORTS)
    client.logout()

    assert client.get(MY_REPORTS).status_code == 302  # to the login page
