"""What citizens ask to hear about: a report they also meet ("Tôi cũng gặp"),
a report they follow, and alerts for an area or a topic (README §5)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# A radius alert covers at most this much around its point.
MAX_RADIUS_METRES = 5000
MIN_RADIUS_METRES = 100


class Support(models.Model):
    """A citizen meets the same problem ("Tôi cũng gặp"): one per person and report."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dân"),
        on_delete=models.CASCADE,
        related_name="supports",
    )
    report = models.ForeignKey(
        "reports.Report",
        verbose_name=_("phản ánh"),
        on_delete=models.CASCADE,
        related_name="supports",
    )
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("người cùng gặp")
        verbose_name_plural = _("người cùng gặp")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "report"], name="one_support_per_person")
        ]
        indexes = [models.Index(fields=["report"], name="support_report")]

    def __str__(self):
        return f"{self.user} → {self.report}"


class Follow(models.Model):
    """A citizen hears about a report's public steps and its published answer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người theo dõi"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    report = models.ForeignKey(
        "reports.Report",
        verbose_name=_("phản ánh"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("theo dõi phản ánh")
        verbose_name_plural = _("theo dõi phản ánh")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "report"], name="one_follow_per_person")
        ]
        indexes = [models.Index(fields=["report"], name="follow_report")]

    def __str__(self):
        return f"{self.user} → {self.report}"


class Subscription(models.Model):
    """New public reports and published answers in a ward, a category, or
    within a radius of a point, for one account (README §5)."""

    class Scope(models.TextChoices):
        WARD = "ward", _("Phường, xã")
        CATEGORY = "category", _("Chuyên mục")
        RADIUS = "radius", _("Quanh một điểm")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Ngay khi có")
        DAILY = "daily", _("Bản tin mỗi ngày")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope.choices)
    ward = models.ForeignKey(
        "reports.AdministrativeUnit",
        verbose_name=_("phường, xã"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    category = models.ForeignKey(
        "reports.Category",
        verbose_name=_("chuyên mục"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    latitude = models.DecimalField(
        _("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    radius = models.PositiveIntegerField(
        _("bán kính (m)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_RADIUS_METRES), MaxValueValidator(MAX_RADIUS_METRES)],
    )
    frequency = models.CharField(
        _("nhận tin"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    by_email = models.BooleanField(_("gửi thư điện tử"), default=False)
    sms_urgent = models.BooleanField(_("SMS khi phản ánh khẩn"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đăng ký nhận tin")
        verbose_name_plural = _("đăng ký nhận tin")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope="ward", ward__isnull=False)
                    | models.Q(scope="category", category__isnull=False)
                    | models.Q(
                        scope="radius",
                        latitude__isnull=False,
                        longitude__isnull=False,
                        radius__gte=MIN_RADIUS_METRES,
                        radius__lte=MAX_RADIUS_METRES,
                    )
                ),
                name="subscription_scope_complete",
            )
        ]
        indexes = [
            models.Index(fields=["ward"], name="subscription_ward"),
            models.Index(fields=["category"], name="subscription_category"),
            models.Index(fields=["scope", "latitude", "longitude"], name="subscription_point"),
        ]

    def __str__(self):
        return f"{self.user}: {self.describe()}"

    def describe(self) -> str:
        """What it covers, in the active language."""
        if self.scope == self.Scope.WARD:
            return str(self.ward.name)
        if self.scope == self.Scope.CATEGORY:
            return str(self.category.name)
        return str(_("Trong %(metres)s m quanh điểm %(lat)s, %(lon)s")) % {
            "metres": self.radius,
            "lat": self.latitude,
            "lon": self.longitude,
        }


class Alert(models.Model):
    """One report matched to one subscription, once per event: sent at once
    (`sent_at`), or kept for the day's digest (`digested_at`)."""

    class Event(models.TextChoices):
        NEW = "new", _("Phản ánh mới")
        ANSWER = "answer", _("Kết quả được đăng tải")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="alerts")
    report = models.ForeignKey("reports.Report", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=8, choices=Event.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    by_sms = models.BooleanField(default=False)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tin đã khớp")
        verbose_name_plural = _("tin đã khớp")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "report", "event"], name="one_alert_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["subscription", "created_at"], name="alert_subscription_day"),
            models.Index(fields=["digested_at", "sent_at"], name="alert_digest_waiting"),
        ]

    def __str__(self):
        return f"{self.subscription_id} ← {self.report_id} ({self.event})"
