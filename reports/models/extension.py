from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .reference import Agency


class ExtensionRequestQuerySet(models.QuerySet):
    def pending(self):
        """Waiting for the IOC's decision (at most one per report)."""
        return self.filter(status=ExtensionRequest.Status.PENDING)


class ExtensionRequest(models.Model):
    """An agency asks the IOC for more time (gia hạn); the IOC approves or refuses."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã đồng ý")
        REFUSED = "refused", _("Không đồng ý")
        CANCELLED = "cancelled", _("Huỷ do phản ánh được chuyển lại")

    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="extension_requests"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề nghị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_deadline = models.DateTimeField(_("hạn mới đề nghị"))
    reason = models.TextField(_("lý do"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)

    objects = ExtensionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(status="pending"),
                name="one_pending_extension_per_report",
            )
        ]

    def __str__(self):
        return f"{self.report} → {self.new_deadline:%d/%m/%Y}"
