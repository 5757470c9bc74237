"""Factories for the moderation tests. Comments are put in a state directly
(tests only: the application changes them through moderation/services.py)."""

import factory

from accounts.tests.factories import UserFactory
from moderation.models import BannedWord, Comment, CommentLike, Flag
from reports.models import Report
from reports.tests.factories import report_in_state


def published_report(**fields) -> Report:
    """A published, public report: open for comments."""
    return report_in_state(Report.Status.PUBLISHED, **{"is_public": True, **fields})


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    report = factory.LazyFunction(published_report)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Cảm ơn cơ quan đã xử lý nhanh, ý kiến số {n}.")
    status = Comment.Status.PENDING

    class Params:
        approved = factory.Trait(status=Comment.Status.APPROVED)


class CommentLikeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommentLike

    comment = factory.SubFactory(CommentFactory, approved=True)
    user = factory.SubFactory(UserFactory)


class BannedWordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BannedWord

    word = "dien"


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag

    flagged_by = factory.SubFactory(UserFactory)
    comment = factory.SubFactory(CommentFactory, approved=True)
    reason = Flag.Reason.OFFENSIVE
