"""Background work for followers and alerts (README §5): thin entry points that
take ids and call engagement.alerts; each is safe to run twice."""

from celery import shared_task
from django.db import DatabaseError

from engagement import alerts
from engagement.models import Alert
from reports.models import Report

BATCH = 200

_RETRY = {
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_kwargs": {"max_retries": 5},
}


@shared_task(**_RETRY)
def report_moved(report_id: int, action: str, to_status: str, public: bool) -> None:
    """A report changed status: its followers, then the alerts it may start."""
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return
    alerts.followers_notify(report=report, action=action, to_status=to_status, public=public)
    if to_status == Report.Status.RECEIVED and action == "receive":
        alerts.alerts_match(report_ids=[report_id], event=Alert.Event.NEW)
    elif to_status == Report.Status.PUBLISHED:
        alerts.alerts_match(report_ids=[report_id], event=Alert.Event.ANSWER)


@shared_task(**_RETRY)
def match_reports(report_ids: list[int], event: str) -> int:
    """Match a list of reports, BATCH at a time."""
    matched = 0
    for start in range(0, len(report_ids), BATCH):
        matched += alerts.alerts_match(report_ids=report_ids[start : start + BATCH], event=event)
    return matched


@shared_task(**_RETRY)
def send_digests() -> int:
    """Every evening (beat): today's public reports matched again (an alert whose
    task was lost goes into the digest), then one digest per account."""
    ids = alerts.todays_public_reports()
    for start in range(0, len(ids), BATCH):
        alerts.alerts_match(
            report_ids=ids[start : start + BATCH], event=Alert.Event.NEW, immediate=False
        )
    return alerts.digests_send()
