from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Kiểm duyệt")

    def ready(self):
        from moderation import personal_data
        from moderation.models import Comment, CommentLike
        from reports import receivers

        # Approved comments and their likes are on public report pages and cards.
        receivers.watch(Comment, CommentLike)
        personal_data.connect()
