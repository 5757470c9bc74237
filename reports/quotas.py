"""How much one citizen may keep and send (security review, issue 10 item 9):
drafts kept at once, bytes uploaded in a day, reports sent in an hour.

`services.report_save` checks them before any file is written, so a refused
upload leaves nothing on disk. Open311 partners are limited per key instead
(they all file under one owner)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import Attachment, Report
from reports.workflow import WorkflowError


class QuotaExceeded(WorkflowError):
    """A limit reached; the message tells the citizen what to do."""


def check(*, reporter, report, uploads, submit: bool) -> None:
    now = timezone.now()
    if report is None and not submit:
        drafts = Report.objects.drafts_of(reporter).count()
        if drafts >= settings.REPORT_MAX_DRAFTS:
            raise QuotaExceeded(
                _("Bạn đã có %(count)s bản nháp. Hãy gửi hoặc xoá bớt trước khi lưu bản mới.")
                % {"count": drafts}
            )
    new_bytes = sum(
        prepared.size for prepared_uploads in uploads.values() for prepared in prepared_uploads
    )
    if new_bytes:
        used = (
            Attachment.objects.filter(
                report__reporter=reporter, is_answer=False, created_at__gte=now - timedelta(days=1)
            ).aggregate(total=Sum("size"))["total"]
            or 0
        )
        if used + new_bytes > settings.REPORT_DAILY_UPLOAD_BYTES:
            raise QuotaExceeded(
                _(
                    "Trong 24 giờ qua bạn đã tải lên %(used)s; mỗi người được tải tối đa "
                    "%(limit)s một ngày. Hãy gửi ít tệp hơn hoặc thử lại sau."
                )
                % {
                    "used": filesizeformat(used),
                    "limit": filesizeformat(settings.REPORT_DAILY_UPLOAD_BYTES),
                }
            )
    if submit:
        sent = Report.objects.sent_by(reporter).filter(submitted_at__gte=now - timedelta(hours=1))
        if sent.count() >= settings.REPORT_SUBMISSIONS_PER_HOUR:
            raise QuotaExceeded(
                _(
                    "Bạn đã gửi %(count)s phản ánh trong một giờ qua. Hãy gửi lại sau ít phút; "
                    "nội dung bạn nhập vẫn còn trên trang."
                )
                % {"count": settings.REPORT_SUBMISSIONS_PER_HOUR}
            )
