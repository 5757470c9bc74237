"""Reply templates (mẫu trả lời): texts the IOC keeps ready for answers,
returns and refusals, with placeholders filled by reports/reply_templates.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel


class ReplyTemplateQuerySet(models.QuerySet):
    def fitting(self, *, category, purpose: str | None = None):
        """The active templates for `purpose` (every purpose: None) on a report
        of `category`: the category's own first, then those for every category."""
        category_id = getattr(category, "pk", category)
        active = self.filter(is_active=True)
        if purpose is not None:
            active = active.filter(purpose=purpose)
        return active.filter(
            models.Q(category__isnull=True) | models.Q(category_id=category_id)
        ).order_by(models.F("category").asc(nulls_last=True), "title", "pk")


class ReplyTemplate(TimeStampedModel):
    class Purpose(models.TextChoices):
        ANSWER = "answer", _("Trả lời kết quả")
        RETURN = "return", _("Trả lại Trung tâm IOC")
        REJECT = "reject", _("Từ chối phản ánh")

    category = models.ForeignKey(
        "Category",
        verbose_name=_("chuyên mục"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reply_templates",
        help_text=_("Để trống: dùng cho mọi chuyên mục."),
    )
    purpose = models.CharField(_("dùng để"), max_length=10, choices=Purpose.choices)
    title = models.CharField(_("tên mẫu"), max_length=120)
    text = models.TextField(_("nội dung mẫu"), max_length=5000)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    objects = ReplyTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mẫu trả lời")
        verbose_name_plural = _("mẫu trả lời")
        ordering = ["purpose", "category__name", "title"]
        indexes = [models.Index(fields=["purpose", "category"])]

    def __str__(self):
        return self.title
