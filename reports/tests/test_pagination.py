"""Lists count at most COUNT_LIMIT rows (reports/pagination.py): past it they
say "more than", and every page up to there still opens."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from reports.models import Report
from reports.pagination import BoundedPaginator

from .factories import IocOperatorFactory, report_in_state
from .helpers import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit_of_five(monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "count_limit", 5)


def public_reports(count):
    for _ in range(count):
        report_in_state(Report.Status.PUBLISHED, is_public=True)


def test_the_count_stops_one_past_the_limit(limit_of_five):
    public_reports(8)
    paginator = BoundedPaginator(Report.objects.order_by("pk"), 2)

    with CaptureQueriesContext(connection) as queries:
        assert (paginator.count, paginator.has_more, paginator.num_pages) == (5, True, 3)
    assert len(queries) == 1
    assert "LIMIT 6" in queries[0]["sql"]


def test_under_the_limit_the_count_is_exact(limit_of_five):
    public_reports(4)
    paginator = BoundedPaginator(Report.objects.order_by("pk"), 2)
    assert (paginator.count, paginator.has_more, paginator.num_pages) == (4, False, 2)


def test_the_home_page_says_more_than_and_drops_the_last_page_number(client, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "count_limit", 15)  # two pages of ten
    public_reports(25)

    page = text(client.get(reverse("reports:home"), {"page": 2}))

    assert "Hơn 15 phản ánh" in page
    assert "Trang 2" in page and "Trang 2/" not in page
    # Past the counted rows is past the end: the last page (issue 14, defect 9).
    assert "Trang 2" in text(client.get(reverse("reports:home"), {"page": 3}))
    client.cookies["django_language"] = "en"
    assert "More than 15 reports" in text(client.get(reverse("reports:home")))


def test_the_home_page_gives_the_exact_count_under_the_limit(client, limit_of_five):
    public_reports(3)
    assert "3 phản ánh" in text(client.get(reverse("reports:home")))


def test_the_admin_list_says_more_than(client, limit_of_five):
    for _ in range(7):
        report_in_state(Report.Status.SUBMITTED)
    client.force_login(IocOperatorFactory(is_superuser=True))

    response = client.get(reverse("admin:reports_report_changelist"))
    assert response.status_code == 200
    page = text(response)

    assert "Hơn 5 phản ánh" in page


def test_the_limit_is_written_as_people_write_numbers():
    number = Template("{% load numbers %}{{ n|thousands }}")
    assert number.render(Context({"n": 10_000})) == "10.000"
    with translation.override("en"):
        assert number.render(Context({"n": 10_000})) == "10,000"


def test_the_admin_search_says_more_than(client, limit_of_five):
    for _ in range(7):
        report_in_state(Report.Status.SUBMITTED, title="Ổ gà")
    client.force_login(IocOperatorFactory(is_superuser=True))

    page = text(client.get(reverse("admin:reports_report_changelist"), {"q": "o ga"}))

    assert page.count("Hơn 5 phản ánh") == 2  # beside the search box and under the list


@pytest.mark.parametrize("number", ["999", "0", "-3"])
def test_a_page_past_either_end_opens_the_nearest_page(client, number):
    """/?page=999 used to answer 404 (issue 14, defect 9)."""
    public_reports(15)  # two pages of ten

    response = client.get(reverse("reports:home"), {"page": number})

    assert response.status_code == 200
    nearest = 2 if number == "999" else 1
    assert f"Trang {nearest}/2" in text(response)
    assert len(response.context["page_obj"].object_list) == (5 if nearest == 2 else 10)


def test_a_page_that_is_not_a_number_is_still_not_found(client):
    assert client.get(reverse("reports:home"), {"page": "hai"}).status_code == 404


def test_the_personal_list_past_its_end_opens_its_last_page(citizen_client, citizen):
    for _ in range(3):
        report_in_state(Report.Status.SUBMITTED, reporter=citizen)

    response = citizen_client.get(reverse("reports:my_reports"), {"page": 999})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
