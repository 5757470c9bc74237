from importlib import import_module

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from accounts import password_reset
from accounts import views as account_views
from moderation import open311_updates
from phananh import admin_links, pwa, views

# Admin modules are imported here instead of autodiscovered: django-leaflet's
# admin needs GDAL, which the portal does not use (see INSTALLED_APPS).
for module in (
    "accounts.admin",
    "allauth.account.admin",
    "allauth.socialaccount.admin",
    "reports.admin",
    "moderation.admin",
    "engagement.admin",
):
    import_module(module)

admin.site.site_header = "Phản ánh hiện trường – Trung tâm IOC"
admin.site.site_title = "Quản trị phản ánh hiện trường"
# One way in for everyone: the admin's own login form would skip the portal's
# lockout and rate limits, so it sends visitors to the portal's login page.
admin.site.login = secure_admin_login(admin.site.login)

to_profile = RedirectView.as_view(pattern_name="accounts:profile")

# These take over allauth views at allauth's own paths, so both resolving and
# reversing the allauth URL names land on the portal's version.
account_overrides = [
    path("phone/verify/", account_views.verify_phone, name="account_verify_phone"),
    path("phone/change/", to_profile, name="account_change_phone"),
    path("email/", to_profile, name="account_email"),
    path(
        "password/reset/", password_reset.ResetRequestView.as_view(), name="account_reset_password"
    ),
    path(
        "password/reset/code/",
        password_reset.ResetCodeView.as_view(),
        name="account_reset_password_code",
    ),
    path(
        "password/reset/new/",
        password_reset.ResetNewPasswordView.as_view(),
        name="account_reset_password_new",
    ),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # The installable app (phananh/pwa.py): the worker's scope is the path it is served from.
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("ngoai-tuyen/", pwa.OfflineView.as_view(), name="offline"),
    path("xu-ly/", include("reports.triage.urls")),
    path("kiem-duyet/", include("moderation.urls")),
    path("binh-luan/", include("moderation.comment_urls")),
    # FixMyStreet's extension: its POST is a comment, so it lives with moderation.
    re_path(
        r"^open311/v2/servicerequestupdates\.(?P<fmt>[A-Za-z0-9]+)$",
        open311_updates.service_request_updates,
        name="open311_updates",
    ),
    path("open311/v2/", include("reports.opendata.open311.urls")),
    path("", include("reports.urls")),
    path("", include("engagement.urls")),
    path("tai-khoan/", include("accounts.urls")),
    path("tai-khoan/", include(account_overrides)),
    path("tai-khoan/", include("allauth.urls")),
    path("i18n/", include("accounts.language")),  # Django's switch, remembered for messages
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(admin_links.view_on_site),
        name="view_on_site",
    ),
    path("admin/", admin.site.urls),
]

handler500 = "phananh.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
