"""The report (phản ánh): its states, who sees it, and its queries."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.text import fold

from .base import TimeStampedModel
from .reference import AdministrativeUnit, Agency, Category
from .statuses import (
    OPEN_STATUSES,
    PUBLIC_Q,
    PUBLIC_STATUSES,
    ReportStatus,
    overdue_q,
)

# The IOC's own permissions (Report.Meta.permissions): every sent report, and
# the reporters' phone numbers and e-mail addresses.
SEES_EVERY_REPORT = "reports.view_all_reports"
SEES_REPORTER_CONTACT = "reports.view_reporter_contact"
# Where permissions live (allauth's backend, also configured, holds none).
PERMISSIONS_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Works as the IOC: receives, forwards, answers and publishes reports.
PROCESSES_REPORTS = "reports.process_report"


def ioc_users() -> models.QuerySet:
    """Everyone who works as the IOC: the active holders of PROCESSES_REPORTS,
    through a group or directly, and active superusers."""
    return get_user_model().objects.with_perm(PROCESSES_REPORTS, backend=PERMISSIONS_BACKEND)


def is_ioc(user) -> bool:
    """Whether `user` is one of `ioc_users()`, without a query once the user's
    permissions are loaded (Django's ModelBackend answers both the same way)."""
    return user.is_active and user.has_perm(PROCESSES_REPORTS)


class ReportQuerySet(models.QuerySet):
    def drafts_of(self, user):
        return self.filter(reporter=user, status=Report.Status.DRAFT)

    def sent_by(self, user):
        """A citizen's reports that left the draft stage, in every later state."""
        return self.filter(reporter=user).exclude(status=Report.Status.DRAFT)

    def public(self):
        """What anyone may see: public reports the IOC received, never rejected ones."""
        return self.filter(PUBLIC_Q)

    def visible_to(self, user):
        """The one rule for who sees which report (drafts: their owner only):
        the public ones, one's own, every report for IOC staff, and those an
        agency handles or watches for its members."""
        if not user.is_authenticated:
            return self.public()
        visible = PUBLIC_Q | models.Q(reporter=user)
        if user.has_perm(SEES_EVERY_REPORT):
            visible |= ~models.Q(status=Report.Status.DRAFT)
        else:
            visible |= Report.handled_or_watched_q(user)
        return self.filter(visible)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now=None):
        return self.filter(overdue_q(now))

    def with_overdue(self, now=None):
        """Annotate `is_overdue`, for lists that show the badge."""
        return self.annotate(
            is_overdue=models.Case(
                models.When(overdue_q(now), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def for_agency(self, agency):
        """Reports forwarded to the agency, as lead or co-processing. The
        co-processed ids are read first (one small query): with a literal list,
        PostgreSQL combines the lead-agency index and the primary key, where a
        subquery inside the OR would make it scan every report. No join, so no
        duplicate rows and no DISTINCT."""
        co_processed = Report.co_agencies.through.objects.filter(agency=agency)
        co_ids = list(co_processed.values_list("report_id", flat=True))
        return self.filter(models.Q(lead_agency=agency) | models.Q(pk__in=co_ids)).exclude(
            status=Report.Status.DRAFT
        )

    def in_area_of(self, agency):
        """Reports located in the agency's wards (area monitors, read-only)."""
        return self.filter(ward__in=agency.units.all()).exclude(status=Report.Status.DRAFT)

    def with_pending_extension(self):
        """Load `Report.pending_extension` with the reports (one query for all)."""
        from .extension import ExtensionRequest

        pending = ExtensionRequest.objects.pending().select_related("agency", "requested_by")
        return self.prefetch_related(
            models.Prefetch("extension_requests", queryset=pending, to_attr="prefetched_pending")
        )

    def with_card_data(self):
        """What a report card shows, in a fixed number of queries."""
        from .media import Attachment

        images = Attachment.objects.filter(kind=Attachment.Kind.IMAGE, is_answer=False).order_by(
            "order", "pk"
        )
        return self.select_related("category", "ward").prefetch_related(
            models.Prefetch("attachments", queryset=images, to_attr="prefetched_images")
        )


class Report(TimeStampedModel):
    Status = ReportStatus

    class Level(models.TextChoices):
        NORMAL = "normal", _("Bình thường")
        URGENT = "urgent", _("Khẩn")

    class RejectionReason(models.TextChoices):
        SPAM = "spam", _("Tin rác, quảng cáo")
        UNCLEAR = "unclear", _("Nội dung không rõ ràng")
        OUT_OF_SCOPE = "out_of_scope", _("Không thuộc phạm vi tiếp nhận")
        DUPLICATE = "duplicate", _("Trùng với phản ánh khác")
        OTHER = "other", _("Lý do khác")

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
    co_agencies = models.ManyToManyField(
        Agency,
        verbose_name=_("cơ quan phối hợp"),
        blank=True,
        related_name="co_processed_reports",
    )
    forwarded_at = models.DateTimeField(_("chuyển xử lý lúc"), null=True, blank=True)
    rejection_reason = models.CharField(
        _("lý do từ chối"), max_length=12, choices=RejectionReason.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("trùng với"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    # Lower case without accents: code, title and the reporter's name unless
    # hidden. Kept by save(); searched by the public list and the admin.
    search_text = models.TextField(editable=False, default="")

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("phản ánh")
        verbose_name_plural = _("phản ánh")
        ordering = ["-submitted_at", "-created_at"]
        permissions = [
            ("process_report", _("Tiếp nhận, chuyển xử lý và đăng tải phản ánh (IOC)")),
            ("view_all_reports", _("Xem mọi phản ánh đã gửi (IOC)")),
            ("view_reporter_contact", _("Xem số điện thoại và thư điện tử người gửi (IOC)")),
        ]
        # Each list's filter and order has an index it can read in order and stop
        # after one page: the partial ones hold only what the public may see.
        indexes = [
            models.Index(
                fields=["-submitted_at", "-id"], condition=PUBLIC_Q, name="report_public_recent"
            ),
            models.Index(
                fields=["level", "-submitted_at", "-id"],
                condition=PUBLIC_Q,
                name="report_public_level_recent",
            ),
            models.Index(
                fields=["category", "-submitted_at", "-id"],
                condition=PUBLIC_Q,
                name="report_public_category_recent",
            ),
            models.Index(
                fields=["status", "-submitted_at", "-id"],
                condition=PUBLIC_Q,
                name="report_public_status_recent",
            ),
            models.Index(
                fields=["-published_at", "-id"],
                condition=PUBLIC_Q & models.Q(status=ReportStatus.PUBLISHED),
                name="report_published_recent",
            ),
            models.Index(
                fields=["reporter", "-submitted_at", "-id"], name="report_reporter_recent"
            ),
            models.Index(
                fields=["lead_agency", "status", "deadline", "id"], name="report_agency_deadline"
            ),
            models.Index(fields=["-submitted_at", "-created_at"], name="report_recent"),
            models.Index(fields=["status", "-submitted_at"], name="report_status_submitted"),
            models.Index(
                fields=["reporter", "status", "-created_at"], name="report_reporter_status"
            ),
            models.Index(fields=["category", "status"], name="report_category_status"),
            models.Index(fields=["level", "status"], name="report_level_status"),
            models.Index(fields=["ward", "status"], name="report_ward_status"),
            models.Index(fields=["is_public", "status"], name="report_public_status"),
            models.Index(fields=["deadline"], name="report_deadline"),
            models.Index(fields=["latitude", "longitude"], name="report_location"),
        ]

    def __str__(self):
        return self.code or str(_("Nháp: %(title)s") % {"title": self.title or "…"})

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        name = "" if self.hide_name else self.reporter.full_name
        return fold(" ".join(part for part in (self.code or "", self.title, name) if part))

    @staticmethod
    def handled_or_watched_q(user) -> models.Q:
        """Reports an agency of the user handles (lead or co-processing) or
        watches (its wards, for area monitors); never drafts."""
        from .reference import AgencyMembership

        memberships = AgencyMembership.objects.filter(user=user, agency__is_active=True)
        handling = memberships.exclude(role=AgencyMembership.AgencyRole.MONITOR).values("agency")
        watching = memberships.filter(role=AgencyMembership.AgencyRole.MONITOR).values(
            "agency__units"
        )
        handled = models.Q(lead_agency__in=handling) | models.Q(
            pk__in=Report.co_agencies.through.objects.filter(agency__in=handling).values("report")
        )
        return ~models.Q(status=Report.Status.DRAFT) & (handled | models.Q(ward__in=watching))

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
        return (
            self.attachments.filter(kind="image", is_answer=False).order_by("order", "pk").first()
        )

    def public_reporter_name(self, *, viewer=None) -> str:
        """How every page, feed, API and comment names the reporter: their name,
        or "Người dân (ẩn tên)" when they have none or hid it (from everyone
        but themselves, when they are the `viewer`). Never their phone number."""
        name = self.reporter.full_name
        if name and (not self.hide_name or getattr(viewer, "pk", None) == self.reporter_id):
            return name
        return str(_("Người dân (ẩn tên)"))

    @property
    def requested_level(self) -> str:
        """The level the citizen's urgent tick asks for: the IOC's default."""
        return self.Level.URGENT if self.urgent_requested else self.Level.NORMAL

    @property
    def level_decided(self) -> bool:
        """The IOC decides the level when it receives the report (`report_receive`):
        before that, `level` is only the default and says nothing."""
        return self.received_at is not None or self.status in PUBLIC_STATUSES

    @property
    def urgent_request_pending(self) -> bool:
        """The citizen ticked "Phản ánh khẩn" and the IOC has not decided the
        level yet (a report refused unreceived closes the request with it)."""
        return self.urgent_requested and self.status == self.Status.SUBMITTED

    @property
    def pending_extension(self):
        """The extension request waiting for the IOC, or None (a constraint keeps
        it to one); loaded with the report by `with_pending_extension()`."""
        pending = getattr(self, "prefetched_pending", None)
        if pending is None:
            pending = self.extension_requests.pending().select_related("agency", "requested_by")
        return next(iter(pending[:1]), None)

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_seen_by_public(self) -> bool:
        """`PUBLIC_Q` for one report: only such a page is worth sharing."""
        return self.is_public and self.status in PUBLIC_STATUSES

    @property
    def shows_deadline(self) -> bool:
        """A refused report has nothing left to do by any date."""
        return self.deadline is not None and self.status != self.Status.REJECTED

    @property
    def overdue(self) -> bool:
        """`overdue_q` for one report: annotated by `with_overdue()` (lists and
        the report pages load it so), else asked of the database."""
        annotated = getattr(self, "is_overdue", None)
        if annotated is not None:
            return annotated
        return Report.objects.filter(overdue_q(), pk=self.pk).exists()
