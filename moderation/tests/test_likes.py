"""Likes: one per user and comment, a second click removes it, and the
database keeps it so when requests race (PostgreSQL, real threads)."""

import pytest
from django.db import IntegrityError, transaction

from accounts.tests.factories import UserFactory
from moderation import services
from moderation.models import CommentLike
from phananh.testing.concurrency import needs_postgresql, race

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_toggle_likes_then_unlikes(citizen, report):
    comment = CommentFactory(report=report, approved=True)

    assert services.like_toggle(user=citizen, comment=comment) == (True, 1)
    assert services.like_toggle(user=citizen, comment=comment) == (False, 0)
    assert services.like_toggle(user=citizen, comment=comment) == (True, 1)


def test_setting_a_state_is_idempotent(citizen, other_citizen, report):
    comment = CommentFactory(report=report, approved=True)
    services.like_toggle(user=other_citizen, comment=comment)

    assert services.like_toggle(user=citizen, comment=comment, like=True) == (True, 2)
    assert services.like_toggle(user=citizen, comment=comment, like=True) == (True, 2)
    assert services.like_toggle(user=citizen, comment=comment, like=False) == (False, 1)
    assert services.like_toggle(user=citizen, comment=comment, like=False) == (False, 1)


def test_the_database_refuses_a_second_like(citizen, report):
    comment = CommentFactory(report=report, approved=True)
    CommentLike.objects.create(user=citizen, comment=comment)

    with pytest.raises(IntegrityError), transaction.atomic():
        CommentLike.objects.create(user=citizen, comment=comment)


@pytest.mark.django_db(transaction=True)
def test_one_like_when_the_same_user_clicks_in_many_requests_at_once():
    needs_postgresql()
    comment = CommentFactory(approved=True)
    user = UserFactory()

    errors = race(8, lambda _: services.like_toggle(user=user, comment=comment, like=True))

    assert errors == []
    assert CommentLike.objects.filter(comment=comment).count() == 1


@pytest.mark.django_db(transaction=True)
def test_every_user_counted_once_when_many_like_at_once():
    needs_postgresql()
    comment = CommentFactory(approved=True)
    users = UserFactory.create_batch(8)

    errors = race(
        16, lambda index: services.like_toggle(user=users[index % 8], comment=comment, like=True)
    )

    assert errors == []
    assert CommentLike.objects.filter(comment=comment).count() == 8


@pytest.mark.django_db(transaction=True)
def test_racing_toggles_never_make_a_second_like():
    needs_postgresql()
    comment = CommentFactory(approved=True)
    user = UserFactory()

    errors = race(8, lambda _: services.like_toggle(user=user, comment=comment))

    assert errors == []
    assert CommentLike.objects.filter(comment=comment, user=user).count() in (0, 1)
