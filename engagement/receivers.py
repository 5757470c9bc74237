"""What engagement hears from reports: the workflow's transitions (sent after
commit by reports/workflow/rules.py) and writes to what public pages show."""

import logging

from engagement.models import Support
from reports import receivers as report_receivers
from reports.selectors import CARD_ANNOTATIONS
from reports.signals import report_transitioned

logger = logging.getLogger(__name__)

# reports.tasks' way: a task by name, so a receiver never imports tasks.
REPORT_MOVED_TASK = "engagement.tasks.report_moved"


def _transitioned(sender, report, action, from_status, to_status, public, **kwargs) -> None:
    """Followers and alerts are the worker's: the request that moved the report
    only hands the task over (if the broker is down, the evening digest still
    matches the day's new reports)."""
    from celery import current_app

    try:
        current_app.tasks[REPORT_MOVED_TASK].delay(report.pk, action, to_status, public)
    except Exception:  # the broker is away: the move itself is committed and stands
        logger.exception("Followers and alerts of report %s not queued", report.pk)


def connect() -> None:
    from engagement.selectors import support_count_expression

    report_transitioned.connect(_transitioned, dispatch_uid="engagement-transitioned")
    # The number of supporters is on public cards and report pages.
    report_receivers.watch(Support)
    CARD_ANNOTATIONS["support_count"] = support_count_expression
