"""A sending-date range given backwards (end before start) is refused with a
message next to the end field on every list that filters by it, instead of
silently showing "0 phản ánh" (issue 14, defect 8)."""

import re

import pytest
from django.urls import reverse

from .helpers import text
from .triage_pages import officer as officer
from .triage_pages import world as world
from .triage_world import QUEUE_URL

pytestmark = pytest.mark.django_db

BACKWARDS = {"sent_from": "2026-11-20", "sent_to": "2026-11-01"}
MESSAGE = "Ngày kết thúc phải cùng hoặc sau ngày bắt đầu."


def error_of_field(page: str, name: str) -> str:
    """The error list rendered right under the field `name`, or ""."""
    found = re.search(rf'<ul class="field__errors" id="id_{name}_error">(.*?)</ul>', page, re.S)
    return found.group(1) if found else ""


def test_the_public_list_says_the_end_is_before_the_start(client):
    page = text(client.get(reverse("reports:home"), BACKWARDS))

    assert MESSAGE in error_of_field(page, "sent_to")
    assert not error_of_field(page, "sent_from")


def test_the_personal_list_says_it_too(citizen_client):
    page = text(citizen_client.get(reverse("reports:my_reports"), BACKWARDS))
    assert MESSAGE in error_of_field(page, "sent_to")


def test_the_triage_queue_says_it_too(officer):
    page = text(officer.get(QUEUE_URL, BACKWARDS))
    assert MESSAGE in error_of_field(page, "sent_to")


def test_the_statistics_say_it_too(client):
    page = text(client.get(reverse("reports:stats"), BACKWARDS))
    assert MESSAGE in error_of_field(page, "sent_to")


@pytest.mark.parametrize("dates", [{"sent_from": "2026-11-01", "sent_to": "2026-11-01"}, {}])
def test_a_single_day_or_no_range_is_fine(client, dates):
    assert MESSAGE not in text(client.get(reverse("reports:home"), dates))


def test_the_message_is_translated(client):
    client.cookies["django_language"] = "en"
    page = text(client.get(reverse("reports:home"), BACKWARDS))
    assert "The end date must be on or after the start date." in error_of_field(page, "sent_to")
