"""Who hears about each move, and the outbox that makes sure they do, once.

In-app notifications and `Delivery` rows (SMS, e-mail) are written in the same
transaction as the change; after commit a Celery task (eager in tests) sends
each row, and the sweep `deliver_pending` sends whatever is still pending. The
fake gateway below behaves like a real one: it can fail, and it hands a message
to the phone network once per id (`SmsMessage.key`, the row's key).
"""

import contextlib
import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from accounts import sms
from accounts.sms import SmsDeliveryError
from accounts.tests.factories import UserFactory
from reports import (
    public_cache,
    tasks,
    user_cache,
    workflow,
)
from reports.models import AgencyMembership, Delivery, Notification, Report
from reports.notifications import delivery, notify, reminders
from reports.opendata import statistics

from .factories import (
    AgencyFactory,
    AgencyMembershipFactory,
    IocOperatorFactory,
    report_in_state,
)

pytestmark = pytest.mark.django_db

S = Report.Status
# Cached pages' versions moving on commit: not sends.
CACHE_REFRESHES = (public_cache.bump_version, user_cache.bump_version)
SMS, EMAIL = Delivery.Channel.SMS, Delivery.Channel.EMAIL
PENDING, SENT, FAILED = Delivery.Status.PENDING, Delivery.Status.SENT, Delivery.Status.FAILED
VN = ZoneInfo("Asia/Ho_Chi_Minh")


# --- A fake gateway -----------------------------------------------------------------

GATEWAY = SimpleNamespace(failures=0, accepted=[])


