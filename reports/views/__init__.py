from .attachments import serve_attachment, serve_thumbnail
from .citizen import (
    DraftDeleteView,
    DraftEditView,
    ReportCreateView,
    ReportDetailView,
    nearby_reports,
)
from .personal import (
    DraftListView,
    MyReportsView,
    NotificationListView,
    notification_open,
    notifications_delete_read,
)
from .public import HomeView

__all__ = [
    "DraftDeleteView",
    "DraftEditView",
    "DraftListView",
    "HomeView",
    "MyReportsView",
    "NotificationListView",
    "ReportCreateView",
    "ReportDetailView",
    "nearby_reports",
    "notification_open",
    "notifications_delete_read",
    "serve_attachment",
    "serve_thumbnail",
]
