"""The IOC's "Chờ xem xét lại" queue (issue 15): a "Không hài lòng" with its
reason on a published answer enters it and tells the IOC; a rating changed
back before the IOC decides leaves it; other ratings never enter it. The queue
is a filter of the admin's report list, whose choice counts what waits."""

import pytest

from reports import workflow
from reports.models import Notification, Report, Satisfaction
from reports.notifications import kinds
from reports.satisfaction import satisfaction_get, satisfaction_rate

from .admin_actions_world import operator_client as operator_client
from .factories import IocOperatorFactory, report_in_state
from .helpers import detail_url, text
from .reopening_world import COMPLAINT, awaiting_review
from .reopening_world import first_agency as first_agency
from .reopening_world import published as published
from .reopening_world import rated as rated
from .reopening_world import reporter as reporter

pytestmark = pytest.mark.django_db

L = Satisfaction.Level
Review = Satisfaction.Review
QUEUE_URL = "/admin/reports/report/?xem_xet_lai=cho"


@pytest.fixture
def operator(db):
    return IocOperatorFactory()


def review_of(report) -> str:
    return Satisfaction.objects.get(report=report).review_outcome


def ioc_notices(operator) -> list[str]:
    return list(
        Notification.objects.filter(recipient=operator, kind=kinds.DISSATISFIED).values_list(
            "report__code", flat=True
        )
    )


def rate(report, level, comment=""):
    return satisfaction_rate(report=report, user=report.reporter, level=level, comment=comment)


# --- Entering and leaving ----------------------------------------------------------


def test_unsatisfied_with_a_reason_enters_the_queue_and_tells_the_ioc(published, operator):
    rate(published, L.DISSATISFIED, COMPLAINT)

    assert review_of(published) == Review.PENDING
    assert list(Satisfaction.objects.awaiting_review()) == [published.satisfaction]
    assert ioc_notices(operator) == [published.code]
    notice = Notification.objects.get(recipient=operator)
    assert notice.message == (
        f"Người gửi không hài lòng với kết quả phản ánh {published.code}: chờ xem xét lại."
    )


@pytest.mark.parametrize("level", [L.SATISFIED, L.ACCEPTABLE])
def test_satisfied_or_accepted_never_enters_the_queue(published, operator, level):
    rate(published, level, "Cảm ơn.")

    assert review_of(published) == Review.NONE
    assert not Satisfaction.objects.awaiting_review().exists()
    assert ioc_notices(operator) == []


@pytest.mark.parametrize("level", [L.SATISFIED, L.ACCEPTABLE])
def test_changed_back_before_the_ioc_decides_leaves_the_queue(published, operator, level):
    rate(published, L.DISSATISFIED, COMPLAINT)

    rate(published, level)

    assert review_of(published) == Review.NONE
    assert not Satisfaction.objects.awaiting_review().exists()
    report = Report.objects.get(pk=published.pk)
    assert not workflow.can(operator, "reopen", report)
    assert not workflow.can(operator, "close_review", report)


def test_the_same_complaint_again_tells_the_ioc_once(published, operator):
    rate(published, L.DISSATISFIED, COMPLAINT)
    rate(published, L.DISSATISFIED, COMPLAINT)

    assert review_of(published) == Review.PENDING
    assert ioc_notices(operator) == [published.code]


def test_a_new_complaint_after_the_ioc_replied_is_reviewed_again(rated, operator):
    workflow.report_close_review(report=rated, actor=operator, reply="Đã nghiệm thu.")
    rate(rated, L.SATISFIED)
    assert review_of(rated) == Review.CLOSED  # the reply stays on the page

    rate(rated, L.DISSATISFIED, "Sau mưa lại lún tiếp.")

    rating = Satisfaction.objects.get(report=rated)
    assert (rating.review_outcome, rating.review_reply, rating.reviewed_by) == (
        Review.PENDING,
        "",
        None,
    )
    assert ioc_notices(operator) == [rated.code]


def test_the_review_moves_only_while_a_review_is_pending(published, operator):
    for level in (L.SATISFIED, L.ACCEPTABLE):
        rate(published, level)
        report = Report.objects.get(pk=published.pk)
        assert not workflow.can(operator, "reopen", report), level
    with pytest.raises(workflow.WorkflowError, match="không có ý kiến không hài lòng"):
        workflow.report_close_review(report=published, actor=operator, reply="Đã xong.")


# --- The admin's list ------------------------------------------------------------------


def test_the_list_filter_counts_and_lists_the_queue(operator_client, rated, first_agency):
    awaiting = report_in_state(Report.Status.PUBLISHED, lead_agency=first_agency)
    awaiting_review(awaiting)
    satisfied = report_in_state(Report.Status.PUBLISHED, lead_agency=first_agency)
    Satisfaction.objects.create(report=satisfied, user=satisfied.reporter, level=L.SATISFIED)

    everything = text(operator_client.get("/admin/reports/report/"))
    queue = text(operator_client.get(QUEUE_URL))

    assert "Người dân không hài lòng – chờ xem xét (2)" in everything
    assert 'href="?xem_xet_lai=cho"' in everything
    assert rated.code in queue and awaiting.code in queue
    assert satisfied.code not in queue


def test_a_rating_changed_back_leaves_the_list(operator_client, rated):
    rate(rated, L.ACCEPTABLE)

    queue = text(operator_client.get(QUEUE_URL))

    assert "Người dân không hài lòng – chờ xem xét (0)" in queue
    assert rated.code not in queue


# --- The report page ---------------------------------------------------------------------


def test_the_reporter_sees_their_complaint_awaits_review(client, rated):
    client.force_login(rated.reporter)

    page = text(client.get(detail_url(rated.code)))

    assert "Ý kiến của bạn đang chờ Trung tâm IOC xem xét lại." in page


def test_the_public_does_not_see_the_review(client, rated):
    page = text(client.get(detail_url(rated.code)))

    assert "xem xét lại" not in page
    assert COMPLAINT not in page
    assert satisfaction_get(report=rated) is not None
