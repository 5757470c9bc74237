from .api_key import ApiKey, PartnerSubmission
from .extension import ExtensionRequest
from .history import ReportCodeCounter, ReportEvent
from .media import Attachment
from .notification import Delivery, Notification
from .reference import AdministrativeUnit, Agency, AgencyMembership, Category
from .report import Report
from .satisfaction import Satisfaction

__all__ = [
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
    "Report",
    "ReportCodeCounter",
    "ReportEvent",
    "Satisfaction",
]
