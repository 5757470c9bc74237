"""Who may open what on the triage dashboard (/xu-ly/), through HTTP with the
real checks: every role × the queue, the report page and each action URL.

- officers and leaders of the lead agency: the page, and the actions the
  workflow allows in the report's state;
- an officer of a co-processing agency: the page, and the opinion only;
- an officer of an agency the report was not forwarded to: 404 everywhere;
- the area monitor: pages of the reports in their wards (read-only), 404 for
  the others, 404 on every action URL;
- citizens: 404 everywhere; anonymous visitors: the login page.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from reports.models import AgencyMembership, Report, ReportEvent

from .factories import AgencyMembershipFactory
from .helpers import LOGIN_URL, text
from .triage_world import (
    ACTION_PATHS,
    PERMISSION_DENIED,
    QUEUE_URL,
    WRONG_STATE,
    action_url,
    build_world,
    report_url,
    shown_actions,
)

pytestmark = pytest.mark.django_db

S = Report.Status
ACTIONS = tuple(ACTION_PATHS)

LEAD_ALLOWED = {
    S.FORWARDED: {"accept", "return", "progress", "request_extension"},
    S.IN_PROGRESS: {"return", "progress", "answer", "request_extension"},
    S.RESOLVED: set(),
    S.PUBLISHED: set(),
}
CO_ALLOWED = {
    S.FORWARDED: {"opinion"},
    S.IN_PROGRESS: {"opinion"},
    S.RESOLVED: set(),
    S.PUBLISHED: set(),
}
ALLOWED = {"officer_a": LEAD_ALLOWED, "leader_a": LEAD_ALLOWED, "officer_c": CO_ALLOWED}


@pytest.fixture
def world(db):
    return build_world()


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def person(world, role):
    """The user playing `role`; None for an anonymous visitor."""
    if role == "anonymous":
        return None
    if role == "citizen":
        return world.reporter  # the reporter themself: still no dashboard
    return getattr(world, role)


def valid_data(action, report) -> dict:
    later = timezone.localtime(report.deadline + timedelta(days=5))
    return {
        "accept": {},
        "return": {"return-reason": "Không thuộc thẩm quyền của Sở."},
        "progress": {
            "progress-note": "Đã cử cán bộ kiểm tra hiện trường.",
            "progress-public": "on",
        },
        "opinion": {"opinion-note": "Điện lực sẽ cắt điện khu vực để thi công."},
        "answer": {"answer-answer": "Đã vá ổ gà, mặt đường thông thoáng."},
        "request_extension": {
            "request_extension-new_deadline": later.strftime("%Y-%m-%dT%H:%M"),
            "request_extension-reason": "Cần thêm thời gian để đặt vật liệu.",
        },
    }[action]


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


# --- Pages -----------------------------------------------------------------------------

PAGE_STATUS = {
    # role: (queue, page of A's report in the monitored ward, page of B's report elsewhere)
    "officer_a": (200, 200, 404),
    "leader_a": (200, 200, 404),
    "officer_c": (200, 200, 404),
    "officer_b": (200, 404, 200),
    "monitor": (200, 200, 404),
    "citizen": (404, 404, 404),
}


@pytest.mark.parametrize("role", PAGE_STATUS)
def test_pages_by_role(client, world, role):
    ours, theirs = world.report(), world.elsewhere()
    login(client, person(world, role))
    queue, our_page, their_page = PAGE_STATUS[role]
    assert client.get(QUEUE_URL).status_code == queue
    assert client.get(report_url(ours.code)).status_code == our_page
    assert client.get(report_url(theirs.code)).status_code == their_page


def test_anonymous_visitors_are_sent_to_log_in_everywhere(client, world):
    report = world.report()
    assert_login_redirect(client.get(QUEUE_URL))
    assert_login_redirect(client.get(report_url(report.code)))
    for action in ACTIONS:
        assert_login_redirect(client.post(action_url(report.code, action), {}))


def test_a_missing_report_and_a_hidden_one_look_the_same(client, world):
    hidden = world.elsewhere()
    login(client, world.officer_a)
    missing = client.get(report_url("PA-2099-999999"))
    other = client.get(report_url(hidden.code))
    assert missing.status_code == other.status_code == 404


@pytest.mark.parametrize("status", [S.SUBMITTED, S.RECEIVED, S.REJECTED])
def test_the_monitor_sees_every_report_of_their_wards(client, world, status):
    report = world.report(status, lead_agency=None, co_agencies=())
    login(client, world.monitor)
    assert client.get(report_url(report.code)).status_code == 200


def test_a_report_returned_to_the_ioc_leaves_the_agency(client, world):
    report = world.report(S.RECEIVED, lead_agency=None, co_agencies=())
    for user in (world.officer_a, world.officer_c):
        login(client, user)
        assert client.get(report_url(report.code)).status_code == 404


def test_drafts_are_never_on_the_dashboard(client, world):
    draft = world.report(S.DRAFT, lead_agency=None, co_agencies=(), code="PA-2025-777777")
    login(client, world.monitor)
    assert client.get(report_url(draft.code)).status_code == 404


# --- Action URLs that do not exist for a role ---------------------------------------------


@pytest.mark.parametrize("role", ["officer_b", "monitor", "citizen"])
@pytest.mark.parametrize("action", ACTIONS)
def test_action_urls_are_404_for_outsiders_and_monitors(client, world, role, action):
    report = world.report(S.IN_PROGRESS)
    login(client, person(world, role))
    response = client.post(action_url(report.code, action), valid_data(action, report))
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS
    assert not report.events.exists()
    assert not report.extension_requests.exists()


def test_a_get_on_an_action_url_is_not_allowed(client, world):
    report = world.report()
    login(client, world.officer_a)
    assert client.get(action_url(report.code, "accept")).status_code == 405
    login(client, world.monitor)
    assert client.get(action_url(report.code, "accept")).status_code == 404


# --- Which forms each member sees, and what each POST does -------------------------------------


@pytest.mark.parametrize("status", list(LEAD_ALLOWED))
@pytest.mark.parametrize("role", ["officer_a", "leader_a", "officer_c", "monitor"])
def test_the_page_offers_exactly_the_allowed_actions(client, world, role, status):
    report = world.report(status)
    login(client, person(world, role))
    response = client.get(report_url(report.code))
    assert response.status_code == 200
    expected = ALLOWED[role][status] if role in ALLOWED else set()
    assert shown_actions(text(response), report.code) == expected


@pytest.mark.parametrize("status", list(LEAD_ALLOWED))
@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_by_role_and_state(client, world, role, status, action):
    report = world.report(status)
    login(client, person(world, role))
    before = report.events.count()

    response = client.post(action_url(report.code, action), valid_data(action, report), follow=True)

    assert response.status_code == 200
    page = text(response)
    report.refresh_from_db()
    if action in ALLOWED[role][status]:
        assert report.events.count() == before + 1
        assert report.code in page  # in the success message
        assert 'class="message message--success"' in page
    else:
        assert report.events.count() == before
        assert report.status == status
        is_lead = role != "officer_c"
        needs_lead = action != "opinion"
        expected = (
            WRONG_STATE.format(report.get_status_display())
            if is_lead == needs_lead
            else PERMISSION_DENIED
        )
        assert expected in page


# --- Several memberships ------------------------------------------------------------------------


def test_a_member_of_two_agencies_acts_for_the_one_chosen(client, world):
    """Officer of B and monitor of M: B's queue by default (first by name); A's
    report in M's ward is readable as M, never through B; no actions as M."""
    report = world.report()
    user = world.officer_b
    AgencyMembershipFactory(
        user=user, agency=world.agency_m, role=AgencyMembership.AgencyRole.MONITOR
    )
    login(client, user)

    queue = text(client.get(QUEUE_URL))
    assert world.agency_b.name in queue
    assert 'name="agency"' in queue  # the switch between both memberships
    assert world.agency_m.name in queue

    assert client.get(report_url(report.code)).status_code == 404
    assert client.get(report_url(report.code, world.agency_b)).status_code == 404
    as_monitor = client.get(report_url(report.code, world.agency_m))
    assert as_monitor.status_code == 200
    assert shown_actions(text(as_monitor), report.code) == set()
    response = client.post(action_url(report.code, "accept", world.agency_m))
    assert response.status_code == 404
    assert client.get(QUEUE_URL + "?agency=so-xay-dung").status_code == 404


