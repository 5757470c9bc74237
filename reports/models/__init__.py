from .media import Attachment
from .notification import Notification
from .reference import AdministrativeUnit, Agency, AgencyMembership, Category
from .report import Report, ReportCodeCounter, ReportEvent

__all__ = [
    "AdministrativeUnit",
    "Agency",
    "AgencyMembership",
    "Attachment",
    "Category",
    "Notification",
    "Report",
    "ReportCodeCounter",
    "ReportEvent",
]
