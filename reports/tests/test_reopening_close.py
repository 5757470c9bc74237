"""Keeping the answer and replying to the reporter (issue 15). The reply is
the reporter's, like the opinion it answers: shown to them under their rating
on the report page and sent as a notice; not to the public (the history keeps
it as an internal entry). The answer stays published, the review ends."""

import pytest
from django.utils import translation

from accounts.tests.factories import UserFactory
from reports import workflow
from reports.models import Notification, Report, ReportEvent, Satisfaction
from reports.notifications import kinds

from .factories import IocOperatorFactory
from .helpers import detail_url, text
from .reopening_world import COMPLAINT
from .reopening_world import first_agency as first_agency
from .reopening_world import published as published
from .reopening_world import rated as rated
from .reopening_world import reporter as reporter

pytestmark = pytest.mark.django_db

REPLY = "Mặt đường đã được nghiệm thu ngày 15/3; đơn vị thi công sẽ kiểm tra lại sau mưa."
ANSWER = "Đã vá ổ gà, mặt đường thông thoáng."


@pytest.fixture
def operator(db):
    return IocOperatorFactory()


@pytest.fixture
def closed(rated, operator):
    return workflow.report_close_review(report=rated, actor=operator, reply=f"  {REPLY}\n")


def test_the_answer_stays_and_the_review_ends(closed, operator):
    report = Report.objects.get(pk=closed.pk)
    assert (report.status, report.answer) == (Report.Status.PUBLISHED, ANSWER)
    rating = Satisfaction.objects.get(report=report)
    assert (rating.review_outcome, rating.review_reply, rating.reviewed_by) == (
        Satisfaction.Review.CLOSED,
        REPLY,
        operator,
    )
    assert not workflow.can(operator, "close_review", report)
    assert not workflow.can(operator, "reopen", report)


def test_the_history_keeps_the_reply_internally(closed, operator):
    event = ReportEvent.objects.filter(report=closed).latest("pk")
    assert (event.kind, event.is_public, event.actor) == (
        ReportEvent.Kind.PROGRESS,
        False,
        operator,
    )
    assert REPLY in event.note


def test_the_reporter_is_told_in_their_language(closed, reporter):
    notice = Notification.objects.get(recipient=reporter, kind=kinds.REVIEW_REPLIED)
    with translation.override("en"):
        assert notice.message == f"The IOC replied to your opinion on report {closed.code}: {REPLY}"


def test_the_reporter_reads_the_reply_under_their_rating(client, closed, reporter):
    client.force_login(reporter)

    page = text(client.get(detail_url(closed.code)))

    assert "Trả lời của Trung tâm IOC" in page
    assert REPLY in page
    assert COMPLAINT in page
    assert "đang chờ Trung tâm IOC xem xét" not in page


@pytest.mark.parametrize("who", ["visitor", "other citizen"])
def test_nobody_else_reads_it(client, closed, who):
    if who == "other citizen":
        client.force_login(UserFactory())

    page = text(client.get(detail_url(closed.code)))

    assert ANSWER in page  # the published answer is public
    assert REPLY not in page
    assert "Trả lời của Trung tâm IOC" not in page


def test_a_reply_is_needed(rated, operator):
    with pytest.raises(workflow.WorkflowError, match="Hãy nhập nội dung trả lời người gửi."):
        workflow.report_close_review(report=rated, actor=operator, reply="  ")
    assert Satisfaction.objects.get(report=rated).review_outcome == Satisfaction.Review.PENDING
