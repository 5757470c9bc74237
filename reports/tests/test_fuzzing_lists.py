"""Fuzzing the lists and their filters (security review): the community list,
the map and the statistics, the category and ward feeds, the personal area and
its notification deletion, and the triage queue. No answer is a 500, and a feed
that answers is well-formed."""

from urllib.parse import quote

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from phananh.testing.fuzzing import assert_safe_page, fuzz, has_nul, isolated_example, new_client
from phananh.testing.strategies import hostile_text, parameters, valid_or_hostile, valid_or_number
from reports.models import Notification, Report
from reports.triage import selectors as triage_selectors

from .factories import NotificationFactory
from .fuzzing_world import MAP_URL, STATS_URL, assert_feed_safe, iso_day, list_filters, page_number
from .fuzzing_world import world as world
from .helpers import DRAFTS_URL, MY_REPORTS_URL, NOTIFICATIONS_DELETE_URL, NOTIFICATIONS_URL
from .triage_world import QUEUE_URL, report_url

pytestmark = pytest.mark.django_db


@fuzz(50)
@given(data=st.data())
def test_the_community_list_map_and_stats_never_fail_on_any_filter(world, data):
    params = data.draw(list_filters(world), label="params")
    with isolated_example():
        visitor = new_client()
        for url in ("/", MAP_URL, STATS_URL, "/thong-ke/chuyen-muc.csv"):
            assert_safe_page(visitor.get(url, params))


@fuzz(30)
@given(segment=hostile_text())
def test_the_category_and_ward_feeds_never_fail_on_any_name(world, segment):
    with isolated_example():
        visitor = new_client()
        for url in ("/phan-anh/chuyen-muc/{}.atom", "/phan-anh/dia-ban/{}.atom", "/phan-anh/{}/"):
            response = visitor.get(url.format(quote(segment, safe="")))
            assert_safe_page(response)
            if response.status_code == 200 and url.endswith(".atom"):
                assert_feed_safe(response.content)


@fuzz(40)
@given(data=st.data())
def test_the_personal_area_never_fails_on_any_filter(world, data):
    params = data.draw(
        parameters(
            ("status", "sent_from", "sent_to", "page"),
            values={
                "status": valid_or_hostile(st.sampled_from(Report.Status.values)),
                "sent_from": valid_or_hostile(iso_day()),
                "sent_to": valid_or_hostile(iso_day()),
                "page": page_number(),
            },
        ),
        label="params",
    )
    pk = data.draw(valid_or_number(st.just(str(world.report.pk))), label="pk")
    with isolated_example():
        citizen = new_client(world.report.reporter)
        for url in (MY_REPORTS_URL, DRAFTS_URL, NOTIFICATIONS_URL):
            response = citizen.get(url, params)
            assert_safe_page(response)
            assert response.status_code in {200, 400, 404}  # 400: NUL; 404: no such page
        assert_safe_page(citizen.post(NOTIFICATIONS_DELETE_URL, {"pk": pk}))


# Regression: str.isdigit() holds for these, which int() refuses (a 500).
@pytest.mark.parametrize("pk", ["²", "0" * 4301])
def test_regression_deleting_a_notification_python_cannot_read_deletes_none(world, pk):
    notification = NotificationFactory(recipient=world.report.reporter, read_at=timezone.now())
    response = new_client(world.report.reporter).post(NOTIFICATIONS_DELETE_URL, {"pk": pk})
    assert response.status_code == 302
    assert Notification.objects.filter(pk=notification.pk).exists()


@fuzz(40)
@given(data=st.data())
def test_the_triage_queue_never_fails_on_any_filter(world, data):
    params = data.draw(
        parameters(
            ("tab", "status", "category", "level", "ward", "overdue", "sent_from", "sent_to"),
            values={
                "tab": valid_or_hostile(
                    st.sampled_from([tab.slug for tab in triage_selectors.TABS])
                ),
                "status": valid_or_hostile(st.sampled_from(Report.Status.values)),
                "category": valid_or_number(st.just(str(world.category.pk))),
                "level": valid_or_hostile(st.sampled_from(Report.Level.values)),
                "ward": valid_or_number(st.just(str(world.ward.pk))),
                "overdue": valid_or_hostile(st.sampled_from(["yes", "no"])),
                "sent_from": valid_or_hostile(iso_day()),
                "sent_to": valid_or_hostile(iso_day()),
            },
            extra=("page", "agency"),
        ),
        label="params",
    )
    with isolated_example():
        officer = new_client(world.officer)
        # The officer sees both pages, unless `agency` names another agency, the
        # page does not exist or a NUL is refused.
        may_refuse = {"agency", "page"} & set(params) or has_nul(params)
        for url in (QUEUE_URL, report_url(world.report.code)):
            response = officer.get(url, params)
            assert_safe_page(response)
            assert response.status_code == 200 or may_refuse
