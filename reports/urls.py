from django.urls import path

from reports import views
from reports.opendata.feeds import CategoryReportsFeed, PublishedReportsFeed, WardReportsFeed
from reports.opendata.views import RankingView, StatsView, rankings_csv, stats_csv
from reports.public_cache import cached_for_visitors as cached
from reports.user_cache import cached_for_user
from reports.views.public import MapView, map_data

app_name = "reports"

urlpatterns = [
    path("", cached(views.HomeView.as_view()), name="home"),
    path("ban-do/", cached(MapView.as_view()), name="map"),
    path("ban-do/du-lieu.geojson", cached(map_data), name="map_data"),
    path("thong-ke/", cached(StatsView.as_view()), name="stats"),
    path("thong-ke/xep-hang/", cached(RankingView.as_view()), name="rankings"),
    # Before the tables' CSV, whose pattern would take "xep-hang" for a table's name.
    path("thong-ke/xep-hang.csv", cached(rankings_csv), name="rankings_csv"),
    path("thong-ke/<slug:name>.csv", cached(stats_csv), name="stats_csv"),
    path("phan-anh/moi.atom", cached(PublishedReportsFeed()), name="feed"),
    path(
        "phan-anh/chuyen-muc/<slug:slug>.atom", cached(CategoryReportsFeed()), name="feed_category"
    ),
    path("phan-anh/dia-ban/<str:code>.atom", cached(WardReportsFeed()), name="feed_ward"),
    path("phan-anh/gui/", views.ReportCreateView.as_view(), name="create"),
    path("phan-anh/gan-day/", views.nearby_reports, name="nearby"),
    path("phan-anh/nhap/<int:pk>/", views.DraftEditView.as_view(), name="draft_edit"),
    path("phan-anh/nhap/<int:pk>/xoa/", views.DraftDeleteView.as_view(), name="draft_delete"),
    path("phan-anh/<str:code>/", cached(views.ReportDetailView.as_view()), name="detail"),
    path(
        "phan-anh/<str:code>/danh-gia/",
        views.citizen.ReportSatisfactionView.as_view(),
        name="satisfaction",
    ),
    path("tep/<uuid:public_id>/", views.serve_attachment, name="attachment"),
    path("tep/<uuid:public_id>/thu-nho/", views.serve_thumbnail, name="attachment_thumbnail"),
    path("ca-nhan/", views.NotificationListView.as_view(), name="notifications"),
    path("ca-nhan/thong-bao/<int:pk>/", views.notification_open, name="notification_open"),
    path("ca-nhan/thong-bao/xoa/", views.notifications_delete_read, name="notifications_delete"),
    path("ca-nhan/phan-anh/", cached_for_user(views.MyReportsView.as_view()), name="my_reports"),
    path("ca-nhan/nhap/", views.DraftListView.as_view(), name="drafts"),
]
