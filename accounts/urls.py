from django.urls import path

from accounts import personal_data_views, sso_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.ProfileView.as_view(), name="profile"),
    path("thu-dien-tu/xac-nhan/<str:token>/", views.verify_email, name="verify_email"),
    path("du-lieu-ca-nhan/", personal_data_views.PersonalDataView.as_view(), name="personal_data"),
    path(
        "du-lieu-ca-nhan/tai-ve/",
        personal_data_views.personal_data_download,
        name="personal_data_download",
    ),
    path("xoa-tai-khoan/", personal_data_views.AccountDeleteView.as_view(), name="delete"),
    path("lien-ket-dang-nhap/", sso_views.SsoLinkView.as_view(), name="sso_link"),
]
