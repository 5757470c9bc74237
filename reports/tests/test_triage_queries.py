"""The report page of the dashboard decides which action forms to show in
one query (the user's agencies), whatever the actions the workflow allows and
the number of co-processing agencies: the roles are read once and `can()`
uses them, the pending extension comes with the report from the gate."""

import pytest
from django.db import connection

from reports.models import Report
from reports.triage import selectors

from .factories import AgencyFactory, AgencyMembershipFactory
from .triage_world import build_world, report_url

pytestmark = pytest.mark.django_db

S = Report.Status


class Queries:
    """The SQL run inside the block (counted where it runs: no debug log)."""

    def __init__(self):
        self.sql = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


@pytest.fixture
def world(db):
    world = build_world()
    # Officer of the lead agency and of a co-processing one: both sides to weigh.
    AgencyMembershipFactory(user=world.officer_a, agency=world.agency_c)
    return world


def co_agencies(world, count):
    return [world.agency_c, *(AgencyFactory() for _ in range(count - 1))]


@pytest.mark.parametrize(
    ("status", "co_count"), [(S.FORWARDED, 1), (S.IN_PROGRESS, 6), (S.RESOLVED, 3)]
)
def test_the_actions_take_one_query(world, status, co_count):
    user = world.officer_a
    report = world.report(status, co_agencies=co_agencies(world, co_count))
    access = selectors.triage_access_for(user=user, agency_code=world.agency_a.code)
    report = selectors.triage_report_for_user(user=user, access=access, code=report.code)
    user.has_perm("reports.process_report")  # the request's permissions, loaded once

    with Queries() as queries:
        actions = selectors.triage_actions(user=user, access=access, report=report)

    assert len(queries.sql) == 1
    assert bool(actions) is (status != S.RESOLVED)


def test_the_page_costs_the_same_with_no_action_or_four_and_more_agencies(client, world):
    def page_queries(report) -> list[str]:
        url = report_url(report.code, world.agency_a)
        client.get(url)  # once to fill the per-process caches
        with Queries() as queries:
            assert client.get(url).status_code == 200
        return queries.sql

    client.force_login(world.officer_a)
    none = page_queries(world.report(S.RESOLVED, co_agencies=co_agencies(world, 1)))
    one = page_queries(world.report(S.IN_PROGRESS, co_agencies=co_agencies(world, 1)))
    four = page_queries(world.report(S.IN_PROGRESS, co_agencies=co_agencies(world, 6)))
    assert len(four) == len(one)
    # The action forms add one query, for the reply templates they all offer.
    added = [sql for sql in four if "reports_replytemplate" in sql]
    assert len(added) == 1 and len(four) == len(none) + 1
