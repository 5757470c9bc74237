from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Phản ánh")

    def ready(self):
        from reports import personal_data, receivers, user_cache
        from reports.notifications import delivery

        receivers.connect()
        user_cache.connect()
        delivery.connect()
        personal_data.connect()
