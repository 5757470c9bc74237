"""Files attached to a report, stored under random names."""

import uuid
from pathlib import PurePath

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _random_name(folder: str, filename: str) -> str:
    # The citizen's file name is kept only as data (original_name), never as a path.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{folder}/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


def attachment_path(instance, filename):
    return _random_name("attachments", filename)


def thumbnail_path(instance, filename):
    return _random_name("thumbnails", filename)


class AttachmentQuerySet(models.QuerySet):
    def of_answer(self):
        """The files of the report's current answer (not those of an answer
        given before the report was reopened)."""
        return self.filter(is_answer=True, retired_at__isnull=True)


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Hình ảnh")
        VIDEO = "video", _("Video")
        FILE = "file", _("Tệp")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("loại"), max_length=5, choices=Kind.choices)
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=200)
    thumbnail = models.ImageField(
        _("ảnh thu nhỏ"), upload_to=thumbnail_path, max_length=200, blank=True
    )
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    original_name = models.CharField(_("tên gốc"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    # Attached to the agency's (or the IOC's) answer rather than by the citizen.
    is_answer = models.BooleanField(_("thuộc kết quả trả lời"), default=False)
    # An answer's file is retired when the IOC reopens the report: kept with the
    # history, it is no longer part of the report's result, public or as proof.
    retired_at = models.DateTimeField(_("thuộc kết quả cũ từ"), null=True, blank=True)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["kind", "order", "pk"]
        indexes = [models.Index(fields=["report", "kind", "order"])]

    def __str__(self):
        return self.original_name or self.file.name

    def get_absolute_url(self):
        return reverse("reports:attachment", args=[self.public_id])

    def get_thumbnail_url(self):
        return reverse("reports:attachment_thumbnail", args=[self.public_id])
