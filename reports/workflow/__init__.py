"""Every change of a report's status, and nothing else changes it (README §4).

`MOVES` is the one table of allowed moves: for each action, the states it
starts from, the state it leads to and who may take it. Each transition checks
the actor and the current state against it, locks the row, writes a
ReportEvent and queues notifications in the same transaction (an outbox that
is sent after commit). The agency's notes, opinions and extension requests do
not change the status but go through the same checks and history.

rules.py holds the table and the shared steps; ioc.py the citizen's and the
IOC's moves; agency.py the agency's; reopening.py the IOC's answer to an
unsatisfied rating. Callers use this package's names.
"""

from .agency import (
    extension_request,
    report_accept,
    report_add_opinion,
    report_add_progress,
    report_answer,
    report_return,
)
from .ioc import (
    extension_decide,
    report_answer_directly,
    report_forward,
    report_publish,
    report_recall,
    report_receive,
    report_reject,
    report_send_back,
    report_submit,
    suggested_agency,
    suggested_deadline,
)
from .reopening import report_close_review, report_reopen
from .rules import (
    ALLOWED,
    HANDLER_ROLES,
    MOVES,
    Move,
    ReportRole,
    WorkflowError,
    can,
    check,
    next_report_code,
    roles_on,
)

__all__ = [
    "ALLOWED",
    "HANDLER_ROLES",
    "MOVES",
    "Move",
    "ReportRole",
    "WorkflowError",
    "can",
    "check",
    "extension_decide",
    "extension_request",
    "next_report_code",
    "report_accept",
    "report_add_opinion",
    "report_add_progress",
    "report_answer",
    "report_answer_directly",
    "report_close_review",
    "report_forward",
    "report_publish",
    "report_recall",
    "report_reopen",
    "report_receive",
    "report_reject",
    "report_return",
    "report_send_back",
    "report_submit",
    "roles_on",
    "suggested_agency",
    "suggested_deadline",
]
