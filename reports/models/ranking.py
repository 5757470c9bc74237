"""The monthly rankings of the agencies (issue 15), fixed once a month is over.

A month that is over is computed once (reports/opendata/rankings.py,
`freeze_month`) and its rows are then what the public sees for ever: a report
answered or rated later moves no published figure, as the city's monthly
rankings are never revised. The shares and the rank are kept, not derived
again, so a later change of rule does not move them either; so is the
agency's name of the month."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlyRanking(models.Model):
    """A month whose figures are fixed: it exists once they are all written,
    also for a month in which no agency received a report."""

    month = models.DateField(_("tháng"), unique=True, help_text=_("Ngày đầu tháng."))
    computed_at = models.DateTimeField(_("chốt số liệu lúc"))

    class Meta:
        verbose_name = _("xếp hạng tháng")
        verbose_name_plural = _("xếp hạng tháng")
        ordering = ["-month"]

    def __str__(self):
        return self.month.strftime("%Y-%m")


class MonthlyAgencyFigures(models.Model):
    """One agency's fixed figures of a month: the reports sent that month that
    it leads, counted as the statistics page counts them (public ones only)."""

    ranking = models.ForeignKey(
        MonthlyRanking,
        verbose_name=_("xếp hạng tháng"),
        on_delete=models.CASCADE,
        related_name="rows",
    )
    agency = models.ForeignKey(
        "reports.Agency",
        verbose_name=_("cơ quan xử lý"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    agency_name = models.CharField(_("tên cơ quan"), max_length=200)
    rank = models.PositiveIntegerField(_("hạng"))
    received = models.PositiveIntegerField(_("đã nhận"))
    answered = models.PositiveIntegerField(_("đã trả lời"))
    on_time = models.PositiveIntegerField(_("đúng hạn"))
    late = models.PositiveIntegerField(_("quá hạn"))
    on_time_rate = models.FloatField(_("tỉ lệ đúng hạn (%)"), null=True)
    average_working_days = models.FloatField(
        _("thời gian xử lý trung bình (ngày làm việc)"), null=True
    )
    satisfied = models.PositiveIntegerField(_("hài lòng"))
    acceptable = models.PositiveIntegerField(_("chấp nhận"))
    dissatisfied = models.PositiveIntegerField(_("không hài lòng"))
    satisfied_rate = models.FloatField(_("tỉ lệ hài lòng (%)"), null=True)

    class Meta:
        verbose_name = _("số liệu tháng của cơ quan")
        verbose_name_plural = _("số liệu tháng của cơ quan")
        ordering = ["ranking", "rank", "agency_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ranking", "agency"], name="monthly_figures_one_row_per_agency"
            )
        ]

    def __str__(self):
        return f"{self.ranking} #{self.rank} {self.agency_name}"
