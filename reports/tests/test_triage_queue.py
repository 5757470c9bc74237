"""The triage dashboard's queue (/xu-ly/) through HTTP: its tabs and their
counts, what the co-processing agency and the monitor see, the order, the
deadline and overdue badge of each row, the filters, pages of twenty, a query
count that does not grow with the rows, and cached rows and filter form that
follow the data."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports import workflow
from reports.models import Report

from .factories import CategoryFactory
from .helpers import text
from .triage_pages import S, shown
from .triage_pages import officer as officer
from .triage_pages import world as world
from .triage_world import QUEUE_URL

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    """The report codes of the queue's rows, in order."""
    return re.findall(r'<a href="/xu-ly/(PA-\d{4}-\d{6})/\?', text(response))


# --- The queue -------------------------------------------------------------------------------


def test_the_tabs_split_the_agency_reports(officer, world):
    now = timezone.now()
    new = world.report(S.FORWARDED)
    working = world.report(S.IN_PROGRESS)
    late = world.report(S.IN_PROGRESS, deadline=now - timedelta(hours=3))
    late_new = world.report(S.FORWARDED, deadline=now - timedelta(hours=1))
    resolved = world.report(S.RESOLVED)
    published = world.report(S.PUBLISHED)
    co_only = world.report(S.IN_PROGRESS, lead_agency=world.agency_b, co_agencies=[world.agency_a])
    world.elsewhere(S.FORWARDED)
    world.report(S.RECEIVED, lead_agency=None, co_agencies=())  # returned to the IOC

    assert codes(officer.get(QUEUE_URL)) == [late_new.code, new.code]
    assert codes(officer.get(QUEUE_URL + "?tab=moi")) == [late_new.code, new.code]
    assert set(codes(officer.get(QUEUE_URL + "?tab=dang-xu-ly"))) == {
        working.code,
        late.code,
        co_only.code,
    }
    assert codes(officer.get(QUEUE_URL + "?tab=qua-han")) == [late.code, late_new.code]
    assert set(codes(officer.get(QUEUE_URL + "?tab=da-tra-loi"))) == {
        resolved.code,
        published.code,
    }
    # Counts in the tabs, before any filter.
    page = text(officer.get(QUEUE_URL))
    counts = re.findall(r'<span class="triage-tabs__count">(\d+)</span>', page)
    assert counts == ["2", "3", "2", "2"]


def test_the_co_agency_sees_its_reports_marked_as_co_processing(client, world):
    report = world.report(S.IN_PROGRESS)
    client.force_login(world.officer_c)
    response = client.get(QUEUE_URL + "?tab=dang-xu-ly")
    assert codes(response) == [report.code]
    assert '<span class="chip">Phối hợp</span>' in text(response)
    client.force_login(world.officer_a)
    assert '<span class="chip">Chủ trì</span>' in text(client.get(QUEUE_URL + "?tab=dang-xu-ly"))


def test_the_monitor_sees_the_reports_of_their_wards_read_only(client, world):
    ours = world.report(S.FORWARDED)
    other_agency = world.report(S.FORWARDED, lead_agency=world.agency_b, co_agencies=())
    world.elsewhere(S.FORWARDED)
    client.force_login(world.monitor)
    response = client.get(QUEUE_URL)
    assert set(codes(response)) == {ours.code, other_agency.code}
    page = text(response)
    assert "Theo dõi địa bàn · chỉ xem" in page
    assert "Chủ trì" not in page


def test_sorted_by_deadline_soonest_first_without_deadline_last(officer, world):
    now = timezone.now()
    later = world.report(deadline=now + timedelta(days=9))
    none = world.report(deadline=None)
    soon = world.report(deadline=now + timedelta(hours=2))
    past = world.report(deadline=now - timedelta(days=1))
    assert codes(officer.get(QUEUE_URL)) == [past.code, soon.code, later.code, none.code]


def test_every_row_shows_its_deadline_and_the_overdue_badge_with_text(officer, world):
    now = timezone.now()
    late = world.report(deadline=now - timedelta(hours=5))
    on_time = world.report(deadline=now + timedelta(days=3))
    without = world.report(deadline=None)
    page = text(officer.get(QUEUE_URL))
    rows = re.findall(r'<li class="triage-row[^"]*">(.*?)</li>', page, re.S)
    assert len(rows) == 3
    by_code = {re.search(r"PA-\d{4}-\d{6}", row)[0]: row for row in rows}
    assert '<span class="badge badge--overdue">Quá hạn</span>' in by_code[late.code]
    assert shown(late.deadline) in by_code[late.code]
    assert "Quá hạn" not in by_code[on_time.code]
    assert shown(on_time.deadline) in by_code[on_time.code]
    assert "Chưa có hạn" in by_code[without.code]
    assert all("Hạn xử lý" in row for row in rows)


