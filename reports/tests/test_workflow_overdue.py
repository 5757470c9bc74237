"""Overdue is computed the same way everywhere (the queryset, the annotation and
the property), only for reports still awaiting work, at any given moment, and
ends with the answer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reports import workflow
from reports.models import Report

from .factories import report_in_state
from .workflow_world import S
from .workflow_world import co as co
from .workflow_world import forwarded as forwarded
from .workflow_world import in_progress as in_progress
from .workflow_world import lead as lead
from .workflow_world import lead_officer as lead_officer

pytestmark = pytest.mark.django_db


AWAITING = {S.SUBMITTED, S.RECEIVED, S.FORWARDED, S.IN_PROGRESS}


def test_overdue_is_the_same_in_the_queryset_the_annotation_and_the_property(citizen):
    now = timezone.now()
    expected = set()
    for state in S.values:
        for deadline in (now - timedelta(minutes=5), now + timedelta(days=1), None):
            report = report_in_state(state, reporter=citizen, deadline=deadline)
            if deadline is not None and deadline < now and state in AWAITING:
                expected.add(report.pk)
    assert len(expected) == 4

    assert set(Report.objects.overdue().values_list("pk", flat=True)) == expected
    annotated = list(Report.objects.with_overdue())
    assert {report.pk for report in annotated if report.is_overdue} == expected
    assert {report.pk for report in annotated if report.overdue} == expected
    assert {report.pk for report in Report.objects.all() if report.overdue} == expected


@pytest.mark.parametrize("state", [S.RESOLVED, S.PUBLISHED, S.REJECTED, S.DRAFT])
def test_answered_rejected_and_draft_reports_are_never_overdue(citizen, lead, state):
    report = report_in_state(state, reporter=citizen, deadline=timezone.now() - timedelta(days=30))
    assert not Report.objects.overdue().filter(pk=report.pk).exists()
    assert Report.objects.with_overdue().get(pk=report.pk).is_overdue is False
    assert report.overdue is False


def test_overdue_at_a_given_moment(forwarded):
    deadline = forwarded.deadline
    assert not Report.objects.overdue(deadline - timedelta(seconds=1)).exists()
    assert not Report.objects.overdue(deadline).exists()
    assert list(Report.objects.overdue(deadline + timedelta(seconds=1))) == [forwarded]
    assert Report.objects.with_overdue(deadline + timedelta(seconds=1)).get().is_overdue


def test_answering_a_late_report_ends_its_overdue(in_progress, lead_officer):
    Report.objects.filter(pk=in_progress.pk).update(deadline=timezone.now() - timedelta(days=1))
    assert Report.objects.get(pk=in_progress.pk).overdue

    workflow.report_answer(report=in_progress, actor=lead_officer, answer="Đã xử lý.")

    assert Report.objects.get(pk=in_progress.pk).overdue is False
    assert not Report.objects.overdue().exists()
