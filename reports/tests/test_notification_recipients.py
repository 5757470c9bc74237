"""Who hears about each move: the reporter in the app for every change of
status, by SMS on receipt, rejection and publication (with the code) and by
e-mail where they gave an address; the lead and co-processing agencies'
members; the IOC operators (everyone with the permission); and nobody else."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from accounts import sms
from accounts.tests.factories import UserFactory
from reports import workflow
from reports.models import AgencyMembership, Delivery, Notification
from reports.notifications import kinds, notify

from .factories import AgencyFactory, AgencyMembershipFactory, IocOperatorFactory, report_in_state
from .outbox_world import EMAIL, SENT, SMS, S, deliveries_to, messages_of
from .outbox_world import co as co
from .outbox_world import co_officer as co_officer
from .outbox_world import ioc as ioc
from .outbox_world import lead as lead
from .outbox_world import lead_leader as lead_leader
from .outbox_world import lead_officer as lead_officer
from .outbox_world import reporter as reporter

pytestmark = pytest.mark.django_db


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

    notify.ioc(report, kinds.message(kinds.ANSWER_TO_PUBLISH, code=report.code))

    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        by_group.pk,
        by_permission.pk,
        superuser.pk,
    }
