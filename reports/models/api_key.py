"""Keys that let partner systems post reports through Open311 (README §8)."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def matching(self, raw_key: str):
        """The active key for `raw_key`, or None (never raises on odd input)."""
        if not raw_key or len(raw_key) > 200:
            return None
        return self.filter(key_hash=hash_key(raw_key), is_active=True).first()


class ApiKey(models.Model):
    """One partner's key. Only its SHA-256 is stored; the key itself is shown
    once, when the IOC creates it in the admin. Revoke by unticking is_active."""

    name = models.CharField(_("tên"), max_length=120)
    partner = models.CharField(_("đối tác"), max_length=200)
    prefix = models.CharField(_("tiền tố"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    extended_statuses = models.BooleanField(
        _("trạng thái mở rộng"),
        default=False,
        help_text=_(
            "Cập nhật Open311 gửi trạng thái mở rộng của FixMyStreet (IN_PROGRESS, FIXED, "
            "DUPLICATE…) thay vì chỉ open/closed."
        ),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa API Open311")
        verbose_name_plural = _("khóa API Open311")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.partner})"

    def set_new_key(self) -> str:
        """Give the key a fresh random value; returns it (the only time it is seen)."""
        raw_key = secrets.token_urlsafe(32)
        self.prefix = raw_key[:8]
        self.key_hash = hash_key(raw_key)
        return raw_key


class PartnerSubmission(models.Model):
    """Who sent a report through Open311, as the partner told it: for the IOC's
    eyes only (the admin's report page), never on an agency's, a monitor's or a
    public page, feed, export or API. The partner's phone and e-mail receive the
    reporter's messages, since the report's owner is an account no one uses."""

    report = models.OneToOneField(
        "reports.Report", on_delete=models.CASCADE, related_name="partner_submission"
    )
    api_key = models.ForeignKey(
        ApiKey, on_delete=models.SET_NULL, null=True, related_name="submissions"
    )
    first_name = models.CharField(_("tên"), max_length=200, blank=True)
    last_name = models.CharField(_("họ"), max_length=200, blank=True)
    email = models.EmailField(_("thư điện tử"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=200, blank=True)
    device_id = models.CharField(_("thiết bị"), max_length=200, blank=True)
    media_urls = models.JSONField(_("ảnh/video của đối tác"), default=list, blank=True)
    attributes = models.JSONField(_("thuộc tính"), default=dict, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("người gửi qua Open311")
        verbose_name_plural = _("người gửi qua Open311")

    def __str__(self):
        return " ".join(part for part in (self.last_name, self.first_name) if part) or "—"
