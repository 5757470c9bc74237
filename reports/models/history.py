"""A report's code counter and its history (ReportEvent)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .reference import Agency
from .report import Report

_Status = Report.Status
# What a change of state means to the reader of a timeline, by the state reached
# (the same words as the report page's step tracker)...
_REACHED = {
    _Status.SUBMITTED: _("Đã gửi"),
    _Status.RECEIVED: _("Đã tiếp nhận"),
    _Status.REJECTED: _("Không được tiếp nhận"),
    _Status.FORWARDED: _("Đã chuyển đến cơ quan xử lý"),
    _Status.IN_PROGRESS: _("Đang xử lý"),
    _Status.RESOLVED: _("Đã có kết quả"),
    _Status.PUBLISHED: _("Đã đăng tải kết quả"),
}
# ...but going back is another step than going forward.
_MOVED_BACK = {
    (_Status.FORWARDED, _Status.RECEIVED): _("Trở lại Trung tâm IOC để điều phối lại"),
    (_Status.IN_PROGRESS, _Status.RECEIVED): _("Trở lại Trung tâm IOC để điều phối lại"),
    (_Status.RESOLVED, _Status.IN_PROGRESS): _("Yêu cầu xử lý bổ sung"),
    # The IOC reopens a published report after the reporter's unsatisfied rating.
    (_Status.PUBLISHED, _Status.FORWARDED): _("Mở lại xử lý theo ý kiến người dân"),
}


class ReportCodeCounter(models.Model):
    """The last number given out in a year; one row per year, locked while used."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm mã phản ánh")
        verbose_name_plural = _("bộ đếm mã phản ánh")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class ReportEvent(models.Model):
    """One entry of a report's history: every change of state from the first
    submission, and the notes, opinions and extension steps in between."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("Chuyển trạng thái")
        PROGRESS = "progress", _("Ghi chú tiến độ")
        OPINION = "opinion", _("Ý kiến phối hợp")
        EXTENSION_REQUEST = "extension_request", _("Đề nghị gia hạn")
        EXTENSION_DECISION = "extension_decision", _("Quyết định gia hạn")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(
        _("từ trạng thái"), max_length=12, choices=Report.Status.choices, blank=True
    )
    to_status = models.CharField(_("sang trạng thái"), max_length=12, choices=Report.Status.choices)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.TRANSITION)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    is_public = models.BooleanField(_("công khai"), default=True)
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["created_at", "pk"]
        indexes = [
            # Open311 servicerequestupdates: partners poll the last hours' public steps.
            models.Index(
                fields=["created_at"], name="event_public_created_idx", condition=Q(is_public=True)
            ),
        ]

    def __str__(self):
        return f"{self.report} {self.from_status} → {self.to_status}"

    @property
    def headline(self) -> str:
        """What happened, for a timeline: the step a change of state reached
        ("Đã tiếp nhận"), or what the entry is ("Ghi chú tiến độ")."""
        if self.kind != self.Kind.TRANSITION:
            return self.get_kind_display()
        moved_back = _MOVED_BACK.get((self.from_status, self.to_status))
        return str(moved_back or _REACHED.get(self.to_status) or self.get_to_status_display())
