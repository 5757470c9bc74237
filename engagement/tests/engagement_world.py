"""The people, places and reports of the engagement tests.

Test modules import the fixtures they use by name, with a redundant alias
(`from .engagement_world import citizen as citizen`) that marks a re-export.
"""

from decimal import Decimal

import pytest

from accounts.tests.factories import UserFactory
from reports.models import Report
from reports.tests.factories import (
    CategoryFactory,
    IocOperatorFactory,
    WardFactory,
    report_in_state,
)

S = Report.Status
# Đông Hà, Quảng Trị.
POINT = (Decimal("16.816300"), Decimal("107.100300"))


@pytest.fixture
def citizen(db):
    return UserFactory(full_name="Nguyễn Văn An", email="an@example.com")


@pytest.fixture
def neighbour(db):
    return UserFactory(full_name="Lê Thị Bích", email="bich@example.com")


@pytest.fixture
def reporter(db):
    return UserFactory(full_name="Trần Văn Gửi", email="gui@example.com")


@pytest.fixture
def ioc(db):
    return IocOperatorFactory()


@pytest.fixture
def ward(db):
    return WardFactory(name="Phường Đông Hà")


@pytest.fixture
def other_ward(db):
    return WardFactory(name="Phường Nam Đông Hà")


@pytest.fixture
def category(db):
    return CategoryFactory(name="Giao thông", slug="giao-thong")


@pytest.fixture
def public_report(reporter, ward, category):
    return report_in_state(
        S.FORWARDED,
        reporter=reporter,
        is_public=True,
        ward=ward,
        category=category,
        latitude=POINT[0],
        longitude=POINT[1],
    )


@pytest.fixture
def private_report(reporter, ward, category):
    return report_in_state(S.FORWARDED, reporter=reporter, is_public=False, ward=ward)


def located(status=S.RECEIVED, *, offset=0.0, **fields) -> Report:
    """A public report `offset` degrees of latitude north of POINT (0.01 ≈ 1.1 km)."""
    return report_in_state(
        status,
        is_public=True,
        latitude=POINT[0] + Decimal(str(offset)),
        longitude=POINT[1],
        **fields,
    )


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """`deliver(work, **kwargs)`: run the work and send what it queued, as a
    worker does once its transaction commits (the outbox sends after commit)."""

    def run(work, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return work(**kwargs)

    return run
