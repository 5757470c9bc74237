"""The reporter's satisfaction with the published answer (README §5), and the
IOC's review of an unsatisfied one (issue 15: reopening)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel


class SatisfactionQuerySet(models.QuerySet):
    def awaiting_review(self):
        """The IOC's "Chờ xem xét lại" queue: unsatisfied ratings of published
        answers, not decided yet (reports/satisfaction.py sets the state)."""
        return self.filter(review_outcome=Satisfaction.Review.PENDING)


class Satisfaction(TimeStampedModel):
    """One rating per report, by its reporter; changed in place (see
    reports/satisfaction.py), so `updated_at` says when it last changed.

    The review fields say what the IOC did about an unsatisfied rating: it waits
    (pending), the report was reopened to an agency (reopened: the rating was
    about an answer that is no longer the report's), or the IOC kept the answer
    and replied to the reporter (closed, `review_reply`)."""

    class Level(models.TextChoices):
        SATISFIED = "satisfied", _("Hài lòng")
        ACCEPTABLE = "acceptable", _("Chấp nhận")
        DISSATISFIED = "dissatisfied", _("Không hài lòng")

    class Review(models.TextChoices):
        NONE = "", _("Không cần xem xét")
        PENDING = "pending", _("Chờ xem xét lại")
        REOPENED = "reopened", _("Đã mở lại xử lý")
        CLOSED = "closed", _("Đã trả lời, giữ nguyên kết quả")

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
    review_outcome = models.CharField(
        _("xem xét lại"), max_length=10, choices=Review.choices, blank=True, default=""
    )
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem xét"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_reply = models.TextField(_("trả lời của Trung tâm IOC"), blank=True)

    objects = SatisfactionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mức độ hài lòng")
        verbose_name_plural = _("mức độ hài lòng")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(level="dissatisfied") | ~models.Q(comment=""),
                name="satisfaction_dissatisfied_has_comment",
            ),
        ]
        indexes = [
            # The IOC's queue (a handful of rows among every rating).
            models.Index(
                fields=["updated_at"],
                name="satisfaction_review_idx",
                condition=models.Q(review_outcome="pending"),
            ),
        ]

    def __str__(self):
        return f"{self.report}: {self.get_level_display()}"

    @property
    def awaits_review(self) -> bool:
        return self.review_outcome == self.Review.PENDING

    @property
    def is_about_an_earlier_answer(self) -> bool:
        """Reopened: the report was answered again since (or is being), so this
        rating no longer speaks about its current answer."""
        return self.review_outcome == self.Review.REOPENED
