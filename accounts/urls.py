from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.ProfileView.as_view(), name="profile"),
    path("thu-dien-tu/xac-nhan/<str:token>/", views.verify_email, name="verify_email"),
]
