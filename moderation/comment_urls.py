"""What citizens do in a report's comment section, /binh-luan/ (POST only)."""

from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("phan-anh/<str:code>/", views.comment_create, name="create"),
    path("phan-anh/<str:code>/bao-vi-pham/", views.flag_report, name="flag_report"),
    path("<int:pk>/thich/", views.comment_like, name="like"),
    path("<int:pk>/bao-vi-pham/", views.flag_comment, name="flag"),
]
