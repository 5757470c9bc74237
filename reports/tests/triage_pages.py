"""The triage dashboard (/xu-ly/) through HTTP: the world of triage_world as a
fixture, the lead agency's officer logged in, and how its pages show a moment.

Test modules import the fixtures they use by name, with a redundant alias
(`from .triage_pages import world as world`) that marks a re-export, so linters
do not report it as unused.
"""

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from reports.models import Report, ReportEvent

from .triage_world import build_world

S = Report.Status
Kind = ReportEvent.Kind


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def officer(client, world):
    client.force_login(world.officer_a)
    return client


def shown(dt) -> str:
    return date_format(timezone.localtime(dt), "SHORT_DATETIME_FORMAT")
