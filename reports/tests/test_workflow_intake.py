"""Submitting, receiving and rejecting a report: the code and the receipt
deadline, the IOC's category, level, publicity and corrections, the reasons for
a rejection and how the reporter reads them; and that a move checks the state
in the database, not the caller's copy of the report."""

import pytest
from django.utils import timezone

from reports import deadlines, workflow
from reports.models import Report

from .factories import CategoryFactory, ReportFactory, WardFactory, report_in_state
from .helpers import CODE_PATTERN
from .workflow_world import S, last_event, messages_of, refused
from .workflow_world import ioc as ioc
from .workflow_world import received as received
from .workflow_world import submitted as submitted

pytestmark = pytest.mark.django_db


# --- Submit -----------------------------------------------------------------------


def test_submit_gives_the_code_and_the_receipt_deadline_of_8_working_hours(citizen):
    draft = ReportFactory(reporter=citizen)
    before = timezone.now()

    report = workflow.report_submit(report=draft, actor=citizen)

    report.refresh_from_db()
    assert report.status == S.SUBMITTED
    assert CODE_PATTERN.fullmatch(report.code)
    assert before <= report.submitted_at <= timezone.now()
    assert report.deadline == deadlines.receipt_deadline(report.submitted_at)
    assert deadlines.working_hours_between(report.submitted_at, report.deadline) == 8
    event = last_event(report)
    assert (event.from_status, event.to_status, event.actor) == (S.DRAFT, S.SUBMITTED, citizen)
    assert messages_of(citizen) == [
        f"Phản ánh “{report.title}” đã được gửi thành công, mã {report.code}."
    ]


# --- Receive ------------------------------------------------------------------------


def test_receive_sets_category_level_public_and_corrections(ioc, submitted):
    category = CategoryFactory(name="Môi trường")
    ward = WardFactory()
    submitted.urgent_requested = True
    submitted.save()
    before = timezone.now()

    workflow.report_receive(
        report=submitted,
        actor=ioc,
        category=category,
        level=Report.Level.NORMAL,
        is_public=True,
        corrections={
            "title": "Rác thải ùn ứ trên đường Hùng Vương",
            "content": "Rác ùn ứ nhiều ngày. [Đã ẩn số điện thoại]",
            "address": "45 Hùng Vương",
            "latitude": "16.816700",
            "longitude": "107.100000",
            "ward": ward,
            # Not corrections: the workflow ignores them.
            "status": S.PUBLISHED,
            "code": "PA-1999-000001",
        },
        note="Đã xác minh qua điện thoại.",
    )

    report = Report.objects.get(pk=submitted.pk)
    assert report.status == S.RECEIVED
    assert report.category == category
    # The citizen asked for "urgent"; the IOC decides.
    assert report.level == Report.Level.NORMAL
    assert report.urgent_requested is True
    assert report.is_public is True
    assert report.title == "Rác thải ùn ứ trên đường Hùng Vương"
    assert report.content == "Rác ùn ứ nhiều ngày. [Đã ẩn số điện thoại]"
    assert report.address == "45 Hùng Vương"
    assert (str(report.latitude), str(report.longitude)) == ("16.816700", "107.100000")
    assert report.ward == ward
    assert report.code == submitted.code
    assert before <= report.received_at <= timezone.now()
    event = last_event(report)
    assert (event.note, event.is_public, event.actor) == ("Đã xác minh qua điện thoại.", False, ioc)


def test_receive_without_corrections_keeps_what_the_citizen_wrote(ioc, submitted):
    workflow.report_receive(
        report=submitted,
        actor=ioc,
        category=submitted.category,
        level=Report.Level.URGENT,
        is_public=False,
    )
    report = Report.objects.get(pk=submitted.pk)
    assert (report.title, report.content, report.address) == (
        submitted.title,
        submitted.content,
        submitted.address,
    )
    assert report.level == Report.Level.URGENT
    assert report.is_public is False


# --- Reject -------------------------------------------------------------------------------


def test_reject_needs_a_reason_from_the_list(ioc, submitted):
    refused(
        lambda: workflow.report_reject(report=submitted, actor=ioc, reason="khong-thich"),
        "Hãy chọn lý do từ chối.",
        submitted,
    )
    refused(
        lambda: workflow.report_reject(report=submitted, actor=ioc, reason=""),
        "Hãy chọn lý do từ chối.",
        submitted,
    )


def test_reject_as_duplicate_needs_the_duplicated_report(ioc, submitted, citizen):
    refused(
        lambda: workflow.report_reject(report=submitted, actor=ioc, reason="duplicate"),
        "Hãy cho biết mã phản ánh bị trùng.",
        submitted,
    )
    original = report_in_state(S.RECEIVED)

    workflow.report_reject(report=submitted, actor=ioc, reason="duplicate", duplicate_of=original)

    report = Report.objects.get(pk=submitted.pk)
    assert report.status == S.REJECTED
    assert report.rejection_reason == Report.RejectionReason.DUPLICATE
    assert report.duplicate_of == original
    assert messages_of(citizen) == [
        f"Phản ánh {report.code} không được tiếp nhận. "
        f"Lý do: Trùng với phản ánh khác ({original.code})"
    ]


@pytest.mark.parametrize("note", ["", "   "])
def test_reject_for_another_reason_needs_a_note(ioc, submitted, note):
    refused(
        lambda: workflow.report_reject(report=submitted, actor=ioc, reason="other", note=note),
        "Hãy ghi rõ lý do từ chối.",
        submitted,
    )


def test_the_rejection_reason_is_shown_to_the_reporter(ioc, received, citizen):
    workflow.report_reject(
        report=received, actor=ioc, reason="other", note="Phản ánh về tranh chấp dân sự."
    )

    report = Report.objects.get(pk=received.pk)
    assert report.rejection_reason == Report.RejectionReason.OTHER
    expected = (
        f"Phản ánh {report.code} không được tiếp nhận. "
        "Lý do: Lý do khác: Phản ánh về tranh chấp dân sự."
    )
    assert messages_of(citizen) == [expected]
    event = last_event(report)
    assert event.note == "Lý do khác: Phản ánh về tranh chấp dân sự."
    assert event.is_public is True


def test_the_listed_reason_alone_is_explained_in_words(ioc, submitted, citizen):
    workflow.report_reject(report=submitted, actor=ioc, reason="spam")
    assert messages_of(citizen) == [
        f"Phản ánh {submitted.code} không được tiếp nhận. Lý do: Tin rác, quảng cáo"
    ]


# --- A stale copy of the report ------------------------------------------------------------------


def test_moves_check_the_state_in_the_database_not_the_callers_copy(submitted, ioc):
    stale = Report.objects.get(pk=submitted.pk)
    workflow.report_reject(report=submitted, actor=ioc, reason="spam")

    refused(
        lambda: workflow.report_receive(
            report=stale, actor=ioc, category=stale.category, level="normal", is_public=True
        ),
        "Không thể thực hiện thao tác này khi phản ánh đang ở trạng thái “Từ chối”.",
        submitted,
    )
