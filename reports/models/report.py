"""The report (phản ánh), its code counter and its history."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel
from .reference import AdministrativeUnit, Agency, Category


class ReportQuerySet(models.QuerySet):
    def for_reporter(self, user):
        """Everything a citizen filed, drafts included."""
        return self.filter(reporter=user)

    def drafts_of(self, user):
        return self.filter(reporter=user, status=Report.Status.DRAFT)

    def sent_by(self, user):
        """A citizen's reports that left the draft stage, in every later state."""
        return self.filter(reporter=user).exclude(status=Report.Status.DRAFT)

    def public(self):
        """What anyone may see: public reports the IOC received, never rejected ones."""
        return self.filter(is_public=True, status__in=Report.PUBLIC_STATUSES)

    def visible_to(self, user):
        """The one rule for who sees which report (drafts: their owner only)."""
        if not user.is_authenticated:
            return self.public()
        visible = models.Q(is_public=True, status__in=Report.PUBLIC_STATUSES) | models.Q(
            reporter=user
        )
        if user.has_perm("reports.view_report"):
            visible |= ~models.Q(status=Report.Status.DRAFT)
        return self.filter(visible)

    def open(self):
        return self.filter(status__in=Report.OPEN_STATUSES)

    def with_card_data(self):
        """What a report card shows, in a fixed number of queries."""
        from .media import Attachment

        images = Attachment.objects.filter(kind=Attachment.Kind.IMAGE).order_by("order", "pk")
        return self.select_related("category", "ward").prefetch_related(
            models.Prefetch("attachments", queryset=images, to_attr="prefetched_images")
        )


class Report(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Nháp")
        SUBMITTED = "submitted", _("Chờ tiếp nhận")
        RECEIVED = "received", _("Đã tiếp nhận")
        REJECTED = "rejected", _("Từ chối")
        FORWARDED = "forwarded", _("Đã chuyển xử lý")
        IN_PROGRESS = "in_progress", _("Đang xử lý")
        RESOLVED = "resolved", _("Đã có kết quả (chờ đăng tải)")
        PUBLISHED = "published", _("Đã xử lý")

    class Level(models.TextChoices):
        NORMAL = "normal", _("Bình thường")
        URGENT = "urgent", _("Khẩn")

    OPEN_STATUSES = (
        Status.SUBMITTED,
        Status.RECEIVED,
        Status.FORWARDED,
        Status.IN_PROGRESS,
        Status.RESOLVED,
    )

    PUBLIC_STATUSES = (
        Status.RECEIVED,
        Status.FORWARDED,
        Status.IN_PROGRESS,
        Status.RESOLVED,
        Status.PUBLISHED,
    )

    code = models.CharField(_("mã phản ánh"), max_length=20, unique=True, null=True, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=200, blank=True)
    content = models.TextField(_("nội dung"), blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("chuyên mục"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    urgent_requested = models.BooleanField(_("người gửi đề nghị khẩn"), default=False)
    level = models.CharField(
        _("mức độ"), max_length=10, choices=Level.choices, default=Level.NORMAL
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    latitude = models.DecimalField(
        _("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    ward = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("phường, xã"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    hide_name = models.BooleanField(_("ẩn tên khi công khai"), default=False)
    is_public = models.BooleanField(_("công khai"), default=False)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("đăng tải lúc"), null=True, blank=True)
    deadline = models.DateTimeField(_("hạn xử lý"), null=True, blank=True)
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_reports",
    )
    answer = models.TextField(_("kết quả trả lời"), blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("phản ánh")
        verbose_name_plural = _("phản ánh")
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-submitted_at"], name="report_status_submitted"),
            models.Index(
                fields=["reporter", "status", "-created_at"], name="report_reporter_status"
            ),
            models.Index(fields=["category", "status"], name="report_category_status"),
            models.Index(fields=["level", "status"], name="report_level_status"),
            models.Index(fields=["ward", "status"], name="report_ward_status"),
            models.Index(fields=["lead_agency", "status"], name="report_agency_status"),
            models.Index(fields=["is_public", "status"], name="report_public_status"),
            models.Index(fields=["deadline"], name="report_deadline"),
            models.Index(fields=["latitude", "longitude"], name="report_location"),
        ]

    def __str__(self):
        return self.code or str(_("Nháp: %(title)s") % {"title": self.title or "…"})

    def get_absolute_url(self):
        if self.status == self.Status.DRAFT:
            return reverse("reports:draft_edit", args=[self.pk])
        return reverse("reports:detail", args=[self.code])

    @property
    def first_image(self):
        """The first photo, from the prefetched `images` when the list prefetched it."""
        images = getattr(self, "prefetched_images", None)
        if images is not None:
            return images[0] if images else None
        return self.attachments.filter(kind="image").order_by("order", "pk").first()

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT


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
    """One entry of a report's history: every change of state, from the first submission."""

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
    note = models.TextField(_("ghi chú"), blank=True)
    is_public = models.BooleanField(_("công khai"), default=True)
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.report} {self.from_status} → {self.to_status}"
