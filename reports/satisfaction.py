"""The reporter's satisfaction with a published answer (README §5, seed 2.2.2),
and the state of the IOC's review of an unsatisfied one (issue 15).

Only the reporter, logged in and active, rates their own report, and only once
its answer is published; the rating can be changed, and "Không hài lòng" needs
a comment. The rating is its own row (one per report, enforced by the
database), not a workflow event: rating never changes the report's state.

An unsatisfied rating puts the report in the IOC's "Chờ xem xét lại" queue
(`Satisfaction.Review.PENDING`); a rating changed back before the IOC decides
takes it out. The IOC's decisions (reopen, or keep the answer and reply) are
workflow moves (reports/workflow/reopening.py) that end the review through
`review_decide`. This module is the one writer of the review fields.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import Report, Satisfaction
from reports.notifications import kinds, notify

COMMENT_MAX_LENGTH = 2000
Review = Satisfaction.Review
REVIEW_FIELDS = ["review_outcome", "reviewed_at", "reviewed_by", "review_reply"]


class SatisfactionError(Exception):
    """The user may not rate this report; the message is for the user."""


def satisfaction_get(*, report: Report) -> Satisfaction | None:
    """The rating of the report's current answer, if any: a rating that made
    the IOC reopen the report was about an earlier answer, so it is not this
    one's (the reporter rates the new answer afresh)."""
    rating = Satisfaction.objects.filter(report=report).first()
    if rating is None or rating.is_about_an_earlier_answer:
        return None
    return rating


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
    once leave one rating: the later one. Sets the review state
    (`_review_after_rating`) and tells the IOC when a review begins.
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
            Report.objects.select_for_update()
            .only("pk", "status", "reporter_id", "code")
            .get(pk=report.pk)
        )
        satisfaction_check_allowed(report=locked, user=user)
        rating = Satisfaction.objects.filter(report_id=locked.pk).first()
        review = _review_after_rating(rating, level, comment)
        values = {"user": user, "level": level, "comment": comment, **review}
        if rating is None:
            rating = Satisfaction.objects.create(report_id=locked.pk, **values)
        else:
            for name, value in values.items():
                setattr(rating, name, value)
            rating.save(update_fields=[*values, "updated_at"])
        if review.get("review_outcome") == Review.PENDING:
            notify.ioc(locked, kinds.message(kinds.DISSATISFIED, code=locked.code))
    return rating


def _review_after_rating(rating: Satisfaction | None, level: str, comment: str) -> dict:
    """The review fields a new rating leads to; {} when they stay as they are.

    - "Không hài lòng" (it always has a reason) begins a review, unless the
      same words are given again to a review under way or already answered.
    - Any other rating ends a review the IOC has not decided yet; one it
      answered stays answered (its reply stays on the page).
    - A rating of a reopened report's new answer starts afresh."""
    fresh = {"review_outcome": Review.NONE, "reviewed_at": None, "reviewed_by": None}
    fresh["review_reply"] = ""
    earlier = rating is None or rating.is_about_an_earlier_answer
    if level == Satisfaction.Level.DISSATISFIED:
        unchanged = not earlier and (rating.level, rating.comment) == (level, comment)
        if unchanged and rating.review_outcome in (Review.PENDING, Review.CLOSED):
            return {}
        return {**fresh, "review_outcome": Review.PENDING}
    if earlier or rating.review_outcome == Review.PENDING:
        return fresh
    return {}


def review_decide(*, report: Report, actor, outcome: str, reply: str = "") -> Satisfaction:
    """End the pending review of `report`'s rating as reopened or closed (with
    the IOC's `reply`). Called by the workflow's moves, inside their
    transaction and after their check (reports/workflow/reopening.py)."""
    if outcome not in (Review.REOPENED, Review.CLOSED):
        raise ValueError(f"Not an outcome of a review: {outcome!r}")
    rating = Satisfaction.objects.select_for_update().get(
        report=report, review_outcome=Review.PENDING
    )
    rating.review_outcome = outcome
    rating.reviewed_at = timezone.now()
    rating.reviewed_by = actor
    rating.review_reply = reply
    # Not `updated_at`: the page shows it as when the reporter rated.
    rating.save(update_fields=REVIEW_FIELDS)
    return rating