def test_filters(officer, world):
    now = timezone.now()
    roads = CategoryFactory(name="Giao thông")
    light = CategoryFactory(name="Chiếu sáng")
    a = world.report(category=roads, level=Report.Level.URGENT)
    b = world.report(category=light, ward=world.ward_out, deadline=now - timedelta(hours=1))
    c = world.report(category=roads, submitted_at=now - timedelta(days=10))
    tab = QUEUE_URL + "?tab=moi&"

    def found(query):
        return set(codes(officer.get(tab + query)))

    assert found(f"category={roads.pk}") == {a.code, c.code}
    assert found("level=urgent") == {a.code}
    assert found(f"ward={world.ward_out.pk}") == {b.code}
    assert found("overdue=yes") == {b.code}
    assert found("overdue=no") == {a.code, c.code}
    assert found("status=forwarded") == {a.code, b.code, c.code}
    assert found("status=in_progress") == set()
    day = timezone.localdate(now - timedelta(days=10)).isoformat()
    assert found(f"sent_from={day}&sent_to={day}") == {c.code}
    # The day a and b were sent, which just after midnight is yesterday.
    recent = timezone.localdate(a.submitted_at).isoformat()
    assert found(f"sent_from={recent}") == {a.code, b.code}
    # Bad input is ignored or reported on the form, never a 500.
    response = officer.get(tab + "sent_from=31/02/2026&level=x&ward=abc")
    assert response.status_code == 200


def test_pages_of_twenty(officer, world):
    start = timezone.now() + timedelta(days=1)
    reports = [world.report(deadline=start + timedelta(hours=n)) for n in range(21)]
    first = officer.get(QUEUE_URL)
    assert len(codes(first)) == 20
    assert "Trang 1/2" in text(first)
    second = officer.get(QUEUE_URL + "?page=2")
    assert codes(second) == [reports[-1].code]
    assert 'rel="prev"' in text(second)


def count_queries(client, url) -> int:
    """Of a session already at work: its first request also checks, once, that
    the officer has set up an authenticator app (the profile page is not cached,
    so the page measured is not served from the per-user cache)."""
    client.get("/tai-khoan/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("tab", ["moi", "qua-han"])
def test_the_query_count_does_not_grow_with_the_rows(officer, world, tab):
    deadline = timezone.now() - timedelta(hours=1)
    for _ in range(5):
        world.report(deadline=deadline, category=CategoryFactory(), ward=world.ward_in)
    url = f"{QUEUE_URL}?tab={tab}"
    few = count_queries(officer, url)
    for _ in range(25):
        world.report(deadline=deadline, category=CategoryFactory(), ward=world.ward_out)
    many = count_queries(officer, url)
    assert len(codes(officer.get(url))) == 20
    assert few == many


def test_the_query_count_of_the_monitor_queue_does_not_grow(client, world):
    client.force_login(world.monitor)
    for _ in range(5):
        world.report(category=CategoryFactory())
    few = count_queries(client, QUEUE_URL)
    for _ in range(25):
        world.report(category=CategoryFactory())
    assert count_queries(client, QUEUE_URL) == few


# --- Cached fragments (rows and the filter form) -----------------------------------------


def test_a_cached_row_follows_its_report(officer, world):
    report = world.report(title="Đèn tín hiệu hỏng ở ngã tư")
    assert "badge--forwarded" in text(officer.get(QUEUE_URL))

    workflow.report_accept(report=report, actor=world.officer_a)

    page = text(officer.get(f"{QUEUE_URL}?tab=dang-xu-ly"))
    assert "Đèn tín hiệu hỏng ở ngã tư" in page and "badge--in_progress" in page


def test_the_cached_filter_form_offers_a_new_category(officer, world):
    assert "Cây xanh đô thị" not in text(officer.get(QUEUE_URL))

    CategoryFactory(name="Cây xanh đô thị")

    assert "Cây xanh đô thị" in text(officer.get(QUEUE_URL))
