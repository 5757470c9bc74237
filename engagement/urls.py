from django.urls import path

from engagement import views

app_name = "engagement"

urlpatterns = [
    path("phan-anh/<str:code>/cung-gap/", views.support, name="support"),
    path("phan-anh/<str:code>/theo-doi/", views.follow, name="follow"),
    path("phan-anh/<str:code>/theo-doi-thay-gui/", views.follow_instead, name="follow_instead"),
    path("ca-nhan/theo-doi/", views.subscriptions, name="subscriptions"),
    path("ca-nhan/theo-doi/<int:pk>/huy/", views.subscription_delete, name="subscription_delete"),
    path("ngung-nhan-tin/<str:token>/", views.unsubscribe_link, name="unsubscribe"),
]
