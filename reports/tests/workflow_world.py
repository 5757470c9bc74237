"""The people and reports of the workflow rule tests, and their readers.

Beyond "who, from which state" (test_workflow_matrix covers that), the rule
tests check what each transition sets, what it requires and what it refuses;
`refused` checks a refusal's exact message and that it wrote no history.

Test modules import the fixtures they use by name, with a redundant alias
(`from .workflow_world import ioc as ioc`) that marks a re-export, so linters
do not report it as unused.
"""

import pytest

from reports.models import Notification, Report, ReportEvent
from reports.workflow import WorkflowError

from .factories import AgencyFactory, AgencyMembershipFactory, IocOperatorFactory, report_in_state

S = Report.Status
Kind = ReportEvent.Kind


@pytest.fixture
def ioc(db):
    return IocOperatorFactory()


@pytest.fixture
def lead(db):
    return AgencyFactory(name="Sở Xây dựng")


@pytest.fixture
def co(db):
    return AgencyFactory(name="Công ty Môi trường đô thị")


@pytest.fixture
def lead_officer(lead):
    return AgencyMembershipFactory(agency=lead, user__full_name="Cán bộ Sở Xây dựng").user


@pytest.fixture
def co_officer(co):
    return AgencyMembershipFactory(agency=co, user__full_name="Cán bộ Công ty Môi trường").user


@pytest.fixture
def submitted(citizen):
    return report_in_state(S.SUBMITTED, reporter=citizen)


@pytest.fixture
def received(citizen):
    return report_in_state(S.RECEIVED, reporter=citizen)


@pytest.fixture
def forwarded(citizen, lead, co):
    return report_in_state(S.FORWARDED, reporter=citizen, lead_agency=lead, co_agencies=[co])


@pytest.fixture
def in_progress(citizen, lead, co):
    return report_in_state(S.IN_PROGRESS, reporter=citizen, lead_agency=lead, co_agencies=[co])


def messages_of(user):
    """Their notifications' sentences, in the active language."""
    return [notification.message for notification in Notification.objects.filter(recipient=user)]


def last_event(report):
    return report.events.order_by("-pk").first()


def refused(call, message, report=None):
    """`call` raises WorkflowError with exactly `message` and writes no history."""
    events = ReportEvent.objects.count()
    status = Report.objects.get(pk=report.pk).status if report else None
    with pytest.raises(WorkflowError) as error:
        call()
    assert str(error.value) == message
    assert ReportEvent.objects.count() == events
    if report:
        assert Report.objects.get(pk=report.pk).status == status
