"""Subscriptions in the personal area (/ca-nhan/theo-doi/): by ward, category
or radius (at most 5 km), at most ten per account, each their own."""

import pytest
from django.core.exceptions import ValidationError

from accounts.tests.factories import UserFactory
from engagement import services
from engagement.models import Subscription

from .engagement_world import POINT
from .engagement_world import category as category
from .engagement_world import citizen as citizen
from .engagement_world import neighbour as neighbour
from .engagement_world import ward as ward

pytestmark = pytest.mark.django_db
URL = "/ca-nhan/theo-doi/"


def test_a_citizen_subscribes_to_a_ward_from_the_tab(client, citizen, ward):
    client.force_login(citizen)

    response = client.post(
        URL, {"scope": "ward", "ward": ward.pk, "frequency": "immediate", "by_email": "on"}
    )

    assert response.status_code == 302
    subscription = Subscription.objects.get(user=citizen)
    assert (subscription.ward, subscription.by_email) == (ward, True)
    assert ward.name in client.get(URL).content.decode()


def test_a_radius_needs_its_point_and_at_most_five_km(client, citizen):
    client.force_login(citizen)

    missing = client.post(URL, {"scope": "radius", "radius": 1000, "frequency": "daily"})
    too_far = client.post(
        URL,
        {
            "scope": "radius",
            "latitude": POINT[0],
            "longitude": POINT[1],
            "radius": 6000,
            "frequency": "daily",
        },
    )

    assert missing.status_code == too_far.status_code == 400
    assert not Subscription.objects.exists()
    with pytest.raises(ValidationError):
        services.subscription_create(
            user=citizen,
            scope="radius",
            latitude=POINT[0],
            longitude=POINT[1],
            radius=5001,
            frequency="daily",
        )


def test_only_the_chosen_scope_is_kept(citizen, ward, category):
    subscription = services.subscription_create(
        user=citizen, scope="category", category=category, ward=ward, frequency="daily"
    )

    assert (subscription.category, subscription.ward) == (category, None)


def test_at_most_ten_subscriptions_per_account(citizen, category):
    for _ in range(services.MAX_SUBSCRIPTIONS):
        services.subscription_create(user=citizen, scope="category", category=category)

    with pytest.raises(ValidationError) as refused:
        services.subscription_create(user=citizen, scope="category", category=category)

    assert refused.value.code == "too_many"
    assert Subscription.objects.filter(user=citizen).count() == services.MAX_SUBSCRIPTIONS


def test_sms_needs_a_phone(category):
    without_phone = UserFactory(phone=None)

    with pytest.raises(ValidationError):
        services.subscription_create(
            user=without_phone, scope="category", category=category, sms_urgent=True
        )


def test_each_stops_only_their_own(client, citizen, neighbour, ward):
    mine = services.subscription_create(user=citizen, scope="ward", ward=ward)
    client.force_login(neighbour)

    response = client.post(f"{URL}{mine.pk}/huy/")

    assert response.status_code == 404
    assert Subscription.objects.filter(pk=mine.pk).exists()
    client.force_login(citizen)
    assert client.post(f"{URL}{mine.pk}/huy/").status_code == 302
    assert not Subscription.objects.exists()


def test_a_visitor_is_sent_to_the_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/login/?next=")
