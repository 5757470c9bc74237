"""Answering a report (by the lead agency with its files, or directly by the
IOC), sending an answer back to the agency, and publishing it."""

import pytest
from django.utils import timezone

from reports import workflow
from reports.models import Report

from .factories import AttachmentFactory, report_in_state
from .workflow_world import S, last_event, messages_of, refused
from .workflow_world import co as co
from .workflow_world import in_progress as in_progress
from .workflow_world import ioc as ioc
from .workflow_world import lead as lead
from .workflow_world import lead_officer as lead_officer
from .workflow_world import received as received

pytestmark = pytest.mark.django_db


# --- Answers --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "  \n "])
def test_an_answer_needs_text(in_progress, lead_officer, received, ioc, text):
    refused(
        lambda: workflow.report_answer(report=in_progress, actor=lead_officer, answer=text),
        "Hãy nhập nội dung trả lời.",
        in_progress,
    )
    refused(
        lambda: workflow.report_answer_directly(report=received, actor=ioc, answer=text),
        "Hãy nhập nội dung trả lời.",
        received,
    )


def test_the_agency_answer_sets_resolved_at_and_attaches_files(in_progress, lead_officer, lead):
    photo = AttachmentFactory(report=in_progress)
    minutes = AttachmentFactory(report=in_progress, document=True)
    citizens_photo = AttachmentFactory(report=in_progress)
    before = timezone.now()

    workflow.report_answer(
        report=in_progress,
        actor=lead_officer,
        answer="Đã vá ổ gà ngày 12/3.",
        attachments=[photo, minutes],
    )

    report = Report.objects.get(pk=in_progress.pk)
    assert report.status == S.RESOLVED
    assert report.answer == "Đã vá ổ gà ngày 12/3."
    assert before <= report.resolved_at <= timezone.now()
    assert set(report.attachments.filter(is_answer=True)) == {photo, minutes}
    citizens_photo.refresh_from_db()
    assert citizens_photo.is_answer is False
    assert last_event(report).agency == lead


def test_the_ioc_answers_directly(received, ioc):
    document = AttachmentFactory(report=received, document=True)

    workflow.report_answer_directly(
        report=received, actor=ioc, answer="Đã có kế hoạch sửa.", attachments=[document]
    )

    report = Report.objects.get(pk=received.pk)
    assert (report.status, report.answer) == (S.RESOLVED, "Đã có kế hoạch sửa.")
    assert report.resolved_at is not None
    assert report.lead_agency is None
    document.refresh_from_db()
    assert document.is_answer is True
    assert last_event(report).agency is None


# --- Send back and publish -----------------------------------------------------------------


def test_send_back_needs_a_lead_agency(received, ioc):
    workflow.report_answer_directly(report=received, actor=ioc, answer="Đã có kế hoạch sửa.")
    refused(
        lambda: workflow.report_send_back(report=received, actor=ioc, reason="Bổ sung ảnh."),
        "Phản ánh do Trung tâm IOC trả lời trực tiếp, không có đơn vị để gửi lại.",
        received,
    )
    assert Report.objects.get(pk=received.pk).status == S.RESOLVED
    # The guard is in MOVES: can() no longer offers what the move refuses.
    assert not workflow.can(ioc, "send_back", Report.objects.get(pk=received.pk))


def test_send_back_reopens_the_work_of_the_lead_agency(ioc, citizen, lead, lead_officer):
    report = report_in_state(S.RESOLVED, reporter=citizen, lead_agency=lead)
    refused(
        lambda: workflow.report_send_back(report=report, actor=ioc, reason=""),
        "Hãy ghi lý do yêu cầu xử lý lại.",
        report,
    )

    workflow.report_send_back(report=report, actor=ioc, reason="Chưa có ảnh sau khắc phục.")

    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS
    assert report.resolved_at is None
    assert report.lead_agency == lead
    assert (last_event(report).note, last_event(report).is_public) == (
        "Chưa có ảnh sau khắc phục.",
        False,
    )
    assert messages_of(lead_officer) == [
        f"Kết quả xử lý phản ánh {report.code} cần bổ sung: Chưa có ảnh sau khắc phục."
    ]
    # The agency can answer again.
    workflow.report_answer(report=report, actor=lead_officer, answer="Đã bổ sung ảnh.")
    assert Report.objects.get(pk=report.pk).status == S.RESOLVED


@pytest.mark.parametrize("is_public", [True, False])
def test_publish_sets_published_at_and_public_reports_appear_publicly(
    ioc, citizen, lead, is_public
):
    report = report_in_state(S.RESOLVED, reporter=citizen, lead_agency=lead, is_public=is_public)
    before = timezone.now()

    workflow.report_publish(report=report, actor=ioc)

    report.refresh_from_db()
    assert report.status == S.PUBLISHED
    assert before <= report.published_at <= timezone.now()
    assert Report.objects.public().filter(pk=report.pk).exists() is is_public
    assert Report.objects.visible_to(citizen).filter(pk=report.pk).exists()
