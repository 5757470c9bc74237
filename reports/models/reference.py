"""Reference data: categories, administrative units and the agencies that handle reports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.text import fold

from .base import TimeStampedModel


class Category(TimeStampedModel):
    """A topic of reports (chuyên mục), with its processing time in working days."""

    name = models.CharField(_("tên"), max_length=120)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    icon = models.CharField(_("biểu tượng"), max_length=8, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    default_agency = models.ForeignKey(
        "Agency",
        verbose_name=_("cơ quan xử lý mặc định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="default_for_categories",
    )
    processing_days_normal = models.PositiveSmallIntegerField(
        _("hạn xử lý thường (ngày làm việc)"), default=7
    )
    processing_days_urgent = models.PositiveSmallIntegerField(
        _("hạn xử lý khẩn (ngày làm việc)"), default=1
    )
    answer_photo_required = models.BooleanField(
        _("bắt buộc ảnh kết quả"),
        default=False,
        help_text=_(
            "Câu trả lời của phản ánh thuộc chuyên mục này phải kèm ít nhất một ảnh "
            "hiện trường sau khi xử lý."
        ),
    )

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class AdministrativeUnitQuerySet(models.QuerySet):
    def current_wards(self):
        """Wards and communes directly under a province (the level after 2025)."""
        return self.filter(
            level=AdministrativeUnit.Level.WARD, parent__level=AdministrativeUnit.Level.PROVINCE
        )


class AdministrativeUnit(models.Model):
    """A province, a (former) district, or a ward/commune, with its official code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        DISTRICT = "district", _("Quận, huyện (trước 2025)")
        WARD = "ward", _("Phường, xã, đặc khu")

    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại"), max_length=40, blank=True)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    latitude = models.FloatField(_("vĩ độ tâm"), null=True, blank=True)
    longitude = models.FloatField(_("kinh độ tâm"), null=True, blank=True)
    # Lower case, no accents: the search "quang tri" finds "Quảng Trị".
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["name"]
        indexes = [models.Index(fields=["level", "parent"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_folded"}
        super().save(*args, **kwargs)


class Agency(TimeStampedModel):
    """A body that handles reports (cơ quan/đơn vị xử lý)."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Sở, ban, ngành")
        COMMUNE = "commune", _("UBND phường, xã")
        COMPANY = "company", _("Doanh nghiệp dịch vụ công")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên"), max_length=200)
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    units = models.ManyToManyField(
        AdministrativeUnit,
        verbose_name=_("địa bàn phụ trách"),
        blank=True,
        related_name="agencies",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="AgencyMembership",
        related_name="agencies",
        verbose_name=_("thành viên"),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan xử lý")
        verbose_name_plural = _("cơ quan xử lý")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AgencyMembership(models.Model):
    class AgencyRole(models.TextChoices):
        """A member's job in the agency (the workflow's `ReportRole` is derived from it)."""

        OFFICER = "officer", _("Cán bộ xử lý")
        LEADER = "leader", _("Lãnh đạo")
        MONITOR = "monitor", _("Theo dõi địa bàn")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên"),
        on_delete=models.CASCADE,
        related_name="agency_memberships",
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=AgencyRole.choices)

    class Meta:
        verbose_name = _("thành viên cơ quan")
        verbose_name_plural = _("thành viên cơ quan")
        constraints = [
            models.UniqueConstraint(fields=["agency", "user"], name="one_membership_per_agency")
        ]

    def __str__(self):
        return f"{self.user} – {self.agency} ({self.get_role_display()})"
