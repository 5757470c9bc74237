"""Matching new public reports and published answers to subscriptions: by
ward, category and radius, in a Celery task after commit, in a fixed number
of queries per batch however many subscriptions; never a non-public report,
never the reporter's own, never twice."""

import pytest
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from engagement import alerts, services
from engagement.models import Alert
from reports import workflow
from reports.models import Notification
from reports.tests.factories import CategoryFactory, WardFactory, report_in_state

from .engagement_world import POINT, S, located
from .engagement_world import category as category
from .engagement_world import citizen as citizen
from .engagement_world import ioc as ioc
from .engagement_world import neighbour as neighbour
from .engagement_world import other_ward as other_ward
from .engagement_world import reporter as reporter
from .engagement_world import ward as ward

pytestmark = pytest.mark.django_db
NEW = Alert.Event.NEW


def _alerted(user):
    return list(Notification.objects.filter(recipient=user).values_list("report__code", flat=True))


def test_a_ward_subscription_matches_reports_in_its_ward_only(citizen, ward, other_ward):
    services.subscription_create(user=citizen, scope="ward", ward=ward)
    here, there = located(ward=ward), located(ward=other_ward)

    alerts.alerts_match(report_ids=[here.pk, there.pk], event=NEW)

    assert _alerted(citizen) == [here.code]


def test_a_category_subscription_matches_its_category(citizen, category):
    services.subscription_create(user=citizen, scope="category", category=category)
    wanted, other = located(category=category), located(category=CategoryFactory())

    alerts.alerts_match(report_ids=[wanted.pk, other.pk], event=NEW)

    assert _alerted(citizen) == [wanted.code]


def test_a_radius_subscription_matches_within_its_radius(citizen):
    services.subscription_create(
        user=citizen, scope="radius", latitude=POINT[0], longitude=POINT[1], radius=2000
    )
    near, far = located(offset=0.01), located(offset=0.03)  # about 1.1 km and 3.3 km

    alerts.alerts_match(report_ids=[near.pk, far.pk], event=NEW)

    assert _alerted(citizen) == [near.code]


def test_non_public_and_own_reports_never_match(citizen, ward):
    services.subscription_create(user=citizen, scope="ward", ward=ward)
    hidden = report_in_state(S.RECEIVED, is_public=False, ward=ward)
    own = located(ward=ward, reporter=citizen)

    alerts.alerts_match(report_ids=[hidden.pk, own.pk], event=NEW)

    assert _alerted(citizen) == []


def test_matching_twice_alerts_once(citizen, ward):
    services.subscription_create(user=citizen, scope="ward", ward=ward)
    report = located(ward=ward)

    alerts.alerts_match(report_ids=[report.pk], event=NEW)
    alerts.alerts_match(report_ids=[report.pk], event=NEW)

    assert _alerted(citizen) == [report.code]
    assert Alert.objects.count() == 1


def test_receiving_a_public_report_alerts_after_commit(
    citizen, ioc, reporter, ward, category, django_capture_on_commit_callbacks
):
    services.subscription_create(user=citizen, scope="ward", ward=ward)
    report = report_in_state(S.SUBMITTED, reporter=reporter, ward=ward, category=category)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.report_receive(
            report=report, actor=ioc, category=category, level="normal", is_public=True
        )
        assert _alerted(citizen) == []  # not in the request's transaction
    for callback in callbacks:
        callback()

    assert _alerted(citizen) == [report.code]


def test_a_report_received_as_not_public_alerts_no_one(
    citizen, ioc, reporter, ward, category, django_capture_on_commit_callbacks
):
    services.subscription_create(user=citizen, scope="ward", ward=ward)
    report = report_in_state(S.SUBMITTED, reporter=reporter, ward=ward, category=category)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_receive(
            report=report, actor=ioc, category=category, level="normal", is_public=False
        )

    assert _alerted(citizen) == []


def test_a_published_answer_alerts_its_subscribers(
    citizen, ioc, reporter, ward, django_capture_on_commit_callbacks
):
    services.subscription_create(user=citizen, scope="ward", ward=ward)
    report = report_in_state(S.RESOLVED, reporter=reporter, is_public=True, ward=ward)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_publish(report=report, actor=ioc)

    notice = Notification.objects.get(recipient=citizen)
    assert notice.message == (
        f"Phản ánh {report.code} theo đăng ký nhận tin của bạn đã có kết quả: “{report.title}”."
    )


def _queries(report_ids) -> int:
    with CaptureQueriesContext(connection) as queries:
        alerts.alerts_match(report_ids=report_ids, event=NEW)
    return len(queries)


def _subscribers(count, ward, category):
    for n in range(count):
        user = UserFactory(email=f"nguoi{n}@example.com")
        services.subscription_create(
            user=user, scope=("ward", "category")[n % 2], ward=ward, category=category
        )
        services.subscription_create(
            user=user, scope="radius", latitude=POINT[0], longitude=POINT[1], radius=3000
        )


def test_a_batch_takes_the_same_queries_however_many_subscriptions(ward, category):
    Site.objects.get_current()  # cached once per process (the links' address)
    _subscribers(2, ward, category)
    few = _queries([located(ward=ward, category=category).pk for _ in range(2)])
    _subscribers(12, WardFactory(), category)
    _subscribers(12, ward, category)

    many = _queries([located(ward=ward, category=category).pk for _ in range(6)])

    assert many == few
    assert Notification.objects.count() > 40