def test_the_opinion_goes_in_the_name_of_the_chosen_co_agency(client, world):
    user = world.officer_c
    AgencyMembershipFactory(user=user, agency=world.agency_b)
    report = world.report(co_agencies=[world.agency_c])
    login(client, user)

    as_b = client.post(
        action_url(report.code, "opinion", world.agency_b), valid_data("opinion", report)
    )
    assert as_b.status_code == 404  # not forwarded to B
    client.post(action_url(report.code, "opinion", world.agency_c), valid_data("opinion", report))
    event = report.events.get()
    assert event.kind == ReportEvent.Kind.OPINION
    assert event.agency_id == world.agency_c.pk


def test_an_officer_of_the_lead_and_a_co_agency_acts_for_the_chosen_side_only(client, world):
    """The page and the action URL ask the same `can()`: acting for the
    co-processing agency, the lead agency's moves are refused, even posted."""
    user = world.officer_a
    AgencyMembershipFactory(user=user, agency=world.agency_c)
    report = world.report(S.FORWARDED)
    login(client, user)

    as_co = text(client.get(report_url(report.code, world.agency_c)))
    assert shown_actions(as_co, report.code) == {"opinion"}
    refused = client.post(action_url(report.code, "accept", world.agency_c), follow=True)
    assert PERMISSION_DENIED in text(refused)
    report.refresh_from_db()
    assert report.status == S.FORWARDED and not report.events.exists()

    client.post(action_url(report.code, "accept", world.agency_a))
    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS


def test_an_inactive_agency_opens_nothing(client, world):
    report = world.report()
    world.agency_a.is_active = False
    world.agency_a.save(update_fields=["is_active"])
    login(client, world.officer_a)
    assert client.get(QUEUE_URL).status_code == 404
    assert client.get(report_url(report.code)).status_code == 404


def test_a_locked_account_opens_nothing(client, world):
    report = world.report()
    login(client, world.officer_a)
    world.officer_a.is_active = False
    world.officer_a.save(update_fields=["is_active"])
    assert client.get(report_url(report.code)).status_code in (302, 404)


def test_staff_without_a_membership_get_404(client, world):
    """The IOC works in the admin: the dashboard is for agency members only."""
    report = world.report()
    login(client, UserFactory(is_staff=True, is_superuser=True))
    assert client.get(QUEUE_URL).status_code == 404
    assert client.get(report_url(report.code)).status_code == 404
