"""The reporter's satisfaction with the published answer (README §5)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel


class Satisfaction(TimeStampedModel):
    """One rating per report, by its reporter; changed in place (see
    reports/satisfaction.py), so `updated_at` says when it last changed."""

    class Level(models.TextChoices):
        SATISFIED = "satisfied", _("Hài lòng")
        ACCEPTABLE = "acceptable", _("Chấp nhận")
        DISSATISFIED = "dissatisfied", _("Không hài lòng")

    report = models.OneToOneField(
        "reports.Report",
        verbose_name=_("phản ánh"),
        on_delete=models.CASCADE,
        related_name="satisfaction",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh giá"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    level = models.CharField(_("mức độ hài lòng"), max_length=12, choices=Level.choices)
    comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("mức độ hài lòng")
        verbose_name_plural = _("mức độ hài lòng")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(level="dissatisfied") | ~models.Q(comment=""),
                name="satisfaction_dissatisfied_has_comment",
            ),
        ]

    def __str__(self):
        return f"{self.report}: {self.get_level_display()}"
