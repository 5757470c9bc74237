import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def read(self):
        return self.filter(read_at__isnull=False)


class Notification(models.Model):
    """A message in a citizen's personal area (thông báo).

    It stores what happened (`kind`, a key of reports/notifications/kinds.py)
    and its `params`; `message` is its sentence in the language of whoever
    reads it. Rows written before kinds have kind "" and keep the sentence
    written then (`stored_text`), in the sender's language.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    report = models.ForeignKey(
        "reports.Report",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("loại"), max_length=40, blank=True, default="")
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    stored_text = models.CharField(_("nội dung đã lưu"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã xem lúc"), null=True, blank=True)
    # Set for notices that must appear once per occasion (a daily reminder).
    dedupe_key = models.CharField(max_length=120, unique=True, null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self):
        return self.message

    def _message(self) -> str:
        # Imported here: the catalogue reads the models' choices.
        from reports.notifications.kinds import Message

        if not self.kind:
            return self.stored_text
        return Message(self.kind, self.params).render(default=self.stored_text)

    def _set_message(self, text: str) -> None:
        """A notice of no kind: its text, shown as is in every language."""
        self.kind, self.params, self.stored_text = "", {}, text[:500]

    _message.short_description = _("nội dung")
    message = property(_message, _set_message)


class Delivery(models.Model):
    """An SMS or e-mail waiting to go out: the transactional outbox.

    Rows are written in the same transaction as the change they announce, so a
    committed change always has its messages, and a rolled-back one has none. A
    Celery task (and a periodic sweep, for when the broker was down) sends what
    is pending; `key` travels to the gateway so that a retry after a crash
    cannot make a second SMS.
    """

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("Thư điện tử")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(_("kênh"), max_length=5, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    address = models.CharField(_("gửi đến"), max_length=254)
    subject = models.CharField(_("tiêu đề"), max_length=200, blank=True)
    body = models.TextField(_("nội dung"))
    report = models.ForeignKey(
        "reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set for messages that must go out once per occasion (e.g. a daily reminder).
    dedupe_key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tin gửi đi")
        verbose_name_plural = _("nhật ký gửi thông báo")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.address}"

    @property
    def is_for_recipient_only(self) -> bool:
        """A message of no report is an account's own SMS (a sign-up or reset
        code kept while the gateway was down): only its recipient may read it,
        or whoever reads it could finish their password reset."""
        return self.report_id is None
