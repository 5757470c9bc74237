"""The daily digest (a Celery beat task): one message per account listing the
day's matches that were not sent at once, by e-mail where confirmed and in
the app, with a link to stop each subscription; nothing twice."""

import pytest
from django.core import mail

from engagement import alerts, services, tasks
from engagement.models import Alert
from reports.models import Notification

from .engagement_world import category as category
from .engagement_world import citizen as citizen
from .engagement_world import deliver as deliver
from .engagement_world import located
from .engagement_world import neighbour as neighbour
from .engagement_world import ward as ward

pytestmark = pytest.mark.django_db
NEW = Alert.Event.NEW


def test_one_digest_lists_the_days_matches(citizen, ward, category, deliver):
    services.subscription_create(user=citizen, scope="ward", ward=ward, frequency="daily")
    services.subscription_create(
        user=citizen, scope="category", category=category, frequency="daily"
    )
    first, second = located(ward=ward, category=category), located(ward=ward)
    deliver(alerts.alerts_match, report_ids=[first.pk, second.pk], event=NEW)

    assert deliver(tasks.send_digests) == 1

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Bản tin hôm nay: 3 tin" in body  # the first report matches both subscriptions
    assert first.code in body and second.code in body
    assert body.count("/ngung-nhan-tin/") == 2
    assert Notification.objects.filter(recipient=citizen).count() == 1


def test_a_digest_is_sent_once(citizen, ward, deliver):
    services.subscription_create(user=citizen, scope="ward", ward=ward, frequency="daily")
    deliver(alerts.alerts_match, report_ids=[located(ward=ward).pk], event=NEW)

    deliver(tasks.send_digests)
    assert deliver(tasks.send_digests) == 0

    assert len(mail.outbox) == 1


def test_what_passed_the_limit_goes_into_the_digest(citizen, ward, deliver):
    services.subscription_create(user=citizen, scope="ward", ward=ward, by_email=True)
    reports = [located(ward=ward) for _ in range(alerts.IMMEDIATE_PER_DAY + 1)]
    deliver(alerts.alerts_match, report_ids=[r.pk for r in reports], event=NEW)
    mail.outbox.clear()

    deliver(tasks.send_digests)

    assert len(mail.outbox) == 1 and reports[-1].code in mail.outbox[0].body
    assert reports[0].code not in mail.outbox[0].body


def test_a_lost_alert_task_still_reaches_the_digest(neighbour, ward, deliver):
    services.subscription_create(user=neighbour, scope="ward", ward=ward, frequency="daily")
    report = located(ward=ward)  # received today, never matched (its task was lost)

    deliver(tasks.send_digests)

    assert report.code in mail.outbox[0].body


def test_without_a_confirmed_e_mail_the_digest_is_a_notice(citizen, ward, deliver):
    citizen.email = ""
    citizen.save()
    services.subscription_create(user=citizen, scope="ward", ward=ward, frequency="daily")
    report = located(ward=ward)
    deliver(alerts.alerts_match, report_ids=[report.pk], event=NEW)

    deliver(tasks.send_digests)

    assert mail.outbox == []
    assert report.code in Notification.objects.get(recipient=citizen).message