class Gateway:
    """An SMS backend like a real gateway: fails `GATEWAY.failures` times, records
    every message it accepts (`GATEWAY.accepted`, retries included) and passes
    each id to the phone network (`sms.outbox`) once, dropping repeats."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        if GATEWAY.failures:
            GATEWAY.failures -= 1
            raise SmsDeliveryError("SMS gateway refused the message: HTTP 503 Service Unavailable")
        for message in messages:
            GATEWAY.accepted.append(message)
            if message.key not in {delivered.key for delivered in sms.outbox}:
                sms.outbox.append(message)
        return len(messages)


@pytest.fixture
def gateway(settings):
    settings.SMS_BACKEND = f"{__name__}.Gateway"
    GATEWAY.failures, GATEWAY.accepted = 0, []
    yield GATEWAY
    GATEWAY.failures, GATEWAY.accepted = 0, []


# --- People --------------------------------------------------------------------------


@pytest.fixture
def reporter(db):
    return UserFactory(full_name="Nguyễn Văn An", email="an.nguyen@example.vn")


@pytest.fixture
def ioc(db):
    return IocOperatorFactory(email="ioc@example.vn")


@pytest.fixture
def lead(db):
    return AgencyFactory(name="Sở Xây dựng")


@pytest.fixture
def co(db):
    return AgencyFactory(name="Công ty Môi trường đô thị")


@pytest.fixture
def lead_officer(lead):
    return AgencyMembershipFactory(agency=lead, user__email="canbo.sxd@example.vn").user


@pytest.fixture
def lead_leader(lead):
    return AgencyMembershipFactory(agency=lead, role=AgencyMembership.AgencyRole.LEADER).user


@pytest.fixture
def co_officer(co):
    return AgencyMembershipFactory(agency=co, user__email="canbo.mt@example.vn").user


def messages_of(user):
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("message", flat=True)
    )


def deliveries_to(user, channel=None):
    rows = Delivery.objects.filter(recipient=user).order_by("pk")
    return list(rows.filter(channel=channel) if channel else rows)


# --- Who hears about what -------------------------------------------------------------

# The status moves, each from a report in its source state.
STATUS_MOVES = {
    "submit": S.DRAFT,
    "receive": S.SUBMITTED,
    "reject": S.SUBMITTED,
    "forward": S.RECEIVED,
    "recall": S.FORWARDED,
    "accept": S.FORWARDED,
    "return": S.IN_PROGRESS,
    "answer": S.IN_PROGRESS,
    "answer_directly": S.RECEIVED,
    "send_back": S.RESOLVED,
    "publish": S.RESOLVED,
}
OTHER_STEPS = {
    "progress": S.IN_PROGRESS,
    "opinion": S.IN_PROGRESS,
    "request_extension": S.IN_PROGRESS,
    "decide_extension": S.IN_PROGRESS,
}

# Beyond the reporter's in-app notice: (SMS to the reporter, agencies whose
# members hear of it, whether the IOC operators do). From the issue:
# SMS on receipt, rejection and publication; agencies on forward (and when the
# IOC recalls, sends back or decides, and on a co-agency's opinion); the IOC on
# return, extension request and answer.
ROUTES = {
    "submit": (False, set(), False),
    "receive": (True, set(), False),
    "reject": (True, set(), False),
    "forward": (False, {"lead", "co"}, False),
    "recall": (False, {"lead", "co"}, False),  # both stop working on it
    "accept": (False, set(), False),
    "return": (False, set(), True),
    "answer": (False, set(), True),
    "answer_directly": (False, set(), True),
    "send_back": (False, {"lead"}, False),
    "publish": (True, set(), False),
    "progress": (False, set(), False),
    "opinion": (False, {"lead"}, False),
    "request_extension": (False, set(), True),
    "decide_extension": (False, {"lead"}, False),
}


@pytest.fixture
def world(reporter, ioc, lead, co, lead_officer, lead_leader, co_officer):
    return SimpleNamespace(
        reporter=reporter,
        ioc=ioc,
        lead=lead,
        co=co,
        members={"lead": {lead_officer, lead_leader}, "co": {co_officer}},
        bystanders=[
            AgencyMembershipFactory(agency=AgencyFactory()).user,  # another agency
            AgencyMembershipFactory(agency=lead, role=AgencyMembership.AgencyRole.MONITOR).user,
            UserFactory(),  # another citizen
        ],
    )


def perform(action, world):
    """Take `action` on a report in its source state, as the right person."""
    state = {**STATUS_MOVES, **OTHER_STEPS}[action]
    agencies = (
        {"lead_agency": world.lead, "co_agencies": [world.co]}
        if state in (S.FORWARDED, S.IN_PROGRESS, S.RESOLVED)
        else {}
    )
    report = report_in_state(state, reporter=world.reporter, **agencies)
    officer = next(iter(sorted(world.members["lead"], key=lambda user: user.pk)))
    co_officer = next(iter(world.members["co"]))
    later = report.deadline + timedelta(days=5) if report.deadline else None
    calls = {
        "submit": lambda: workflow.report_submit(report=report, actor=world.reporter),
        "receive": lambda: workflow.report_receive(
            report=report, actor=world.ioc, category=report.category, level="normal", is_public=True
        ),
        "reject": lambda: workflow.report_reject(report=report, actor=world.ioc, reason="spam"),
        "forward": lambda: workflow.report_forward(
            report=report, actor=world.ioc, lead_agency=world.lead, co_agencies=[world.co]
        ),
        "recall": lambda: workflow.report_recall(report=report, actor=world.ioc, reason="Nhầm."),
        "accept": lambda: workflow.report_accept(report=report, actor=officer),
        "return": lambda: workflow.report_return(report=report, actor=officer, reason="Sai."),
        "answer": lambda: workflow.report_answer(report=report, actor=officer, answer="Xong."),
        "answer_directly": lambda: workflow.report_answer_directly(
            report=report, actor=world.ioc, answer="Xong."
        ),
        "send_back": lambda: workflow.report_send_back(
            report=report, actor=world.ioc, reason="Bổ sung ảnh."
        ),
        "publish": lambda: workflow.report_publish(report=report, actor=world.ioc),
        "progress": lambda: workflow.report_add_progress(
            report=report, actor=officer, note="Đang làm.", public=True
        ),
        "opinion": lambda: workflow.report_add_opinion(
            report=report, actor=co_officer, agency=world.co, note="Góp ý."
        ),
        "request_extension": lambda: workflow.extension_request(
            report=report, actor=officer, new_deadline=later, reason="Chờ vật tư."
        ),
    }
    if action == "decide_extension":
        # The request notifies the IOC itself: count only what the decision adds.
        extension = workflow.extension_request(
            report=report, actor=officer, new_deadline=later, reason="Chờ vật tư."
        )
        Notification.objects.all().delete()
        Delivery.objects.all().delete()
        calls[action] = lambda: workflow.extension_decide(
            extension=extension, actor=world.ioc, approve=True
        )
    calls[action]()
    report.refresh_from_db()
    return report


@pytest.mark.parametrize("action", list(STATUS_MOVES))
def test_the_reporter_hears_of_every_change_of_status_in_the_app(world, action):
    report = perform(action, world)
    assert len(messages_of(world.reporter)) == 1, (
        f"{action}: the reporter got no in-app notice of the move to {report.status}"
    )


@pytest.mark.parametrize("action", list(ROUTES))
def test_each_step_reaches_the_people_concerned(world, action, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = perform(action, world)
    texting, agencies, ioc_hears = ROUTES[action]

    # SMS to the reporter where due, with the code; e-mail for each in-app notice.
    reporter_sms = deliveries_to(world.reporter, SMS)
    assert len(reporter_sms) == (1 if texting else 0)
    if texting:
        assert report.code in reporter_sms[0].body
        assert reporter_sms[0].address == str(world.reporter.phone)
        assert [(m.to, m.body) for m in sms.outbox] == [
            (str(world.reporter.phone), reporter_sms[0].body)
        ]
    else:
        assert sms.outbox == []
    reporter_mail = deliveries_to(world.reporter, EMAIL)
    assert [d.body for d in reporter_mail] == messages_of(world.reporter)
    assert all(d.address == "an.nguyen@example.vn" for d in reporter_mail)

    # Agency members: in the app, and by e-mail where they gave one.
    hearing = set().union(*(world.members[name] for name in agencies))
    for name, members in world.members.items():
        for member in members:
            notices = messages_of(member)
            if member in hearing:
                assert len(notices) == 1, (name, member)
                assert report.code in notices[0]
                mails = [d.body for d in deliveries_to(member, EMAIL)]
                assert mails == (notices if member.email else [])
            else:
                assert notices == [], (name, member)
                assert deliveries_to(member) == []

    # IOC operators: in the app.
    assert len(messages_of(world.ioc)) == (1 if ioc_hears else 0)
    if ioc_hears:
        assert report.code in messages_of(world.ioc)[0]

    for bystander in world.bystanders:
        assert messages_of(bystander) == []
        assert deliveries_to(bystander) == []

    # Everything queued went out, once.
    assert not Delivery.objects.exclude(status=SENT).exists()
    assert len(mail.outbox) == Delivery.objects.filter(channel=EMAIL).count()
    assert len(sms.outbox) == Delivery.objects.filter(channel=SMS).count()


def test_sms_texts_carry_the_code(world, ioc, django_capture_on_commit_callbacks):
    report = report_in_state(S.SUBMITTED, reporter=world.reporter)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_receive(
            report=report, actor=ioc, category=report.category, level="normal", is_public=True
        )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_answer_directly(report=report, actor=ioc, answer="Đã sửa.")
        workflow.report_publish(report=report, actor=ioc)
    rejected = report_in_state(S.SUBMITTED, reporter=world.reporter)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_reject(report=rejected, actor=ioc, reason="unclear")

    assert [message.body for message in sms.outbox] == [
        f"Phản ánh {report.code} đã được Trung tâm IOC tiếp nhận.",
        f"Phản ánh {report.code} đã có kết quả xử lý. Mời bạn xem và đánh giá.",
        f"Phản ánh {rejected.code} không được tiếp nhận. Lý do: Nội dung không rõ ràng",
    ]


def test_no_email_for_a_reporter_without_one(ioc, django_capture_on_commit_callbacks):
    reporter = UserFactory(email="")
    report = report_in_state(S.SUBMITTED, reporter=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_reject(report=report, actor=ioc, reason="spam")
    assert [d.channel for d in deliveries_to(reporter)] == [SMS]
    assert mail.outbox == []
    assert len(messages_of(reporter)) == 1


def test_ioc_operators_are_everyone_with_the_permission(citizen, lead):
    permission = Permission.objects.get(codename="process_report")
    by_group = IocOperatorFactory()
    by_permission = UserFactory(is_staff=True)
    by_permission.user_permissions.add(permission)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    IocOperatorFactory(is_active=False)  # a former operator
    UserFactory(is_staff=True)  # staff without the permission
    report = report_in_state(S.IN_PROGRESS, reporter=citizen, lead_agency=lead)

    notify.ioc(report, "Thông báo thử.")

    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        by_group.pk,
        by_permission.pk,
        superuser.pk,
    }


# --- The outbox: written with the change, or not at all -----------------------------------


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

    # One send per row, handed over only after commit (beside the cached pages' refresh).
    sends = [callback for callback in callbacks if callback not in CACHE_REFRESHES]
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

    notify.reporter(report, "Đã tiếp nhận\x1b[31m\x07.", sms=True)

    assert [row.body for row in deliveries_to(reporter)] == ["Đã tiếp nhận[31m."] * 2


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
        "from reports.notifications import delivery; from reports.opendata import statistics; "
        "[current_app.tasks[name] for name in (delivery.DELIVER_TASK, statistics.COMPUTE_TASK)]"
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


# --- Sending once ------------------------------------------------------------------------------


def received_by_ioc(reporter, ioc, capture):
    """Receive a submitted report (an SMS and an e-mail to the reporter), after commit."""
    report = report_in_state(S.SUBMITTED, reporter=reporter)
    with capture(execute=True):
        workflow.report_receive(
            report=report, actor=ioc, category=report.category, level="normal", is_public=True
        )
    return report, Delivery.objects.get(report=report, channel=SMS)


def test_the_sms_goes_out_once_with_its_key(reporter, ioc, django_capture_on_commit_callbacks):
    report, row = received_by_ioc(reporter, ioc, django_capture_on_commit_callbacks)

    assert len(sms.outbox) == 1
    message = sms.outbox[0]
    assert message.to == str(reporter.phone)
    assert report.code in message.body
    assert message.key == str(row.key)
    assert (row.status, row.attempts, row.last_error) == (SENT, 1, "")
    assert row.sent_at is not None

    # Sending it again, by hand, by the task or by the sweep, sends nothing.
    assert delivery.deliver(row.pk) is False
    tasks.deliver.delay(row.pk)
    assert delivery.deliver_pending() == 0
    tasks.deliver_pending.delay()
    assert len(sms.outbox) == 1
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (SENT, 1)


def test_a_gateway_failure_leaves_it_pending_until_the_sweep(
    reporter, ioc, gateway, django_capture_on_commit_callbacks
):
    gateway.failures = 1
    _report, row = received_by_ioc(reporter, ioc, django_capture_on_commit_callbacks)

    row.refresh_from_db()
    assert (row.status, row.attempts) == (PENDING, 1)
    assert "HTTP 503" in row.last_error
    assert sms.outbox == []

    assert delivery.deliver_pending() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (SENT, 2)
    assert [message.key for message in sms.outbox] == [str(row.key)]

    assert delivery.deliver_pending() == 0
    assert len(sms.outbox) == 1


def test_after_max_attempts_it_is_failed_and_left_alone(
    reporter, ioc, gateway, django_capture_on_commit_callbacks
):
    gateway.failures = delivery.MAX_ATTEMPTS + 5
    _report, row = received_by_ioc(reporter, ioc, django_capture_on_commit_callbacks)

    for attempt in range(2, delivery.MAX_ATTEMPTS):
        delivery.deliver_pending()
        row.refresh_from_db()
        assert (row.status, row.attempts) == (PENDING, attempt)
    delivery.deliver_pending()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (FAILED, delivery.MAX_ATTEMPTS)
    assert row.last_error

    gateway.failures = 0  # the gateway is back: a failed row stays failed
    assert delivery.deliver_pending() == 0
    assert delivery.deliver(row.pk) is False
    row.refresh_from_db()
    assert (row.status, row.attempts) == (FAILED, delivery.MAX_ATTEMPTS)
    assert sms.outbox == []


def test_a_crash_after_the_gateway_took_it_resends_the_same_key(
    reporter, ioc, gateway, monkeypatch, django_capture_on_commit_callbacks
):
    """The worker dies after the gateway accepted the SMS but before the row is
    marked sent. The row's update is rolled back, so it is still pending and the
    sweep sends it again: the outbox alone gives "at least once". The retry
    carries the SAME key as the first try, and a gateway drops an id it has
    already taken, so the citizen gets one SMS, not two."""
    real_save = Delivery.save
    crashes = []

    def save(self, *args, **kwargs):
        if not crashes and "sent_at" in (kwargs.get("update_fields") or ()):
            crashes.append(self.pk)
            raise RuntimeError("worker killed")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Delivery, "save", save)

    _report, row = received_by_ioc(reporter, ioc, django_capture_on_commit_callbacks)

    assert crashes == [row.pk]
    row.refresh_from_db()
    assert row.status == PENDING
    assert [message.key for message in gateway.accepted] == [str(row.key)]

    assert delivery.deliver_pending() == 1

    row.refresh_from_db()
    assert row.status == SENT
    # Two submissions to the gateway with one key...
    assert [message.key for message in gateway.accepted] == [str(row.key), str(row.key)]
    assert gateway.accepted[0] == gateway.accepted[1]
    # ...and one SMS on the citizen's phone.
    assert len(sms.outbox) == 1
    assert delivery.deliver_pending() == 0
    assert len(gateway.accepted) == 2


def test_a_delivery_that_crashes_does_not_hold_up_the_others(
    reporter, ioc, monkeypatch, django_capture_on_commit_callbacks
):
    """A row whose sending raises something unexpected (a bug in a backend, a
    malformed address) must not stop the sweep from sending the rows after it."""
    poisoned, _row = received_by_ioc(reporter, ioc, django_capture_on_commit_callbacks)
    Delivery.objects.update(status=PENDING)
    sms.outbox.clear()
    mail.outbox.clear()
    real_send = delivery._send

    def send(row):
        if row.report_id == poisoned.pk and row.channel == SMS:
            raise RuntimeError("backend bug")
        return real_send(row)

    monkeypatch.setattr(delivery, "_send", send)
    Delivery.objects.filter(report=poisoned, channel=SMS).update(
        created_at=timezone.now() - timedelta(hours=1)
    )

    # Whether the sweep reports the crash is not the point; the others must go out.
    with contextlib.suppress(RuntimeError):
        delivery.deliver_pending()
    assert Delivery.objects.get(report=poisoned, channel=EMAIL).status == SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_row(reporter):
    """While one worker holds a row (PostgreSQL row lock), another skips it."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update skip_locked) need PostgreSQL")
    row = Delivery.objects.create(
        channel=SMS, recipient=reporter, address=str(reporter.phone), body="Thử."
    )
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                Delivery.objects.select_for_update().get(pk=row.pk)
                locked.set()
                release.wait(5)
        finally:
            connection.close()

    worker = threading.Thread(target=other_worker)
    worker.start()
    try:
        assert locked.wait(5)
        assert delivery.deliver(row.pk) is False
        assert sms.outbox == []
    finally:
        release.set()
        worker.join(5)
    assert delivery.deliver(row.pk) is True
    assert len(sms.outbox) == 1


# --- Reminders ------------------------------------------------------------------------------


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
