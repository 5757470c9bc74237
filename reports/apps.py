from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Phản ánh")

    def ready(self):
        # tasks: registered in every process, since the outbox, the thumbnails
        # and the statistics ask for them by name (in-process without Redis).
        from reports import personal_data, receivers, tasks, user_cache  # noqa: F401
        from reports.notifications import delivery

        receivers.connect()
        user_cache.connect()
        delivery.connect()
        personal_data.connect()
