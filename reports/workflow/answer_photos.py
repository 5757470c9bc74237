"""The proof of the fix: for a category the IOC marked (`Category.answer_photo_required`),
an answer goes out only with at least one photo of the result.

The one home of that rule. The answer's workflow functions (agency.report_answer,
ioc.report_answer_directly) enforce it for every channel; the answer forms ask
`answer_photo_error` first, so the refusal shows next to their photo field."""

from django.utils.translation import gettext as _

from reports.models import Attachment, Category, Report

from .rules import WorkflowError


class AnswerPhotoRequired(WorkflowError):
    """An answer without a photo for a category that requires one."""


def answer_photo_error(*, report: Report, new_photos: int) -> str | None:
    """Why an answer with `new_photos` new photos may not be sent, or None.
    Photos of an earlier answer sent back for more work still count; those of
    an answer given before the report was reopened do not."""
    category = (
        Category.objects.filter(pk=report.category_id).only("name", "answer_photo_required").first()
    )
    if category is None or not category.answer_photo_required or new_photos > 0:
        return None
    if report.attachments.of_answer().filter(kind=Attachment.Kind.IMAGE).exists():
        return None
    return _(
        "Chuyên mục “%(category)s” cần ít nhất một ảnh kết quả: hãy gửi kèm ảnh hiện "
        "trường sau khi xử lý."
    ) % {"category": category.name}


def check_answer_photos(*, report: Report, attachments) -> None:
    """Raise AnswerPhotoRequired unless the answer may go out with `attachments`."""
    photos = sum(1 for attachment in attachments if attachment.kind == Attachment.Kind.IMAGE)
    error = answer_photo_error(report=report, new_photos=photos)
    if error:
        raise AnswerPhotoRequired(error)
