"""Progress notes (public or internal in the timeline) and opinions, which come
only from a co-processing agency, in its own name."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.tests.factories import UserFactory
from reports import selectors, workflow
from reports.models import Report
from reports.workflow import WorkflowError

from .factories import AgencyFactory
from .workflow_world import Kind, S, messages_of, refused
from .workflow_world import co as co
from .workflow_world import co_officer as co_officer
from .workflow_world import in_progress as in_progress
from .workflow_world import ioc as ioc
from .workflow_world import lead as lead
from .workflow_world import lead_officer as lead_officer

pytestmark = pytest.mark.django_db


def test_progress_notes_are_public_or_internal_in_the_timeline(
    in_progress, lead_officer, lead, citizen, ioc
):
    refused(
        lambda: workflow.report_add_progress(
            report=in_progress, actor=lead_officer, note="", public=True
        ),
        "Hãy nhập nội dung ghi chú.",
        in_progress,
    )
    public = workflow.report_add_progress(
        report=in_progress, actor=lead_officer, note="Đã khảo sát hiện trường.", public=True
    )
    internal = workflow.report_add_progress(
        report=in_progress, actor=lead_officer, note="Chờ kinh phí quý II.", public=False
    )
    assert (public.kind, public.agency, public.is_public) == (Kind.PROGRESS, lead, True)
    assert (internal.kind, internal.is_public) == (Kind.PROGRESS, False)
    assert Report.objects.get(pk=in_progress.pk).status == S.IN_PROGRESS

    for outsider in (citizen, UserFactory(), AnonymousUser()):
        timeline = list(selectors.timeline_for(user=outsider, report=in_progress))
        assert public in timeline
        assert internal not in timeline
    staff_timeline = list(selectors.timeline_for(user=ioc, report=in_progress))
    assert staff_timeline[-2:] == [public, internal]


def test_an_opinion_comes_only_from_a_co_agency(in_progress, co, co_officer, lead_officer, lead):
    refused(
        lambda: workflow.report_add_opinion(
            report=in_progress, actor=lead_officer, agency=lead, note="Ý kiến."
        ),
        "Bạn không có quyền thực hiện thao tác này với phản ánh.",
        in_progress,
    )
    refused(
        lambda: workflow.report_add_opinion(
            report=in_progress, actor=co_officer, agency=AgencyFactory(), note="Ý kiến."
        ),
        "Đơn vị này không phối hợp xử lý phản ánh.",
        in_progress,
    )
    refused(
        lambda: workflow.report_add_opinion(
            report=in_progress, actor=co_officer, agency=co, note=" "
        ),
        "Hãy nhập ý kiến.",
        in_progress,
    )

    opinion = workflow.report_add_opinion(
        report=in_progress, actor=co_officer, agency=co, note="Cần rào chắn khi thi công."
    )

    assert (opinion.kind, opinion.agency, opinion.is_public, opinion.actor) == (
        Kind.OPINION,
        co,
        False,
        co_officer,
    )
    assert messages_of(lead_officer) == [f"{co.name} góp ý về phản ánh {in_progress.code}."]


def test_an_officer_gives_opinions_only_in_the_name_of_their_own_agency(
    in_progress, co, co_officer
):
    """Two co-processing agencies: an officer of one must not post in the other's
    name (any refusal message will do, as long as it is refused)."""
    second = AgencyFactory(name="Điện lực Quảng Trị")
    in_progress.co_agencies.add(second)

    with pytest.raises(WorkflowError):
        workflow.report_add_opinion(
            report=in_progress, actor=co_officer, agency=second, note="Ý kiến mạo danh."
        )

    assert not in_progress.events.filter(kind=Kind.OPINION).exists()
