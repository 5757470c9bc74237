"""The transition matrix of README §4: every state × every action × every role.

Each case calls the workflow function itself. A move is allowed exactly when
the report's state is one of the action's sources and the actor holds the
action's role; otherwise it raises WorkflowError with a Vietnamese message and
leaves no trace (no history entry, no notification, no outbox row, the row not
even saved). An allowed move writes exactly one history entry of the right kind
(and a reopening one more: the earlier answer, kept as an internal entry).

The people, agencies and one report per state are built once for the module,
inside a transaction rolled back at the end; each case runs in its own
savepoint on top (pytest-django's `db`), so ~1,200 cases stay fast.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory
from reports import workflow
from reports.models import (
    AgencyMembership,
    Delivery,
    ExtensionRequest,
    Notification,
    Report,
    ReportEvent,
    Satisfaction,
)
from reports.workflow import MOVES, ReportRole, WorkflowError

from .factories import (
    STATES_WITH_AGENCIES,
    AgencyFactory,
    AgencyMembershipFactory,
    CategoryFactory,
    IocOperatorFactory,
    WardFactory,
    ioc_group,
    report_in_state,
)
from .reopening_world import awaiting_review

S = Report.Status
Kind = ReportEvent.Kind

PERMISSION_DENIED = "Bạn không có quyền thực hiện thao tác này với phản ánh."
WRONG_STATE = "Không thể thực hiện thao tác này khi phản ánh đang ở trạng thái “{}”."


# --- README §4, written out by hand ------------------------------------------------

# The diagram of README §4: from each state, the states one move leads to.
README_DIAGRAM = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.RECEIVED, S.REJECTED},
    S.RECEIVED: {S.REJECTED, S.FORWARDED, S.RESOLVED},
    S.REJECTED: set(),
    S.FORWARDED: {S.IN_PROGRESS, S.RECEIVED},
    S.IN_PROGRESS: {S.RECEIVED, S.RESOLVED},
    S.RESOLVED: {S.IN_PROGRESS, S.PUBLISHED},
    S.PUBLISHED: {S.FORWARDED},  # reopened after an unsatisfied rating (issue 15)
}

AT_AGENCY = {S.FORWARDED, S.IN_PROGRESS}

# Each action: (sources, target or None when the status stays, who, history kind,
# whether the entry is public). From README §4 and the "The workflow".
README_ACTIONS = {
    "submit": ({S.DRAFT}, S.SUBMITTED, ReportRole.REPORTER, Kind.TRANSITION, True),
    "receive": ({S.SUBMITTED}, S.RECEIVED, ReportRole.IOC, Kind.TRANSITION, True),
    "reject": ({S.SUBMITTED, S.RECEIVED}, S.REJECTED, ReportRole.IOC, Kind.TRANSITION, True),
    "forward": ({S.RECEIVED}, S.FORWARDED, ReportRole.IOC, Kind.TRANSITION, True),
    "recall": ({S.FORWARDED}, S.RECEIVED, ReportRole.IOC, Kind.TRANSITION, False),
    "accept": ({S.FORWARDED}, S.IN_PROGRESS, ReportRole.LEAD, Kind.TRANSITION, True),
    "return": (AT_AGENCY, S.RECEIVED, ReportRole.LEAD, Kind.TRANSITION, False),
    "answer": ({S.IN_PROGRESS}, S.RESOLVED, ReportRole.LEAD, Kind.TRANSITION, True),
    "answer_directly": ({S.RECEIVED}, S.RESOLVED, ReportRole.IOC, Kind.TRANSITION, True),
    "send_back": ({S.RESOLVED}, S.IN_PROGRESS, ReportRole.IOC, Kind.TRANSITION, False),
    "publish": ({S.RESOLVED}, S.PUBLISHED, ReportRole.IOC, Kind.TRANSITION, True),
    # The matrix posts public progress notes; internal ones: test_workflow_notes.
    "progress": (AT_AGENCY, None, ReportRole.LEAD, Kind.PROGRESS, True),
    "opinion": (AT_AGENCY, None, ReportRole.CO, Kind.OPINION, False),
    "request_extension": (AT_AGENCY, None, ReportRole.LEAD, Kind.EXTENSION_REQUEST, False),
    # The matrix approves; an approval is public, a refusal internal (rules tests).
    "decide_extension": (AT_AGENCY, None, ReportRole.IOC, Kind.EXTENSION_DECISION, True),
    # Issue 15, an unsatisfied rating awaiting review: reopen it, or keep it and reply.
    "reopen": ({S.PUBLISHED}, S.FORWARDED, ReportRole.IOC, Kind.TRANSITION, True),
    "close_review": ({S.PUBLISHED}, None, ReportRole.IOC, Kind.PROGRESS, False),
}
# The entries a move writes besides its own, as (kind, public); the moves that
# need an unsatisfied rating awaiting review.
EXTRA_ENTRIES = {"reopen": [(Kind.PROGRESS, False)]}
REVIEW_ACTIONS = {"reopen", "close_review"}

ROLES = [
    "reporter",
    "other_citizen",
    "ioc",
    "lead_officer",
    "lead_leader",
    "co_officer",
    "unrelated_officer",
    "area_monitor",
    "inactive",
    "anonymous",
]

# Who holds each workflow role. LEAD and CO also need the report to have been
# forwarded to the agency: only the states in STATES_WITH_AGENCIES have one.
HOLDERS = {
    ReportRole.REPORTER: {"reporter"},
    ReportRole.IOC: {"ioc"},
    ReportRole.LEAD: {"lead_officer", "lead_leader"},
    ReportRole.CO: {"co_officer"},
}


def holds(person: str, role: ReportRole, state: str) -> bool:
    if role in (ReportRole.LEAD, ReportRole.CO) and state not in STATES_WITH_AGENCIES:
        return False
    return person in HOLDERS[role]


def test_allowed_is_the_diagram_of_spec_4():
    assert workflow.ALLOWED == README_DIAGRAM


def test_moves_table_is_spec_4():
    assert set(MOVES) == set(README_ACTIONS)
    for action, (sources, target, role, _kind, _public) in README_ACTIONS.items():
        move = MOVES[action]
        assert (move.sources, move.target, move.role) == (sources, target, role), action


# --- The people and one report per state, built once ------------------------------


@dataclass
class World:
    people: dict
    lead: object
    co: object
    category: object
    reports: dict  # state → pk


def _build_world() -> World:
    ward = WardFactory()
    lead = AgencyFactory(name="Sở Xây dựng")
    co = AgencyFactory(name="Công ty Môi trường đô thị")
    unrelated = AgencyFactory(name="Sở Y tế")
    commune = AgencyFactory(name="UBND phường Đông Hà", kind="commune")
    commune.units.add(ward)
    category = CategoryFactory(default_agency=lead)
    reporter = UserFactory(full_name="Nguyễn Văn An")

    officer, leader, monitor = (
        AgencyMembership.AgencyRole.OFFICER,
        AgencyMembership.AgencyRole.LEADER,
        AgencyMembership.AgencyRole.MONITOR,
    )
    area_monitor = UserFactory(full_name="Cán bộ theo dõi địa bàn")
    # A monitor everywhere the report goes, never a handler: monitors only watch.
    for agency in (commune, lead, co):
        AgencyMembershipFactory(agency=agency, user=area_monitor, role=monitor)
    # A deactivated account that once held every right.
    inactive = IocOperatorFactory(full_name="Cán bộ đã nghỉ", is_active=False)
    for agency in (lead, co):
        AgencyMembershipFactory(agency=agency, user=inactive, role=officer)

    people = {
        "reporter": reporter,
        "other_citizen": UserFactory(full_name="Lê Thị Bích"),
        "ioc": IocOperatorFactory(),
        "lead_officer": AgencyMembershipFactory(agency=lead, role=officer).user,
        "lead_leader": AgencyMembershipFactory(agency=lead, role=leader).user,
        "co_officer": AgencyMembershipFactory(agency=co, role=officer).user,
        "unrelated_officer": AgencyMembershipFactory(agency=unrelated, role=officer).user,
        "area_monitor": area_monitor,
        "inactive": inactive,
        "anonymous": AnonymousUser(),
    }
    assert people["ioc"].groups.filter(pk=ioc_group().pk).exists()

    reports = {}
    for state in S.values:
        with_agencies = state in STATES_WITH_AGENCIES
        report = report_in_state(
            state,
            reporter=reporter,
            category=category,
            ward=ward,
            lead_agency=lead if with_agencies else None,
            co_agencies=[co] if with_agencies else (),
        )
        reports[state] = report.pk
    return World(people, lead, co, category, reports)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Module data in an outer transaction; each test's savepoint nests inside."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = _build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


# --- Calling each action with minimal valid arguments ---------------------------------


def _arguments(action: str, report: Report, world: World) -> dict:
    later = (report.deadline or timezone.now()) + timedelta(days=10)
    return {
        "submit": {},
        "receive": {"category": world.category, "level": Report.Level.URGENT, "is_public": True},
        "reject": {"reason": Report.RejectionReason.SPAM},
        "forward": {"lead_agency": world.lead, "co_agencies": [world.co]},
        "recall": {"reason": "Chuyển nhầm đơn vị."},
        "accept": {},
        "return": {"reason": "Không thuộc thẩm quyền của Sở."},
        "answer": {"answer": "Đã vá ổ gà ngày 12/3."},
        "answer_directly": {"answer": "Đoạn đường đã có kế hoạch sửa chữa."},
        "send_back": {"reason": "Chưa có ảnh sau khi khắc phục."},
        "publish": {},
        "progress": {"note": "Đã cử đội khảo sát hiện trường.", "public": True},
        "opinion": {"agency": world.co, "note": "Đề nghị phối hợp dọn rác sau thi công."},
        "request_extension": {"new_deadline": later, "reason": "Chờ vật tư."},
        "decide_extension": {"approve": True},
        "reopen": {
            "lead_agency": world.lead,
            "co_agencies": [world.co],
            "note": "Đề nghị kiểm tra lại mặt đường sau mưa.",
        },
        "close_review": {"reply": "Mặt đường đã được nghiệm thu ngày 15/3."},
    }[action]


FUNCTIONS = {
    "submit": workflow.report_submit,
    "receive": workflow.report_receive,
    "reject": workflow.report_reject,
    "forward": workflow.report_forward,
    "recall": workflow.report_recall,
    "accept": workflow.report_accept,
    "return": workflow.report_return,
    "answer": workflow.report_answer,
    "answer_directly": workflow.report_answer_directly,
    "send_back": workflow.report_send_back,
    "publish": workflow.report_publish,
    "progress": workflow.report_add_progress,
    "opinion": workflow.report_add_opinion,
    "request_extension": workflow.extension_request,
    "decide_extension": workflow.extension_decide,
    "reopen": workflow.report_reopen,
    "close_review": workflow.report_close_review,
}


def _perform(action: str, report: Report, actor, world: World, extension=None):
    arguments = _arguments(action, report, world)
    if action == "decide_extension":
        return FUNCTIONS[action](extension=extension, actor=actor, **arguments)
    return FUNCTIONS[action](report=report, actor=actor, **arguments)


def _footprint(report: Report) -> dict:
    """Everything a refused move must leave as it was."""
    row = Report.objects.get(pk=report.pk)
    return {
        "status": row.status,
        "updated_at": row.updated_at,
        "lead_agency": row.lead_agency_id,
        "co_agencies": set(row.co_agencies.values_list("pk", flat=True)),
        "deadline": row.deadline,
        "events": ReportEvent.objects.filter(report=report).count(),
        "review": list(Satisfaction.objects.filter(report=report).values_list("review_outcome")),
        "notifications": Notification.objects.count(),
        "deliveries": Delivery.objects.count(),
        "extensions": list(
            ExtensionRequest.objects.order_by("pk").values_list("pk", "status", "new_deadline")
        ),
    }


CASES = [
    pytest.param(state, action, person, id=f"{state}-{action}-{person}")
    for state in S.values
    for action in MOVES
    for person in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "action", "person"), CASES)
def test_transition_matrix(world, state, action, person):
    report = Report.objects.get(pk=world.reports[state])
    actor = world.people[person]
    sources, target, role, kind, public = README_ACTIONS[action]
    allowed = state in sources and holds(person, role, state)

    extension = None
    if action == "decide_extension":
        extension = ExtensionRequest.objects.create(
            report=report,
            agency=world.lead,
            requested_by=world.people["lead_officer"],
            new_deadline=(report.deadline or timezone.now()) + timedelta(days=10),
            reason="Chờ vật tư.",
        )
    if action in REVIEW_ACTIONS:
        awaiting_review(report)
        report = Report.objects.get(pk=report.pk)

    assert workflow.can(actor, action, report) is allowed
    before = _footprint(report)
    events_before = set(ReportEvent.objects.filter(report=report).values_list("pk", flat=True))

    if not allowed:
        with pytest.raises(WorkflowError) as refused:
            _perform(action, report, actor, world, extension)
        message = str(refused.value)
        if holds(person, role, state):
            assert message == WRONG_STATE.format(S(state).label)
        else:
            assert message == PERMISSION_DENIED
        assert _footprint(report) == before
        return

    _perform(action, report, actor, world, extension)

    report.refresh_from_db()
    assert report.status == (target or state)
    new_events = list(ReportEvent.objects.filter(report=report).exclude(pk__in=events_before))
    event = next(e for e in new_events if e.kind == kind and e.to_status == (target or state))
    others = [(e.kind, e.is_public) for e in new_events if e.pk != event.pk]
    assert others == EXTRA_ENTRIES.get(action, [])
    assert event.actor == actor
    assert event.from_status == state
    assert event.to_status == (target or state)
    assert event.is_public is public


# --- What each person may do, as the pages will offer it ---------------------------------


# The guards of MOVES, as the world's reports meet them: deciding an extension
# needs one pending, and none is (requesting one needs none: it is offered).
# Neither does any report await the review of an unsatisfied rating.
GUARDED_OUT = {"decide_extension", *REVIEW_ACTIONS}


def offered(user, report) -> list[str]:
    """The actions the pages offer `user` on `report`: `can()` for each move,
    the roles read once, as the admin's buttons ask it."""
    roles = workflow.roles_on(user, report)
    return [action for action in MOVES if workflow.can(user, action, report, roles=roles)]


@pytest.mark.django_db
@pytest.mark.parametrize("state", S.values)
@pytest.mark.parametrize("person", ROLES)
def test_the_actions_offered(world, state, person):
    report = Report.objects.get(pk=world.reports[state])
    expected = [
        action
        for action, (sources, _target, role, _kind, _public) in README_ACTIONS.items()
        if state in sources and holds(person, role, state) and action not in GUARDED_OUT
    ]
    assert sorted(offered(world.people[person], report)) == sorted(expected)


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.FORWARDED, S.IN_PROGRESS])
def test_a_pending_extension_turns_the_extension_guards_around(world, state):
    report = Report.objects.get(pk=world.reports[state])
    ExtensionRequest.objects.create(
        report=report,
        agency=world.lead,
        requested_by=world.people["lead_officer"],
        new_deadline=report.deadline + timedelta(days=10),
        reason="Chờ vật tư.",
    )
    report = Report.objects.get(pk=report.pk)
    assert "decide_extension" in offered(world.people["ioc"], report)
    assert "request_extension" not in offered(world.people["lead_officer"], report)
