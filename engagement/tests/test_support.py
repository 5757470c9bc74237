"""“Tôi cũng gặp”: one support per person and public report, a second click
takes it back, and the database keeps it so when requests race (PostgreSQL)."""

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from accounts.tests.factories import UserFactory
from engagement import services
from engagement.models import Support
from phananh.testing.concurrency import needs_postgresql, race

from .engagement_world import category as category
from .engagement_world import citizen as citizen
from .engagement_world import neighbour as neighbour
from .engagement_world import private_report as private_report
from .engagement_world import public_report as public_report
from .engagement_world import reporter as reporter
from .engagement_world import ward as ward

pytestmark = pytest.mark.django_db


def test_toggle_supports_then_takes_back(citizen, public_report):
    assert services.support_set(user=citizen, report=public_report) == (True, 1)
    assert services.support_set(user=citizen, report=public_report) == (False, 0)
    assert services.support_set(user=citizen, report=public_report) == (True, 1)


def test_setting_a_state_twice_is_the_same(citizen, neighbour, public_report):
    services.support_set(user=neighbour, report=public_report)

    assert services.support_set(user=citizen, report=public_report, on=True) == (True, 2)
    assert services.support_set(user=citizen, report=public_report, on=True) == (True, 2)
    assert services.support_set(user=citizen, report=public_report, on=False) == (False, 1)


def test_a_report_the_public_cannot_see_cannot_be_supported(citizen, private_report):
    with pytest.raises(Http404):
        services.support_set(user=citizen, report=private_report)
    assert not Support.objects.exists()


def test_the_database_refuses_a_second_support(citizen, public_report):
    Support.objects.create(user=citizen, report=public_report)

    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(user=citizen, report=public_report)


def test_the_button_posts_and_comes_back_to_the_report(client, citizen, public_report):
    client.force_login(citizen)
    url = f"/phan-anh/{public_report.code}/cung-gap/"

    response = client.post(url, {"on": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"/phan-anh/{public_report.code}/#cung-gap"
    assert Support.objects.filter(user=citizen, report=public_report).exists()
    page = client.get(public_report.get_absolute_url()).content.decode()
    assert "1 người cùng gặp vấn đề này" in page
    assert 'aria-pressed="true"' in page


def test_the_script_gets_the_new_count(client, citizen, public_report):
    client.force_login(citizen)

    response = client.post(
        f"/phan-anh/{public_report.code}/cung-gap/", {"on": "1"}, HTTP_ACCEPT="application/json"
    )

    assert response.json() == {
        "supported": True,
        "count": 1,
        "count_text": "1 người cùng gặp vấn đề này",
    }


def test_a_visitor_is_sent_to_the_login(client, public_report):
    response = client.post(f"/phan-anh/{public_report.code}/cung-gap/", {"on": "1"})

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/login/?next=")
    assert not Support.objects.exists()


def test_a_non_public_report_is_not_found(client, citizen, private_report):
    client.force_login(citizen)

    response = client.post(f"/phan-anh/{private_report.code}/cung-gap/", {"on": "1"})

    assert response.status_code == 404


def test_the_visitors_cached_page_shows_the_new_count(client, citizen, public_report):
    url = public_report.get_absolute_url()
    assert "Chưa có ai khác báo cùng gặp" in client.get(url).content.decode()

    services.support_set(user=citizen, report=public_report, on=True)

    page = client.get(url).content.decode()
    assert "1 người cùng gặp vấn đề này" in page
    assert 'aria-pressed="true"' not in page  # nobody's state on the shared page


def test_the_reporter_sees_the_count_without_buttons(client, reporter, public_report):
    client.force_login(reporter)

    page = client.get(public_report.get_absolute_url()).content.decode()

    assert "Chưa có ai khác báo cùng gặp" in page
    assert "/cung-gap/" not in page


# --- Racing requests (PostgreSQL, real threads) -----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_one_support_when_the_same_person_clicks_in_many_requests_at_once(public_report):
    needs_postgresql()
    user = UserFactory()

    errors = race(8, lambda _: services.support_set(user=user, report=public_report, on=True))

    assert errors == []
    assert Support.objects.filter(report=public_report).count() == 1


@pytest.mark.django_db(transaction=True)
def test_racing_toggles_never_make_a_second_support(public_report):
    needs_postgresql()
    user = UserFactory()

    errors = race(8, lambda _: services.support_set(user=user, report=public_report))

    assert errors == []
    assert Support.objects.filter(report=public_report, user=user).count() in (0, 1)
