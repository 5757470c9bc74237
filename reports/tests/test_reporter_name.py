"""The reporter's public name is one rule (`Report.public_reporter_name`):
the public report page and the agency's dashboard name a reporter alike."""

import pytest

from accounts.tests.factories import UserFactory
from reports.models import Report

from .helpers import detail_url, text
from .triage_world import MSG_HIDDEN_NAME, build_world, report_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("full_name", "hide_name"), [("", False), ("", True)])
def test_a_reporter_without_a_name_is_the_hidden_name_on_every_page(client, full_name, hide_name):
    # The public page used to say "Người dân", the dashboard "Người dân (ẩn tên)".
    world = build_world()
    report = world.report(
        Report.Status.IN_PROGRESS,
        reporter=UserFactory(full_name=full_name),
        hide_name=hide_name,
        is_public=True,
    )
    public_page = text(client.get(detail_url(report.code)))
    client.force_login(world.officer_a)
    dashboard = text(client.get(report_url(report.code)))
    for page in (public_page, dashboard):
        assert MSG_HIDDEN_NAME in page


def test_the_name_as_each_viewer_reads_it():
    reporter = UserFactory(full_name="Nguyễn Văn An")
    named = Report(reporter=reporter)
    hidden = Report(reporter=reporter, hide_name=True)
    assert named.public_reporter_name() == "Nguyễn Văn An"
    assert hidden.public_reporter_name() == MSG_HIDDEN_NAME
    assert hidden.public_reporter_name(viewer=UserFactory()) == MSG_HIDDEN_NAME
    assert hidden.public_reporter_name(viewer=reporter) == "Nguyễn Văn An"
