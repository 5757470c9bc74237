"""One-click unsubscribe from every e-mail: a signed link, no login. A GET
only asks (a mail scanner stops nothing), the POST stops; an altered token is
refused; stopping twice is fine."""

import re

import pytest
from django.core import mail
from django.test import Client

from engagement import alerts, services, unsubscribe
from engagement.models import Alert, Follow, Subscription

from .engagement_world import category as category
from .engagement_world import citizen as citizen
from .engagement_world import deliver as deliver
from .engagement_world import located
from .engagement_world import public_report as public_report
from .engagement_world import reporter as reporter
from .engagement_world import ward as ward

pytestmark = pytest.mark.django_db


def _link_in_last_mail() -> str:
    return re.search(r"https?://\S+(/ngung-nhan-tin/\S+/)", mail.outbox[-1].body).group(1)


def test_the_link_in_an_alert_stops_it_without_login(citizen, ward, deliver):
    subscription = services.subscription_create(
        user=citizen, scope="ward", ward=ward, by_email=True
    )
    deliver(alerts.alerts_match, report_ids=[located(ward=ward).pk], event=Alert.Event.NEW)
    path = _link_in_last_mail()
    client = Client(enforce_csrf_checks=True)

    page = client.get(path)
    assert page.status_code == 200
    assert ward.name in page.content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()  # a GET only asks

    token = page.cookies["csrftoken"].value
    response = client.post(path, {"csrfmiddlewaretoken": token})

    assert response.status_code == 200
    assert "Bạn đã ngừng nhận tin này" in response.content.decode()
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert client.post(path, {"csrfmiddlewaretoken": token}).status_code == 200  # again: fine


def test_a_post_without_the_pages_csrf_token_is_refused(citizen, ward):
    subscription = services.subscription_create(user=citizen, scope="ward", ward=ward)
    path = f"/ngung-nhan-tin/{unsubscribe.token_for(unsubscribe.SUBSCRIPTION, subscription.pk)}/"

    response = Client(enforce_csrf_checks=True).post(path)

    assert response.status_code == 403
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_a_tampered_token_is_refused(client, citizen, ward):
    subscription = services.subscription_create(user=citizen, scope="ward", ward=ward)
    other = services.subscription_create(user=citizen, scope="ward", ward=ward)
    token = unsubscribe.token_for(unsubscribe.SUBSCRIPTION, subscription.pk)
    value, signature = token.rsplit(":", 1)
    forged = unsubscribe.token_for(unsubscribe.SUBSCRIPTION, other.pk).rsplit(":", 1)[0]

    for bad in (f"{value}:{signature[:-1]}x", f"{forged}:{signature}", "abc"):
        response = client.post(f"/ngung-nhan-tin/{bad}/")
        assert response.status_code == 400
    assert Subscription.objects.count() == 2


def test_the_link_of_a_follow_stops_the_follow(client, citizen, public_report):
    services.follow_set(user=citizen, report=public_report, on=True)
    follow = Follow.objects.get()
    path = f"/ngung-nhan-tin/{unsubscribe.token_for(unsubscribe.FOLLOW, follow.pk)}/"

    assert public_report.code in client.get(path).content.decode()
    client.post(path)

    assert not Follow.objects.exists()
