from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Người dân cùng theo dõi")

    def ready(self):
        from engagement import receivers, tasks  # noqa: F401

        receivers.connect()
