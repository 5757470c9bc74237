"""No one is flooded: at most IMMEDIATE_PER_DAY alerts at once per
subscription and day (the rest wait for the digest), SMS only for urgent new
reports and at most SMS_PER_DAY per account, e-mail only when asked."""

import pytest
from django.core import mail

from accounts import sms
from engagement import alerts, services
from engagement.models import Alert
from reports.models import Delivery, Notification

from .engagement_world import citizen as citizen
from .engagement_world import deliver as deliver
from .engagement_world import located
from .engagement_world import ward as ward

pytestmark = pytest.mark.django_db
NEW = Alert.Event.NEW


def test_past_the_daily_limit_alerts_wait_for_the_digest(citizen, ward, deliver):
    services.subscription_create(user=citizen, scope="ward", ward=ward)
    reports = [located(ward=ward) for _ in range(alerts.IMMEDIATE_PER_DAY + 2)]

    deliver(alerts.alerts_match, report_ids=[r.pk for r in reports[:3]], event=NEW)
    deliver(alerts.alerts_match, report_ids=[r.pk for r in reports[3:]], event=NEW)

    assert Notification.objects.filter(recipient=citizen).count() == alerts.IMMEDIATE_PER_DAY
    assert Alert.objects.filter(sent_at__isnull=True).count() == 2


def test_a_daily_subscription_sends_nothing_at_once(citizen, ward, deliver):
    services.subscription_create(user=citizen, scope="ward", ward=ward, frequency="daily")

    deliver(alerts.alerts_match, report_ids=[located(ward=ward).pk], event=NEW)

    assert not Notification.objects.filter(recipient=citizen).exists()
    assert Alert.objects.filter(sent_at__isnull=True).count() == 1


def test_sms_only_for_urgent_reports(citizen, ward, deliver):
    services.subscription_create(user=citizen, scope="ward", ward=ward, sms_urgent=True)
    normal, urgent = located(ward=ward), located(ward=ward, level="urgent")

    deliver(alerts.alerts_match, report_ids=[normal.pk, urgent.pk], event=NEW)

    texts = Delivery.objects.filter(channel=Delivery.Channel.SMS, recipient=citizen)
    assert [d.report_id for d in texts] == [urgent.pk]
    assert len(sms.outbox) == 1 and urgent.code in sms.outbox[0].body
    assert "/ngung-nhan-tin/" in sms.outbox[0].body


def test_at_most_a_few_sms_a_day(citizen, ward, deliver):
    services.subscription_create(user=citizen, scope="ward", ward=ward, sms_urgent=True)
    urgent = [located(ward=ward, level="urgent") for _ in range(alerts.SMS_PER_DAY + 1)]

    deliver(alerts.alerts_match, report_ids=[r.pk for r in urgent], event=NEW)

    assert len(sms.outbox) == alerts.SMS_PER_DAY
    assert Notification.objects.filter(recipient=citizen).count() == len(urgent)


def test_e_mail_only_when_asked(citizen, ward, deliver):
    services.subscription_create(user=citizen, scope="ward", ward=ward)
    deliver(alerts.alerts_match, report_ids=[located(ward=ward).pk], event=NEW)
    assert mail.outbox == []

    services.subscription_create(user=citizen, scope="ward", ward=ward, by_email=True)
    deliver(alerts.alerts_match, report_ids=[located(ward=ward).pk], event=NEW)

    assert [m.to for m in mail.outbox] == [["an@example.com"]]
    assert "/ngung-nhan-tin/" in mail.outbox[0].body
