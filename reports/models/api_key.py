"""Keys that let partner systems post reports through Open311 (SPEC section 8)."""

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

    @classmethod
    def issue(cls, *, name: str, partner: str) -> tuple["ApiKey", str]:
        api_key = cls(name=name, partner=partner)
        raw_key = api_key.set_new_key()
        api_key.save()
        return api_key, raw_key
