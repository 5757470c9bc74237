"""The people of the notification and outbox tests, and readers of what they
were sent.

In-app notifications and `Delivery` rows (SMS, e-mail) are written in the same
transaction as the change; after commit a Celery task (eager in tests) sends
each row, and the sweep `deliver_pending` sends whatever is still pending.

Test modules import the fixtures they use by name, with a redundant alias
(`from .outbox_world import ioc as ioc`) that marks a re-export, so linters do
not report it as unused.
"""

import pytest

from accounts.tests.factories import UserFactory
from reports import public_cache, user_cache
from reports.models import AgencyMembership, Delivery, Notification, Report

from .factories import AgencyMembershipFactory, IocOperatorFactory
from .workflow_world import co as co  # the same two agencies as the workflow tests
from .workflow_world import lead as lead

S = Report.Status
# Cached pages' versions moving on commit: not sends.
CACHE_REFRESHES = (public_cache.bump_version, user_cache.bump_version)
SMS, EMAIL = Delivery.Channel.SMS, Delivery.Channel.EMAIL
PENDING, SENT, FAILED = Delivery.Status.PENDING, Delivery.Status.SENT, Delivery.Status.FAILED


# --- People --------------------------------------------------------------------------


@pytest.fixture
def reporter(db):
    return UserFactory(full_name="Nguyễn Văn An", email="an.nguyen@example.vn")


@pytest.fixture
def ioc(db):
    return IocOperatorFactory(email="ioc@example.vn")


@pytest.fixture
def lead_officer(lead):
    return AgencyMembershipFactory(agency=lead, user__email="canbo.sxd@example.vn").user


@pytest.fixture
def lead_leader(lead):
    return AgencyMembershipFactory(agency=lead, role=AgencyMembership.AgencyRole.LEADER).user


@pytest.fixture
def co_officer(co):
    return AgencyMembershipFactory(agency=co, user__email="canbo.mt@example.vn").user


def messages_of(user):
    """Their notifications' sentences, in the active language."""
    return [n.message for n in Notification.objects.filter(recipient=user).order_by("pk")]


def deliveries_to(user, channel=None):
    rows = Delivery.objects.filter(recipient=user).order_by("pk")
    return list(rows.filter(channel=channel) if channel else rows)
