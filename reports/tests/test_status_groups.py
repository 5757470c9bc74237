"""The groups of statuses next to Report.Status: what each means, checked
against the states themselves so a new state has to be placed in them."""

from reports.models import (
    ANSWERED_STATUSES,
    AT_AN_AGENCY_STATUSES,
    AWAITING_ANSWER_STATUSES,
    CLOSED_STATUSES,
    OPEN_STATUSES,
    PUBLIC_STATUSES,
    Report,
)
from reports.workflow import MOVES

S = Report.Status
SENT = set(S) - {S.DRAFT}


def test_every_sent_report_is_open_or_closed_never_both():
    assert set(OPEN_STATUSES) | set(CLOSED_STATUSES) == SENT
    assert not set(OPEN_STATUSES) & set(CLOSED_STATUSES)


def test_awaiting_an_answer_is_open_and_not_answered():
    assert set(AWAITING_ANSWER_STATUSES) == set(OPEN_STATUSES) - set(ANSWERED_STATUSES)


def test_the_public_may_see_every_state_from_receipt_on_but_rejected():
    assert set(PUBLIC_STATUSES) == SENT - {S.SUBMITTED, S.REJECTED}


def test_the_agency_moves_start_where_a_report_is_at_an_agency():
    for action in ("return", "progress", "opinion", "request_extension", "decide_extension"):
        assert MOVES[action].sources == set(AT_AN_AGENCY_STATUSES), action
    assert set(AT_AN_AGENCY_STATUSES) <= set(AWAITING_ANSWER_STATUSES)
