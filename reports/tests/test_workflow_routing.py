"""Forwarding, recalling and returning a report: the lead and co-processing
agencies each move sets or clears, the processing deadline (from the category
and the level, or the IOC's choice), the suggested agency and who is told."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reports import deadlines, workflow
from reports.models import AgencyMembership, Report

from .factories import (
    AgencyFactory,
    AgencyMembershipFactory,
    CategoryFactory,
    WardFactory,
    report_in_state,
)
from .workflow_world import S, last_event, messages_of, refused
from .workflow_world import co as co
from .workflow_world import forwarded as forwarded
from .workflow_world import ioc as ioc
from .workflow_world import lead as lead
from .workflow_world import lead_officer as lead_officer
from .workflow_world import received as received

pytestmark = pytest.mark.django_db


# --- Forward -----------------------------------------------------------------------------


def test_forward_sets_the_agencies_without_the_lead_among_the_co_agencies(ioc, received, lead, co):
    before = timezone.now()
    workflow.report_forward(report=received, actor=ioc, lead_agency=lead, co_agencies=[lead, co])

    report = Report.objects.get(pk=received.pk)
    assert report.status == S.FORWARDED
    assert report.lead_agency == lead
    assert list(report.co_agencies.all()) == [co]
    assert before <= report.forwarded_at <= timezone.now()
    event = last_event(report)
    assert (event.agency, event.is_public) == (lead, True)


@pytest.mark.parametrize("level", [Report.Level.NORMAL, Report.Level.URGENT])
def test_forward_deadline_comes_from_the_category_and_the_level(ioc, citizen, lead, level):
    category = CategoryFactory(processing_days_normal=5, processing_days_urgent=2)
    report = report_in_state(S.RECEIVED, reporter=citizen, category=category, level=level)

    workflow.report_forward(report=report, actor=ioc, lead_agency=lead)

    report.refresh_from_db()
    assert report.deadline == deadlines.processing_deadline(report.forwarded_at, category, level)
    days = 5 if level == Report.Level.NORMAL else 2
    assert report.deadline == deadlines.add_working_days(report.forwarded_at, days)
    assert workflow.suggested_deadline(report, report.forwarded_at) == report.deadline


def test_forward_keeps_a_deadline_the_ioc_chose(ioc, received, lead):
    chosen = timezone.now() + timedelta(days=20)
    workflow.report_forward(report=received, actor=ioc, lead_agency=lead, deadline=chosen)
    assert Report.objects.get(pk=received.pk).deadline == chosen


def test_forward_notifies_the_members_of_the_lead_and_co_agencies(ioc, received, citizen):
    lead, co, other = AgencyFactory(), AgencyFactory(), AgencyFactory()
    role = AgencyMembership.AgencyRole
    lead_officer = AgencyMembershipFactory(agency=lead, role=role.OFFICER).user
    lead_leader = AgencyMembershipFactory(agency=lead, role=role.LEADER).user
    lead_monitor = AgencyMembershipFactory(agency=lead, role=role.MONITOR).user
    lead_gone = AgencyMembershipFactory(agency=lead, user__is_active=False).user
    co_officer = AgencyMembershipFactory(agency=co, role=role.OFFICER).user
    other_officer = AgencyMembershipFactory(agency=other, role=role.OFFICER).user

    workflow.report_forward(report=received, actor=ioc, lead_agency=lead, co_agencies=[co])

    report = Report.objects.get(pk=received.pk)
    deadline = timezone.localtime(report.deadline).strftime("%H:%M %d/%m/%Y")
    message = f"Phản ánh {report.code} được chuyển đến đơn vị để xử lý, hạn {deadline}."
    for member in (lead_officer, lead_leader, co_officer):
        assert messages_of(member) == [message]
    for bystander in (lead_monitor, lead_gone, other_officer, ioc):
        assert messages_of(bystander) == []
    assert messages_of(citizen) == [f"Phản ánh {report.code} đã được chuyển đến {lead.name} xử lý."]


def test_the_suggested_agency_is_the_category_default_else_the_wards_office(citizen):
    default = AgencyFactory()
    ward = WardFactory()
    office = AgencyFactory(kind="commune")
    office.units.add(ward)

    with_default = report_in_state(
        S.RECEIVED, reporter=citizen, category=CategoryFactory(default_agency=default), ward=ward
    )
    without_default = report_in_state(S.RECEIVED, reporter=citizen, ward=ward)
    nowhere = report_in_state(S.RECEIVED, reporter=citizen)

    assert workflow.suggested_agency(with_default) == default
    assert workflow.suggested_agency(without_default) == office
    assert workflow.suggested_agency(nowhere) is None


# --- Recall and return ------------------------------------------------------------------------


def test_recall_clears_the_agencies_and_tells_the_lead(ioc, forwarded, lead_officer):
    refused(
        lambda: workflow.report_recall(report=forwarded, actor=ioc, reason=" "),
        "Hãy ghi lý do thu hồi.",
        forwarded,
    )

    workflow.report_recall(report=forwarded, actor=ioc, reason="Chuyển nhầm đơn vị.")

    report = Report.objects.get(pk=forwarded.pk)
    assert report.status == S.RECEIVED
    assert report.lead_agency is None
    assert not report.co_agencies.exists()
    event = last_event(report)
    assert (event.note, event.is_public) == ("Chuyển nhầm đơn vị.", False)
    assert messages_of(lead_officer) == [f"Phản ánh {report.code} đã được Trung tâm IOC thu hồi."]


@pytest.mark.parametrize("state", [S.FORWARDED, S.IN_PROGRESS])
def test_return_clears_the_agencies_and_tells_the_ioc(ioc, citizen, lead, co, lead_officer, state):
    report = report_in_state(state, reporter=citizen, lead_agency=lead, co_agencies=[co])
    refused(
        lambda: workflow.report_return(report=report, actor=lead_officer, reason=""),
        "Hãy ghi lý do trả lại.",
        report,
    )

    workflow.report_return(report=report, actor=lead_officer, reason="Không thuộc thẩm quyền.")

    report.refresh_from_db()
    assert report.status == S.RECEIVED
    assert report.lead_agency is None
    assert not report.co_agencies.exists()
    event = last_event(report)
    assert (event.agency, event.note, event.is_public) == (lead, "Không thuộc thẩm quyền.", False)
    assert messages_of(ioc) == [
        f"{lead.name} trả lại phản ánh {report.code}: Không thuộc thẩm quyền."
    ]


def test_a_returned_report_can_be_forwarded_to_another_agency(ioc, forwarded, lead_officer):
    workflow.report_return(report=forwarded, actor=lead_officer, reason="Sai thẩm quyền.")
    other = AgencyFactory()
    other_officer = AgencyMembershipFactory(agency=other).user

    workflow.report_forward(report=forwarded, actor=ioc, lead_agency=other)
    workflow.report_accept(report=forwarded, actor=other_officer)

    assert Report.objects.get(pk=forwarded.pk).status == S.IN_PROGRESS
    assert not workflow.can(lead_officer, "accept", Report.objects.get(pk=forwarded.pk))
