"""/xu-ly/: the agency triage dashboard (included by phananh/urls.py)."""

from django.urls import path

from reports.triage import views
from reports.user_cache import cached_for_user

app_name = "triage"

urlpatterns = [
    path("", cached_for_user(views.QueueView.as_view()), name="queue"),
    path("<str:code>/", views.ReportView.as_view(), name="report"),
    path("<str:code>/nhan-xu-ly/", views.AcceptView.as_view(), name="accept"),
    path("<str:code>/tra-lai/", views.ReturnView.as_view(), name="return"),
    path("<str:code>/tien-do/", views.ProgressView.as_view(), name="progress"),
    path("<str:code>/y-kien/", views.OpinionView.as_view(), name="opinion"),
    path("<str:code>/tra-loi/", views.AnswerView.as_view(), name="answer"),
    path("<str:code>/gia-han/", views.ExtensionView.as_view(), name="request_extension"),
]
