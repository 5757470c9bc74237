"""Extension requests: a later deadline and a reason, one pending request at a
time (in the database too), an approval moving the deadline, a refusal keeping
it, and no stale request left from an agency that handed the report back."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from reports import workflow
from reports.models import ExtensionRequest, Report

from .factories import AgencyFactory, AgencyMembershipFactory, ExtensionRequestFactory
from .workflow_world import Kind, S, last_event, messages_of, refused
from .workflow_world import co as co
from .workflow_world import forwarded as forwarded
from .workflow_world import in_progress as in_progress
from .workflow_world import ioc as ioc
from .workflow_world import lead as lead
from .workflow_world import lead_officer as lead_officer

pytestmark = pytest.mark.django_db


def test_the_new_deadline_must_be_later(forwarded, lead_officer):
    for new_deadline in (forwarded.deadline, forwarded.deadline - timedelta(hours=1)):
        refused(
            lambda d=new_deadline: workflow.extension_request(
                report=forwarded, actor=lead_officer, new_deadline=d, reason="Chờ vật tư."
            ),
            "Hạn mới phải sau hạn hiện tại.",
            forwarded,
        )
    assert not ExtensionRequest.objects.exists()


def test_an_extension_request_needs_a_reason(forwarded, lead_officer):
    refused(
        lambda: workflow.extension_request(
            report=forwarded,
            actor=lead_officer,
            new_deadline=forwarded.deadline + timedelta(days=3),
            reason=" ",
        ),
        "Hãy ghi lý do đề nghị gia hạn.",
        forwarded,
    )


def test_one_pending_extension_at_a_time(forwarded, lead_officer, lead, ioc):
    later = forwarded.deadline + timedelta(days=3)
    first = workflow.extension_request(
        report=forwarded, actor=lead_officer, new_deadline=later, reason="Chờ vật tư."
    )
    assert (first.status, first.agency, first.requested_by) == (
        ExtensionRequest.Status.PENDING,
        lead,
        lead_officer,
    )
    event = last_event(forwarded)
    assert (event.kind, event.note, event.is_public, event.agency) == (
        Kind.EXTENSION_REQUEST,
        "Chờ vật tư.",
        False,
        lead,
    )

    refused(
        lambda: workflow.extension_request(
            report=forwarded,
            actor=lead_officer,
            new_deadline=later + timedelta(days=1),
            reason="Thêm lần nữa.",
        ),
        "Phản ánh đã có một đề nghị gia hạn đang chờ duyệt.",
        forwarded,
    )

    workflow.extension_decide(extension=first, actor=ioc, approve=False)
    second = workflow.extension_request(
        report=forwarded, actor=lead_officer, new_deadline=later, reason="Xin lại."
    )
    assert second.status == ExtensionRequest.Status.PENDING


def test_the_database_allows_one_pending_extension_per_report(forwarded, lead_officer):
    ExtensionRequestFactory(report=forwarded, requested_by=lead_officer)
    ExtensionRequestFactory(
        report=forwarded, requested_by=lead_officer, status=ExtensionRequest.Status.REFUSED
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ExtensionRequestFactory(report=forwarded, requested_by=lead_officer)
    assert forwarded.extension_requests.count() == 2


def test_an_approved_extension_moves_the_deadline(in_progress, lead_officer, lead, ioc):
    new_deadline = in_progress.deadline + timedelta(days=5)
    extension = workflow.extension_request(
        report=in_progress, actor=lead_officer, new_deadline=new_deadline, reason="Chờ vật tư."
    )
    before = timezone.now()

    workflow.extension_decide(extension=extension, actor=ioc, approve=True, note="Đồng ý.")

    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.APPROVED
    assert extension.decided_by == ioc
    assert before <= extension.decided_at <= timezone.now()
    report = Report.objects.get(pk=in_progress.pk)
    assert report.deadline == new_deadline
    assert report.status == S.IN_PROGRESS
    event = last_event(report)
    shown = timezone.localtime(new_deadline).strftime("%H:%M %d/%m/%Y")
    assert event.kind == Kind.EXTENSION_DECISION
    assert event.note == f"Đã đồng ý gia hạn đến {shown}. Đồng ý."
    assert (event.is_public, event.agency, event.actor) == (True, lead, ioc)
    assert messages_of(lead_officer) == [f"{report.code}: Đã đồng ý gia hạn đến {shown}."]


def test_a_refused_extension_keeps_the_deadline(in_progress, lead_officer, ioc):
    deadline = in_progress.deadline
    extension = workflow.extension_request(
        report=in_progress,
        actor=lead_officer,
        new_deadline=deadline + timedelta(days=5),
        reason="Chờ vật tư.",
    )

    workflow.extension_decide(extension=extension, actor=ioc, approve=False)

    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.REFUSED
    assert Report.objects.get(pk=in_progress.pk).deadline == deadline
    # The refusal is in the history, for staff only.
    event = last_event(in_progress)
    assert (event.kind, event.is_public) == (Kind.EXTENSION_DECISION, False)
    assert event.note.startswith("Không đồng ý gia hạn đến")
    # A request is decided once.
    refused(
        lambda: workflow.extension_decide(extension=extension, actor=ioc, approve=True),
        "Đề nghị gia hạn này đã được xử lý.",
        in_progress,
    )
    assert Report.objects.get(pk=in_progress.pk).deadline == deadline


def test_a_returned_report_does_not_keep_the_old_agencys_pending_extension(
    forwarded, lead_officer, ioc
):
    """Agency A asks for more time, then hands the report back; the IOC forwards it
    to agency B. A's request must not block B's own request, and the IOC must not
    be able to move B's deadline by approving A's stale request."""
    stale = workflow.extension_request(
        report=forwarded,
        actor=lead_officer,
        new_deadline=forwarded.deadline + timedelta(days=30),
        reason="Chờ vật tư.",
    )
    workflow.report_return(report=forwarded, actor=lead_officer, reason="Sai thẩm quyền.")
    other = AgencyFactory()
    other_officer = AgencyMembershipFactory(agency=other).user
    workflow.report_forward(report=forwarded, actor=ioc, lead_agency=other)
    report = Report.objects.get(pk=forwarded.pk)

    stale.refresh_from_db()
    assert stale.status != ExtensionRequest.Status.PENDING
    own = workflow.extension_request(
        report=report,
        actor=other_officer,
        new_deadline=report.deadline + timedelta(days=2),
        reason="Chờ khảo sát.",
    )
    assert own.agency == other
