"""What moderation keeps about a citizen (comments, likes, flags), for their
data export and the deletion of their account (accounts/personal_data.py
calls these through the `Source` registered in ModerationConfig.ready())."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import personal_data
from accounts.personal_data import Column, Section
from moderation.models import Comment, CommentLike, Flag, ModerationAction
from reports.public_cache import public_changed

REPORT_CODE = Column("report_code", _("Mã phản ánh"))
CREATED_AT = Column("created_at", _("Thời gian"), is_datetime=True)
# Comments no one but their author and the moderators ever saw.
UNSEEN = (Comment.Status.PENDING, Comment.Status.REJECTED)


def _comment_row(comment: Comment) -> dict:
    return {
        "body": comment.body,
        "status": comment.status,
        "status_label": comment.get_status_display(),
        "report_code": comment.report.code,
        "replied_to_comment": comment.replied_to_id,
        "created_at": comment.created_at,
        "url": comment.get_absolute_url(),
    }


def _like_row(like: CommentLike) -> dict:
    comment = like.comment
    return {
        "comment": comment.pk,
        "report_code": comment.report.code,
        "report_title": comment.report.title,
        "created_at": like.created_at,
        "url": comment.get_absolute_url(),
    }


def _flag_row(flag: Flag) -> dict:
    report = flag.comment.report if flag.comment_id else flag.report
    if flag.comment_id:
        target = gettext("Bình luận trên phản ánh %(code)s") % {"code": report.code}
    else:
        target = gettext("Phản ánh %(code)s") % {"code": report.code}
    return {
        "target": target,
        "report_code": report.code,
        "comment": flag.comment_id,
        "reason": flag.get_reason_display(),
        "note": flag.note,
        "status": flag.get_status_display(),
        "outcome": flag.get_outcome_display(),
        "created_at": flag.created_at,
        "url": flag.target.get_absolute_url(),
    }


SECTIONS = (
    Section(
        key="comments",
        title=_("Bình luận"),
        empty=_("Bạn chưa viết bình luận nào."),
        objects=lambda user: (
            Comment.objects.filter(author=user)
            .select_related("report")
            .order_by("-created_at", "-pk")
        ),
        row=_comment_row,
        headline="body",
        facts=(REPORT_CODE, Column("status_label", _("Trạng thái")), CREATED_AT),
    ),
    Section(
        key="comment_likes",
        title=_("Bình luận bạn đã thích"),
        empty=_("Bạn chưa thích bình luận nào."),
        objects=lambda user: (
            CommentLike.objects.filter(user=user)
            .select_related("comment__report")
            .order_by("-created_at", "-pk")
        ),
        row=_like_row,
        headline="report_title",
        facts=(REPORT_CODE, CREATED_AT),
    ),
    Section(
        key="flags",
        title=_("Báo vi phạm bạn đã gửi"),
        empty=_("Bạn chưa báo vi phạm nào."),
        objects=lambda user: (
            Flag.objects.filter(flagged_by=user)
            .select_related("comment__report", "report")
            .order_by("-created_at", "-pk")
        ),
        row=_flag_row,
        headline="target",
        facts=(Column("reason", _("Lý do")), Column("status", _("Trạng thái")), CREATED_AT),
    ),
)


def erase(*, user, stand_in) -> None:
    """Likes, flags and the comments no one else saw go; the others stay on
    their report, under `stand_in`'s name, since replies and the moderation
    log hang on them. The log keeps who did what and when, without the
    words of a deleted comment or the name of the account."""
    unseen = Comment.objects.filter(author=user, status__in=UNSEEN)
    _scrub_log(Comment, list(unseen.values_list("pk", flat=True)), "—")
    _scrub_log(get_user_model(), [user.pk], stand_in.full_name)
    unseen.delete()
    Comment.objects.filter(author=user).update(author=stand_in)
    CommentLike.objects.filter(user=user).delete()
    Flag.objects.filter(flagged_by=user).delete()
    public_changed()


def _scrub_log(model, ids, replacement: str) -> None:
    if ids:
        ModerationAction.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids
        ).update(object_repr=replacement)


def connect() -> None:
    personal_data.register(personal_data.Source(sections=SECTIONS, erase=erase))
