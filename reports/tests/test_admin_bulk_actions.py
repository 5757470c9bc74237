"""The admin's bulk actions on the report list: receiving and rejecting as spam
what is in a fitting state, skipping the rest, and not offered without the
permission to process reports."""

import pytest

from reports.models import Report

from .admin_actions_world import Status, last_event, sms_to
from .admin_actions_world import operator_client as operator_client
from .factories import report_in_state
from .helpers import text

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/reports/report/"


def test_bulk_receive(operator_client):
    urgent = report_in_state(Status.SUBMITTED, urgent_requested=True)
    normal = report_in_state(Status.SUBMITTED)
    forwarded = report_in_state(Status.FORWARDED)

    response = operator_client.post(
        LIST_URL,
        {
            "action": "receive_selected",
            "_selected_action": [urgent.pk, normal.pk, forwarded.pk],
        },
        follow=True,
    )

    page = text(response)
    assert "Đã tiếp nhận 2 phản ánh." in page
    assert "Bỏ qua 1 phản ánh không ở trạng thái phù hợp." in page
    for report in (urgent, normal, forwarded):
        report.refresh_from_db()
    assert (urgent.status, urgent.level, urgent.is_public) == (
        Status.RECEIVED,
        Report.Level.URGENT,
        True,
    )
    assert (normal.status, normal.level, normal.is_public) == (
        Status.RECEIVED,
        Report.Level.NORMAL,
        True,
    )
    assert forwarded.status == Status.FORWARDED
    assert urgent.events.count() == normal.events.count() == 1
    assert not forwarded.events.exists()
    assert sms_to(urgent.reporter) and sms_to(normal.reporter)


def test_bulk_reject_as_spam(operator_client):
    spam = report_in_state(Status.SUBMITTED)
    received = report_in_state(Status.RECEIVED)
    published = report_in_state(Status.PUBLISHED)

    response = operator_client.post(
        LIST_URL,
        {"action": "reject_as_spam", "_selected_action": [spam.pk, received.pk, published.pk]},
        follow=True,
    )

    assert "Đã từ chối 2 phản ánh là tin rác." in text(response)
    for report in (spam, received, published):
        report.refresh_from_db()
    assert spam.status == received.status == Status.REJECTED
    assert spam.rejection_reason == Report.RejectionReason.SPAM
    assert published.status == Status.PUBLISHED
    assert last_event(spam).note == "Tin rác, quảng cáo"


def test_bulk_actions_are_not_offered_without_process_permission(client, admin_viewer):
    report = report_in_state(Status.SUBMITTED)
    client.force_login(admin_viewer)

    assert 'value="receive_selected"' not in text(client.get(LIST_URL))
    client.post(LIST_URL, {"action": "receive_selected", "_selected_action": [report.pk]})

    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
