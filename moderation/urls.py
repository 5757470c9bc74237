"""The moderation queue, /kiem-duyet/ (moderators only; everyone else gets 404)."""

from django.urls import path

from reports.user_cache import cached_for_user

from . import views

app_name = "moderation"

urlpatterns = [
    path("", cached_for_user(views.QueueView.as_view()), name="queue"),
    path("binh-luan/", views.BulkDecisionView.as_view(), name="bulk"),
    path("binh-luan/<int:pk>/", views.CommentDecisionView.as_view(), name="comment_decide"),
    path("bao-vi-pham/<int:pk>/", views.FlagDecisionView.as_view(), name="flag_decide"),
]
