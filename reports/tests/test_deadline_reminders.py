"""Deadline reminders: on a working morning the lead agency's members hear of
reports due within a working day and of late ones, the IOC of late ones (in the
app, and by e-mail where an address was given); once a day, again the next
working day, never on a day off, and on a make-up working Saturday."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from reports.models import Delivery, Notification
from reports.notifications import reminders

from .factories import report_in_state
from .outbox_world import SENT, S, messages_of
from .outbox_world import co as co
from .outbox_world import co_officer as co_officer
from .outbox_world import ioc as ioc
from .outbox_world import lead as lead
from .outbox_world import lead_leader as lead_leader
from .outbox_world import lead_officer as lead_officer

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=VN)


MONDAY = vn(2026, 3, 9, 7, 0)  # a working morning


def shown(moment):
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


@pytest.fixture
def desk(citizen, ioc, lead, lead_officer, lead_leader, co, co_officer):
    """Reports at an agency and at the IOC, seen from Monday 9 March 2026, 07:00."""

    def at_agency(state, deadline):
        return report_in_state(
            state, reporter=citizen, lead_agency=lead, co_agencies=[co], deadline=deadline
        )

    return SimpleNamespace(
        due_today=at_agency(S.FORWARDED, vn(2026, 3, 9, 17, 0)),
        due_tomorrow=at_agency(S.IN_PROGRESS, vn(2026, 3, 10, 17, 0)),
        due_wednesday=at_agency(S.IN_PROGRESS, vn(2026, 3, 11, 17, 0)),
        late_at_agency=at_agency(S.IN_PROGRESS, vn(2026, 3, 6, 17, 0)),
        late_at_ioc=report_in_state(S.SUBMITTED, reporter=citizen, deadline=vn(2026, 3, 6, 9)),
        answered_late=at_agency(S.RESOLVED, vn(2026, 3, 2, 17, 0)),
        members=[lead_officer, lead_leader],
        co_officer=co_officer,
        ioc=ioc,
        citizen=citizen,
    )


def test_reminders_on_a_working_morning(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        count = reminders.send_deadline_reminders(MONDAY)

    assert count == 4
    due = "Phản ánh {} sắp đến hạn xử lý ({})."
    late = "Phản ánh {} đã quá hạn xử lý (hạn {})."
    for member in desk.members:
        assert sorted(messages_of(member)) == sorted(
            [
                due.format(desk.due_today.code, shown(desk.due_today.deadline)),
                due.format(desk.due_tomorrow.code, shown(desk.due_tomorrow.deadline)),
                late.format(desk.late_at_agency.code, shown(desk.late_at_agency.deadline)),
            ]
        )
    assert sorted(messages_of(desk.ioc)) == sorted(
        [
            late.format(desk.late_at_agency.code, shown(desk.late_at_agency.deadline)),
            late.format(desk.late_at_ioc.code, shown(desk.late_at_ioc.deadline)),
        ]
    )
    # The co-processing agency and the citizen are not reminded.
    assert messages_of(desk.co_officer) == []
    assert messages_of(desk.citizen) == []
    # The officer who gave an e-mail address gets the same by e-mail, once each.
    officer = desk.members[0]
    assert sorted(m.body for m in mail.outbox) == sorted(messages_of(officer))
    assert {tuple(m.to) for m in mail.outbox} == {(officer.email,)}
    assert not Delivery.objects.exclude(status=SENT).exists()


def test_reminders_twice_the_same_day_add_nothing(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_deadline_reminders(MONDAY)
    notices, rows, mails = Notification.objects.count(), Delivery.objects.count(), len(mail.outbox)
    assert notices and rows and mails

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reminders.send_deadline_reminders(MONDAY + timedelta(hours=3))

    assert callbacks == []
    assert Notification.objects.count() == notices
    assert Delivery.objects.count() == rows
    assert len(mail.outbox) == mails


def test_reminders_again_the_next_working_day(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_deadline_reminders(MONDAY)
    officer = desk.members[0]
    monday = len(messages_of(officer))

    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_deadline_reminders(MONDAY + timedelta(days=1))

    tuesday = messages_of(officer)[monday:]
    # Due Tuesday and Wednesday are due within a working day; Monday's and last
    # Friday's are overdue.
    assert len(tuesday) == 4
    assert any(desk.due_wednesday.code in text and "sắp đến hạn" in text for text in tuesday)
    assert any(desk.due_today.code in text and "quá hạn" in text for text in tuesday)


@pytest.mark.parametrize(
    "morning",
    [
        pytest.param(vn(2026, 3, 8, 7, 0), id="sunday"),
        pytest.param(vn(2026, 9, 2, 7, 0), id="national-day"),
        pytest.param(vn(2026, 2, 17, 7, 0), id="tet"),
    ],
)
def test_no_reminders_on_a_day_off(citizen, lead, lead_officer, ioc, morning):
    report_in_state(S.IN_PROGRESS, reporter=citizen, lead_agency=lead, deadline=morning)
    report_in_state(
        S.IN_PROGRESS, reporter=citizen, lead_agency=lead, deadline=morning - timedelta(days=3)
    )

    assert reminders.send_deadline_reminders(morning) == 0
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


def test_reminders_on_a_make_up_working_saturday(citizen, lead, lead_officer, ioc):
    saturday = vn(2026, 8, 22, 7, 0)
    late = report_in_state(
        S.IN_PROGRESS, reporter=citizen, lead_agency=lead, deadline=vn(2026, 8, 21, 17, 0)
    )

    assert reminders.send_deadline_reminders(saturday) == 1
    assert [late.code in text for text in messages_of(lead_officer)] == [True]
    assert [late.code in text for text in messages_of(ioc)] == [True]
