from .api_key import ApiKey, PartnerSubmission
from .extension import ExtensionRequest
from .history import ReportCodeCounter, ReportEvent
from .media import Attachment
from .notification import Delivery, Notification
from .ranking import MonthlyAgencyFigures, MonthlyRanking  # noqa: F401  (issue 15: rankings)
from .reference import AdministrativeUnit, Agency, AgencyMembership, Category
from .reply_template import ReplyTemplate
from .report import Report, ioc_users, is_ioc
from .satisfaction import Satisfaction
from .statuses import (
    ANSWERED_STATUSES,
    AT_AN_AGENCY_STATUSES,
    AWAITING_ANSWER_STATUSES,
    CLOSED_STATUSES,
    OPEN_STATUSES,
    PUBLIC_STATUSES,
    overdue_q,
)

__all__ = [
    "ANSWERED_STATUSES",
    "AT_AN_AGENCY_STATUSES",
    "AWAITING_ANSWER_STATUSES",
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "PUBLIC_STATUSES",
    "AdministrativeUnit",
    "Agency",
    "AgencyMembership",
    "ApiKey",
    "Attachment",
    "Category",
    "Delivery",
    "ExtensionRequest",
    "Notification",
    "PartnerSubmission",
    "ReplyTemplate",
    "Report",
    "ReportCodeCounter",
    "ReportEvent",
    "Satisfaction",
    "ioc_users",
    "is_ioc",
    "overdue_q",
]
