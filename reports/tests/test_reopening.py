"""Reopening a report after the reporter's "Không hài lòng" (issue 15): the
workflow move itself. A fresh deadline in working time from now, the same or
another agency, a public history entry, the agencies and the reporter told in
their own language, the earlier answer out of the report (kept in the
internal history), and a new rating after the next publication."""

from datetime import datetime

import pytest
from django.utils import timezone

from reports import workflow
from reports.deadlines import VIETNAM
from reports.models import Delivery, Notification, Report, ReportEvent, Satisfaction
from reports.notifications import kinds
from reports.satisfaction import satisfaction_get, satisfaction_rate

from .factories import IocOperatorFactory
from .helpers import detail_url, text
from .reopening_world import COMPLAINT
from .reopening_world import first_agency as first_agency
from .reopening_world import other_agency as other_agency
from .reopening_world import other_officer as other_officer
from .reopening_world import published as published
from .reopening_world import rated as rated
from .reopening_world import reporter as reporter

pytestmark = pytest.mark.django_db

S = Report.Status
OLD_ANSWER = "Đã vá ổ gà, mặt đường thông thoáng."  # report_in_state's answer
NOTE = "Đề nghị kiểm tra lại mặt đường sau mưa."
# Friday 13 March 2026, 16:00 in Quảng Trị: three working days later is
# Wednesday 18 March, 17:00 (the weekend does not count).
NOW = datetime(2026, 3, 13, 16, 0, tzinfo=VIETNAM)
DUE = datetime(2026, 3, 18, 17, 0, tzinfo=VIETNAM)


@pytest.fixture
def operator(db):
    return IocOperatorFactory()


@pytest.fixture
def fixed_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def reopen(report, operator, agency, **extra):
    return workflow.report_reopen(
        report=report, actor=operator, lead_agency=agency, note=NOTE, **extra
    )


def test_the_deadline_is_counted_from_now_in_working_time(rated, operator, first_agency, fixed_now):
    assert workflow.suggested_deadline(rated) == DUE

    report = reopen(rated, operator, first_agency)

    report.refresh_from_db()
    assert report.status == S.FORWARDED
    assert report.forwarded_at == NOW
    assert report.deadline == DUE


def test_the_ioc_may_set_the_deadline(rated, operator, first_agency, fixed_now):
    later = datetime(2026, 3, 25, 17, 0, tzinfo=VIETNAM)

    report = reopen(rated, operator, first_agency, deadline=later)

    assert Report.objects.get(pk=report.pk).deadline == later


def test_to_another_agency(rated, operator, other_agency, other_officer, first_agency):
    reopen(rated, operator, other_agency, co_agencies=[first_agency, other_agency])

    report = Report.objects.get(pk=rated.pk)
    assert report.lead_agency == other_agency
    assert list(report.co_agencies.all()) == [first_agency]
    assert workflow.can(other_officer, "accept", report)


def test_the_history_has_a_public_entry_and_keeps_the_earlier_answer(rated, operator, other_agency):
    before = set(rated.events.values_list("pk", flat=True))

    reopen(rated, operator, other_agency)

    internal, public = ReportEvent.objects.filter(report=rated).exclude(pk__in=before)
    assert (public.from_status, public.to_status, public.is_public) == (
        S.PUBLISHED,
        S.FORWARDED,
        True,
    )
    assert public.headline == "Mở lại xử lý theo ý kiến người dân"
    assert (public.agency, public.note, public.actor) == (other_agency, NOTE, operator)
    assert internal.is_public is False
    assert OLD_ANSWER in internal.note and COMPLAINT in internal.note


def test_the_earlier_answer_is_no_longer_the_result(rated, operator, other_agency, client):
    reopen(rated, operator, other_agency)

    report = Report.objects.get(pk=rated.pk)
    assert (report.answer, report.resolved_at, report.published_at) == ("", None, None)
    page = text(client.get(detail_url(report.code)))
    assert OLD_ANSWER not in page
    assert "Kết quả xử lý" not in page
    assert "Mở lại xử lý theo ý kiến người dân" in page
    assert "Công ty Môi trường đô thị" in page
    assert NOTE in page
    assert COMPLAINT not in page  # the reporter's words stay theirs and the IOC's


def test_the_review_ends_as_reopened(rated, operator, first_agency, fixed_now):
    reopen(rated, operator, first_agency)

    rating = Satisfaction.objects.get(report=rated)
    assert (rating.review_outcome, rating.reviewed_by, rating.reviewed_at) == (
        Satisfaction.Review.REOPENED,
        operator,
        NOW,
    )
    assert not Satisfaction.objects.awaiting_review().exists()


def test_the_agency_and_the_reporter_are_told_in_their_language(
    rated,
    operator,
    other_agency,
    other_officer,
    reporter,
    fixed_now,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        reopen(rated, operator, other_agency)

    to_officer = Notification.objects.get(recipient=other_officer)
    assert to_officer.kind == kinds.REOPENED_TO_AGENCY
    email = Delivery.objects.get(recipient=other_officer, channel=Delivery.Channel.EMAIL)
    assert email.body == (
        f"Report {rated.code} was reopened following the citizen's opinion and sent to your "
        "agency, due 17:00 18/03/2026."
    )
    to_reporter = Notification.objects.get(recipient=reporter)
    assert to_reporter.kind == kinds.REOPENED
    sms = Delivery.objects.get(recipient=reporter, channel=Delivery.Channel.SMS)
    assert sms.body == (
        f"Report {rated.code} was reopened following your opinion and sent to "
        "Công ty Môi trường đô thị."
    )
    assert sms.address == str(reporter.phone)


def test_the_reporter_rates_again_after_the_next_publication(
    rated, operator, other_agency, other_officer, reporter
):
    reopen(rated, operator, other_agency)
    report = workflow.report_accept(report=rated, actor=other_officer)
    report = workflow.report_answer(
        report=report, actor=other_officer, answer="Đã làm lại mặt đường."
    )
    report = workflow.report_publish(report=report, actor=operator)

    assert satisfaction_get(report=report) is None  # the earlier rating was of the earlier answer
    rating = satisfaction_rate(report=report, user=reporter, level=Satisfaction.Level.SATISFIED)
    assert (rating.level, rating.comment, rating.review_outcome) == (
        Satisfaction.Level.SATISFIED,
        "",
        Satisfaction.Review.NONE,
    )
    assert satisfaction_get(report=report) == rating
    assert Satisfaction.objects.count() == 1


def test_a_reopened_report_cannot_be_rated_until_published_again(rated, operator, first_agency):
    reopen(rated, operator, first_agency)

    report = Report.objects.get(pk=rated.pk)
    with pytest.raises(Exception, match="đã được đăng tải"):
        satisfaction_rate(report=report, user=report.reporter, level=Satisfaction.Level.SATISFIED)


def test_reopening_needs_a_note_and_a_pending_review(published, rated, operator, first_agency):
    with pytest.raises(workflow.WorkflowError, match="Hãy ghi yêu cầu"):
        workflow.report_reopen(report=rated, actor=operator, lead_agency=first_agency, note=" ")
    with pytest.raises(workflow.WorkflowError, match="không có ý kiến không hài lòng"):
        Satisfaction.objects.filter(report=rated).update(review_outcome="")
        reopen(Report.objects.get(pk=rated.pk), operator, first_agency)
    assert Report.objects.get(pk=rated.pk).status == S.PUBLISHED
