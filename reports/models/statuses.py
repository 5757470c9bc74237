"""The report's states and their groups, each defined here once: every module
uses these (the model, its queries, the workflow, the dashboard, open data)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Chờ tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    REJECTED = "rejected", _("Từ chối")
    FORWARDED = "forwarded", _("Đã chuyển xử lý")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    RESOLVED = "resolved", _("Đã có kết quả (chờ đăng tải)")
    PUBLISHED = "published", _("Đã xử lý")


# The groups of statuses, each defined here once; every module uses these.
# What the public may see: received by the IOC and beyond, never rejected.
PUBLIC_STATUSES = (
    ReportStatus.RECEIVED,
    ReportStatus.FORWARDED,
    ReportStatus.IN_PROGRESS,
    ReportStatus.RESOLVED,
    ReportStatus.PUBLISHED,
)
# Finished: refused, or answered and the answer published.
CLOSED_STATUSES = (ReportStatus.REJECTED, ReportStatus.PUBLISHED)
# Sent and not finished (the answer may still be waiting for publication).
OPEN_STATUSES = tuple(
    status
    for status in ReportStatus
    if status not in CLOSED_STATUSES and status != ReportStatus.DRAFT
)
# Waiting for an answer: the states in which a deadline can be missed.
AWAITING_ANSWER_STATUSES = (
    ReportStatus.SUBMITTED,
    ReportStatus.RECEIVED,
    ReportStatus.FORWARDED,
    ReportStatus.IN_PROGRESS,
)
# Forwarded and not answered yet: the lead agency holds it, its deadline runs.
AT_AN_AGENCY_STATUSES = (ReportStatus.FORWARDED, ReportStatus.IN_PROGRESS)
# Answered (by an agency or the IOC), published or waiting for publication.
ANSWERED_STATUSES = (ReportStatus.RESOLVED, ReportStatus.PUBLISHED)

PUBLIC_Q = models.Q(is_public=True, status__in=PUBLIC_STATUSES)


def overdue_q(now=None) -> models.Q:
    """Overdue (quá hạn): past the deadline and still waiting for an answer.
    Derived, never stored: every list, filter, badge and reminder asks this."""
    return models.Q(deadline__lt=now or timezone.now(), status__in=AWAITING_ANSWER_STATUSES)
