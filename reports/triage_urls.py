"""/xu-ly/: the agency triage dashboard (included by phananh/urls.py)."""

from django.urls import path

from reports.user_cache import cached_for_user
from reports.views import triage

app_name = "triage"

urlpatterns = [
    path("", cached_for_user(triage.QueueView.as_view()), name="queue"),
    path("<str:code>/", triage.ReportView.as_view(), name="report"),
    path("<str:code>/nhan-xu-ly/", triage.AcceptView.as_view(), name="accept"),
    path("<str:code>/tra-lai/", triage.ReturnView.as_view(), name="return"),
    path("<str:code>/tien-do/", triage.ProgressView.as_view(), name="progress"),
    path("<str:code>/y-kien/", triage.OpinionView.as_view(), name="opinion"),
    path("<str:code>/tra-loi/", triage.AnswerView.as_view(), name="answer"),
    path("<str:code>/gia-han/", triage.ExtensionView.as_view(), name="request_extension"),
]
