"""The demo data reads like a real province's (issue 14, defect 10): every
step happens in office hours on a working day, deadlines follow the portal's
own rules, and a report waiting for the IOC, forwarded to the suggested
agency, lands on the demo officer's dashboard."""

import random
from datetime import datetime

import pytest

from reports import deadlines, workflow
from reports.management.demo_times import in_office_hours, office_moment_before, step_moments
from reports.models import AgencyMembership, Notification, Report, ReportEvent

from .test_demo_reports import media_root as media_root
from .test_demo_reports import prerequisites as prerequisites
from .test_demo_reports import run

Status = Report.Status
OFFICER = "+84901000004"


def vietnam(*args) -> datetime:
    return datetime(*args, tzinfo=deadlines.VIETNAM)


@pytest.mark.parametrize(
    ("moment", "earliest", "latest"),
    [
        # Sunday 22:44: the Friday afternoon before.
        (vietnam(2026, 11, 29, 22, 44), vietnam(2026, 11, 27, 13, 30), vietnam(2026, 11, 27, 17)),
        # The lunch break: that morning.
        (vietnam(2026, 12, 2, 12, 15), vietnam(2026, 12, 2, 7, 30), vietnam(2026, 12, 2, 11, 30)),
        # 03:47 on a Wednesday: Tuesday afternoon.
        (vietnam(2026, 12, 2, 3, 47), vietnam(2026, 12, 1, 13, 30), vietnam(2026, 12, 1, 17)),
        # Within office hours: earlier that same period.
        (vietnam(2026, 12, 2, 9, 0), vietnam(2026, 12, 2, 7, 30), vietnam(2026, 12, 2, 9, 0)),
        # 2 September 2026, National Day: 31 August to 2 September are off, so Friday 28.
        (vietnam(2026, 9, 2, 10, 0), vietnam(2026, 8, 28, 13, 30), vietnam(2026, 8, 28, 17)),
    ],
)
def test_a_moment_is_moved_back_into_office_hours(moment, earliest, latest):
    rng = random.Random(1)
    for _ in range(50):
        found = office_moment_before(moment, rng)
        assert earliest <= found <= latest and in_office_hours(found)


def test_steps_fall_in_office_hours_in_order_and_before_now():
    rng = random.Random(2)
    submitted, now = vietnam(2026, 11, 27, 16, 50), vietnam(2026, 11, 30, 8, 0)
    steps = [Status.RECEIVED, Status.FORWARDED, Status.IN_PROGRESS, Status.RESOLVED]

    moments = step_moments(submitted, steps, now, rng)

    assert moments == sorted(moments) and submitted < moments[0] and moments[-1] < now
    assert all(in_office_hours(moment) for moment in moments)


@pytest.mark.django_db
def test_every_demo_moment_is_in_office_hours(prerequisites):
    run()

    moments = [
        moment
        for row in Report.objects.values_list(
            "submitted_at", "received_at", "forwarded_at", "resolved_at", "published_at"
        )
        for moment in row
        if moment
    ]
    moments += ReportEvent.objects.values_list("created_at", flat=True)
    moments += Notification.objects.values_list("created_at", flat=True)
    outside = [moment for moment in moments if not in_office_hours(moment)]
    assert len(moments) > 100 and not outside, outside[:5]


@pytest.mark.django_db
def test_demo_deadlines_follow_the_portal_rules(prerequisites):
    run()

    sent = Report.objects.exclude(status=Status.DRAFT).select_related("category")
    for report in sent.filter(status=Status.SUBMITTED):
        assert report.deadline == deadlines.receipt_deadline(report.submitted_at)
    assert not sent.filter(status=Status.RECEIVED, deadline__isnull=False).exists()
    handled = sent.filter(forwarded_at__isnull=False)
    assert handled.count() >= 20
    for report in handled:
        assert report.deadline == deadlines.processing_deadline(
            report.forwarded_at, report.category, report.level
        )


@pytest.mark.django_db
def test_a_waiting_demo_report_forwarded_as_suggested_reaches_the_demo_officer(prerequisites):
    run()

    officer_agency = AgencyMembership.objects.get(user__phone=OFFICER).agency
    waiting = Report.objects.filter(status__in=[Status.SUBMITTED, Status.RECEIVED])
    assert waiting.count() == 8
    assert {workflow.suggested_agency(report) for report in waiting} == {officer_agency}
    # The officer's dashboard is not empty before the newcomer forwards anything.
    assert Report.objects.filter(lead_agency=officer_agency).exists()
