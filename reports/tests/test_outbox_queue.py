"""The outbox is written with the change, or not at all: `Delivery` rows go in
the change's transaction and are handed to the delivery task only after commit,
once per occasion, with clean text; a change that fails after notifying leaves
no rows. Services hand work to the tasks by name, which a fresh web process
knows."""

import os
import subprocess
import sys

import pytest
from django.core import mail
from django.db import transaction

from accounts import sms
from reports import tasks, workflow
from reports.models import Delivery, Notification, Report
from reports.notifications import delivery, kinds, notify
from reports.opendata import statistics

from .factories import report_in_state
from .outbox_world import CACHE_REFRESHES, EMAIL, PENDING, SENT, SMS, S, deliveries_to
from .outbox_world import co as co
from .outbox_world import co_officer as co_officer
from .outbox_world import ioc as ioc
from .outbox_world import lead as lead
from .outbox_world import lead_officer as lead_officer
from .outbox_world import reporter as reporter

pytestmark = pytest.mark.django_db


def test_outbox_rows_are_written_in_the_transaction_of_the_change(
    reporter, ioc, django_capture_on_commit_callbacks
):
    report = report_in_state(S.SUBMITTED, reporter=reporter)

    with django_capture_on_commit_callbacks() as callbacks:
        workflow.report_receive(
            report=report, actor=ioc, category=report.category, level="normal", is_public=True
        )
        # Still inside the test's transaction: the rows are there, nothing is sent.
        rows = deliveries_to(reporter)
        assert [(row.channel, row.status) for row in rows] == [(SMS, PENDING), (EMAIL, PENDING)]
        assert sms.outbox == [] and mail.outbox == []

    # One send per row, handed over only after commit (beside the cached pages' refresh
    # and the workflow's report_transitioned signal).
    sends = [
        callback for callback in callbacks if getattr(callback, "func", None) is delivery.send_soon
    ]
    assert len(sends) == 2
    for callback in callbacks:
        callback()
    assert [row.status for row in deliveries_to(reporter)] == [SENT, SENT]
    assert len(sms.outbox) == 1 and len(mail.outbox) == 1


def test_an_occasion_already_in_the_outbox_is_neither_written_nor_sent_again(
    reporter, django_capture_on_commit_callbacks
):
    def row(key):
        return Delivery(
            channel=EMAIL, recipient=reporter, address="a@example.vn", body=key, dedupe_key=key
        )

    with django_capture_on_commit_callbacks(execute=True) as first:
        delivery.queue(deliveries=[row("due:1"), row("due:1"), row("due:2")])
    with django_capture_on_commit_callbacks(execute=True) as again:
        delivery.queue(deliveries=[row("due:2"), row("due:3")])

    assert sorted(Delivery.objects.values_list("dedupe_key", flat=True)) == [
        "due:1",
        "due:2",
        "due:3",
    ]
    sends = [[c for c in calls if c not in CACHE_REFRESHES] for calls in (first, again)]
    assert [len(calls) for calls in sends] == [2, 1]
    assert sorted(m.body for m in mail.outbox) == ["due:1", "due:2", "due:3"]


def test_outbox_rows_are_stored_without_control_characters(reporter):
    """As every save stores text, though the outbox writes its rows in bulk."""
    report = report_in_state(S.SUBMITTED, reporter=reporter)

    typed = kinds.message(kinds.SUBMITTED, title="Đèn\x1b[31m\x07 hỏng", code=report.code)
    notify.reporter(report, typed, sms=True)

    expected = f"Phản ánh “Đèn[31m hỏng” đã được gửi thành công, mã {report.code}."
    assert [row.body for row in deliveries_to(reporter)] == [expected] * 2


def test_services_hand_work_to_tasks_by_their_names():
    """Services never import reports.tasks (tasks import them): they name the task."""
    assert tasks.deliver.name == delivery.DELIVER_TASK
    assert tasks.compute_statistics.name == statistics.COMPUTE_TASK


def test_a_web_process_knows_the_tasks_services_name():
    """With tasks in-process (no Redis), a task asked for by name runs only if
    its module was imported at start-up: otherwise every SMS would wait for the
    sweep. A fresh process, as `runserver` or gunicorn starts one."""
    check = (
        "import django; django.setup(); from celery import current_app; "
        "from reports import thumbnails; from reports.notifications import delivery; "
        "from reports.opendata import statistics; [current_app.tasks[name] for name in "
        "(delivery.DELIVER_TASK, statistics.COMPUTE_TASK, thumbnails.THUMBNAIL_TASK)]"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "phananh.settings.test"}
    done = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


class Boom(Exception):
    pass


def test_a_change_rolled_back_after_notifying_leaves_no_rows(
    reporter, ioc, django_capture_on_commit_callbacks
):
    report = report_in_state(S.SUBMITTED, reporter=reporter)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        workflow.report_receive(
            report=report, actor=ioc, category=report.category, level="urgent", is_public=True
        )
        assert Delivery.objects.count() == 2  # written...
        raise Boom  # ...then the caller's transaction fails

    assert callbacks == []
    assert not Delivery.objects.exists()
    assert not Notification.objects.exists()
    assert Report.objects.get(pk=report.pk).status == S.SUBMITTED
    assert not report.events.exists()
    assert sms.outbox == [] and mail.outbox == []


def test_a_transition_failing_after_notify_leaves_no_rows(
    reporter,
    ioc,
    lead,
    lead_officer,
    co,
    co_officer,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    """report_forward notifies the agencies, then the reporter: a failure at that
    point undoes the agencies' notices and e-mails with the forward itself."""
    report = report_in_state(S.RECEIVED, reporter=reporter)
    real_reporter = notify.reporter

    def notify_then_fail(*args, **kwargs):
        real_reporter(*args, **kwargs)
        assert Notification.objects.filter(recipient=lead_officer).exists()
        assert Delivery.objects.filter(recipient=lead_officer).exists()
        raise Boom

    monkeypatch.setattr(notify, "reporter", notify_then_fail)

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Boom):
        workflow.report_forward(report=report, actor=ioc, lead_agency=lead, co_agencies=[co])

    assert callbacks == []
    assert not Delivery.objects.exists()
    assert not Notification.objects.exists()
    report.refresh_from_db()
    assert (report.status, report.lead_agency, report.co_agencies.count()) == (S.RECEIVED, None, 0)
    assert not report.events.exists()
    assert mail.outbox == []
