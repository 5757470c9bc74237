"""Reopening after an unsatisfied rating (issue 15): a published report of a
reporter who speaks English, its two agencies, and a rating awaiting review.

Test modules import the fixtures they use by name, with a redundant alias
(`from .reopening_world import rated as rated`) that marks a re-export."""

import pytest

from accounts.tests.factories import UserFactory
from reports.models import AgencyMembership, Report, Satisfaction

from .factories import AgencyFactory, AgencyMembershipFactory, CategoryFactory, report_in_state

COMPLAINT = "Ổ gà vá xong lại lún sau hai ngày mưa."


def awaiting_review(report, comment=COMPLAINT) -> Satisfaction:
    """The reporter's "Không hài lòng" as the rating service leaves it."""
    return Satisfaction.objects.create(
        report=report,
        user=report.reporter,
        level=Satisfaction.Level.DISSATISFIED,
        comment=comment,
        review_outcome=Satisfaction.Review.PENDING,
    )


@pytest.fixture
def reporter(db):
    return UserFactory(full_name="Nguyễn Văn An", language="en", email="an@example.com")


@pytest.fixture
def first_agency(db):
    return AgencyFactory(name="Sở Xây dựng")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(name="Công ty Môi trường đô thị")


@pytest.fixture
def other_officer(other_agency):
    return AgencyMembershipFactory(
        agency=other_agency,
        role=AgencyMembership.AgencyRole.OFFICER,
        user__language="en",
        user__email="officer@example.com",
        user__email_verified=True,
    ).user


@pytest.fixture
def published(reporter, first_agency):
    return report_in_state(
        Report.Status.PUBLISHED,
        reporter=reporter,
        lead_agency=first_agency,
        category=CategoryFactory(processing_days_normal=3),
        is_public=True,
    )


@pytest.fixture
def rated(published):
    """The published report, its answer rated "Không hài lòng", awaiting review."""
    awaiting_review(published)
    return Report.objects.get(pk=published.pk)
