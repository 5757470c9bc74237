"""The reporter's satisfaction with a published answer (README §5, seed 2.2.2).

Only the reporter, logged in and active, rates their own report, and only once
its answer is published; the rating can be changed, and "Không hài lòng" needs
a comment. The rating is its own row (one per report, enforced by the
database), not a workflow event: rating never changes the report's state.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reports.models import Report, Satisfaction

COMMENT_MAX_LENGTH = 2000


class SatisfactionError(Exception):
    """The user may not rate this report; the message is for the user."""


def satisfaction_get(*, report: Report) -> Satisfaction | None:
    """The current rating of the report, if any."""
    return Satisfaction.objects.filter(report=report).first()


def satisfaction_check_allowed(*, report: Report, user) -> None:
    """Raise SatisfactionError unless `user` may rate `report` now."""
    if not user.is_authenticated or not user.is_active:
        raise SatisfactionError(_("Hãy đăng nhập để đánh giá mức độ hài lòng."))
    if report.reporter_id != user.pk:
        raise SatisfactionError(_("Chỉ người gửi phản ánh mới được đánh giá mức độ hài lòng."))
    if report.status != Report.Status.PUBLISHED:
        raise SatisfactionError(
            _("Chỉ đánh giá được khi kết quả xử lý của phản ánh đã được đăng tải.")
        )


def satisfaction_can_rate(*, report: Report, user) -> bool:
    try:
        satisfaction_check_allowed(report=report, user=user)
    except SatisfactionError:
        return False
    return True


def satisfaction_rate(*, report: Report, user, level: str, comment: str = "") -> Satisfaction:
    """Record the reporter's rating of `report`, or change the one they gave.

    Raises SatisfactionError when `user` may not rate it (see
    `satisfaction_check_allowed`), and ValidationError keyed by field
    ("level", "comment") for an unknown level, a comment that is too long, or
    "Không hài lòng" without a comment. Locks the report row, so two submits at
    once leave one rating: the later one.
    """
    satisfaction_check_allowed(report=report, user=user)
    comment = (comment or "").strip()
    errors = {}
    if level not in Satisfaction.Level.values:
        errors["level"] = _("Hãy chọn mức độ hài lòng.")
    if level == Satisfaction.Level.DISSATISFIED and not comment:
        errors["comment"] = _("Hãy cho biết vì sao bạn không hài lòng.")
    if len(comment) > COMMENT_MAX_LENGTH:
        errors["comment"] = _("Ý kiến dài tối đa %(limit)d ký tự.") % {"limit": COMMENT_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Checked again under the lock: the report may have changed since it was read.
        locked = (
            Report.objects.select_for_update().only("pk", "status", "reporter_id").get(pk=report.pk)
        )
        satisfaction_check_allowed(report=locked, user=user)
        satisfaction, _created = Satisfaction.objects.update_or_create(
            report_id=locked.pk, defaults={"user": user, "level": level, "comment": comment}
        )
    return satisfaction
