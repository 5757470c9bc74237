"""Every write of the moderation app: comments, likes, flags and the moderators'
decisions. Views, forms and the admin call these; none re-implements a rule.

Input errors raise `ValidationError` with a Vietnamese message and one of the
`code`s below; a moderator-only service called by anyone else raises
`PermissionDenied`. Every moderator decision writes one `ModerationAction` per
object, and notifies through reports' `notify` (in the app and by e-mail, once
per comment and occasion), in the same transaction.
"""

import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.text import thousands, without_control_characters
from phananh import ratelimit
from reports.models import Report
from reports.notifications import kinds, notify
from reports.notifications.notify import Notice
from reports.public_cache import public_changed

from . import selectors
from .models import COMMENT_MAX_LENGTH, BannedWord, Comment, CommentLike, Flag, ModerationAction
from .text import banned_words_in

MODERATE_PERMISSION = "moderation.moderate"

# ValidationError codes. NOT_FOUND: the report or comment is not open to the
# user (views answer 404); the others are shown next to the comment field.
NOT_FOUND = "not_found"
LOGIN_REQUIRED = "login_required"
LOCKED = "locked"
EMPTY = "empty"
TOO_LONG = "too_long"
RATE_LIMITED = "rate_limited"
REASON_REQUIRED = "reason_required"

Status = Comment.Status
Action = ModerationAction.Action


# --- Citizens ----------------------------------------------------------------


def commentable_reports():
    """Where comments may be written: published reports the public may see."""
    return Report.objects.public().filter(status=Report.Status.PUBLISHED)


def comment_post(
    *, author, report: Report, body: str, replied_to: Comment | None = None
) -> Comment:
    """A new comment, or a reply to a visible comment, always pending review.

    Only logged-in, active users; only on published public reports; a reply
    to a reply joins the same thread (one level of nesting). Empty or longer
    than 2,000 characters is refused; past COMMENT_RATE_LIMIT (per user) too.
    A banned word keeps it pending with `held_for` saying which.
    """
    _check_can_write(author, action=_("bình luận"))
    if not commentable_reports().filter(pk=report.pk).exists():
        raise ValidationError(
            _("Chỉ bình luận được trên phản ánh đã xử lý và đăng tải công khai."), code=NOT_FOUND
        )
    parent = None
    if replied_to is not None:
        if not Comment.objects.approved().filter(pk=replied_to.pk, report=report).exists():
            raise ValidationError(
                _("Bình luận bạn muốn trả lời không còn hiển thị."), code=NOT_FOUND
            )
        parent = replied_to.parent if replied_to.parent_id else replied_to
    return _new_comment(
        author=author, report=report, body=body, parent=parent, replied_to=replied_to
    )


def _new_comment(*, author, report, body, parent=None, replied_to=None, rate_limited=True):
    """A pending comment as every channel writes one, once the caller checked the
    writer and the report: the body cleaned, the writer's rate limit (not for
    partners: they share one account, limited per key), banned words held."""
    body = clean_body(body)
    if rate_limited and not ratelimit.consume(f"comment:{author.pk}", settings.COMMENT_RATE_LIMIT):
        raise ValidationError(
            _("Bạn gửi bình luận quá nhanh. Vui lòng đợi một lát rồi thử lại."), code=RATE_LIMITED
        )
    banned = banned_words_in(body, BannedWord.objects.values_list("word", flat=True))
    held_for = ""
    if banned:
        held_for = _("Có từ trong danh sách cấm: %(words)s") % {"words": ", ".join(banned)}
    return Comment.objects.create(
        report=report,
        author=author,
        parent=parent,
        replied_to=replied_to,
        body=body,
        held_for=held_for[:255],
    )


def clean_body(body: str) -> str:
    """The text as stored: composed accents, \\n line ends, no control
    characters, no outer blanks. Raises EMPTY or TOO_LONG."""
    body = unicodedata.normalize("NFC", str(body or "")).replace("\r\n", "\n").replace("\r", "\n")
    # Without what saving drops (accounts.receivers), so a comment of control
    # characters only is refused as empty rather than stored empty.
    body = without_control_characters(body).strip()
    if not body:
        raise ValidationError(_("Hãy nhập nội dung bình luận."), code=EMPTY)
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            _("Bình luận dài tối đa %(limit)s ký tự (bạn đã nhập %(count)s ký tự).")
            % {"limit": thousands(COMMENT_MAX_LENGTH), "count": len(body)},
            code=TOO_LONG,
        )
    return body


def like_toggle(*, user, comment: Comment, like: bool | None = None) -> tuple[bool, int]:
    """Like or unlike a visible comment; returns (liked, number of likes).

    `like=None` toggles; True or False sets the state, so a double click sent
    twice gives the same result. Racing requests on one comment take turns on
    its row lock, so a like and an unlike never interleave; the unique
    constraint still guarantees one like per user.
    """
    _check_can_write(user, action=_("thích bình luận"))
    with transaction.atomic():
        Comment.objects.select_for_update().filter(pk=comment.pk).first()  # take turns
        if not selectors.comments_open_to_all().filter(pk=comment.pk).exists():
            raise ValidationError(_("Bình luận này không còn hiển thị."), code=NOT_FOUND)
        likes = CommentLike.objects.filter(user=user, comment=comment)
        if like is None:
            like = not likes.exists()
        if like:
            CommentLike.objects.get_or_create(user=user, comment=comment)
        else:
            likes.delete()
        return like, CommentLike.objects.filter(comment=comment).count()


def flag_create(
    *,
    user,
    reason: str,
    note: str = "",
    comment: Comment | None = None,
    report: Report | None = None,
) -> Flag:
    """A user says a visible comment or a public report is abusive. Flagging the
    same thing again while the first flag waits returns that flag."""
    if (comment is None) == (report is None):
        raise ValueError("Flag exactly one of a comment or a report.")
    _check_can_write(user, action=_("báo vi phạm"))
    if reason not in Flag.Reason.values:
        raise ValidationError(_("Hãy chọn lý do báo vi phạm."), code="invalid_reason")
    if comment is not None and not selectors.comments_open_to_all().filter(pk=comment.pk).exists():
        raise ValidationError(_("Bình luận này không còn hiển thị."), code=NOT_FOUND)
    if report is not None and not Report.objects.public().filter(pk=report.pk).exists():
        raise ValidationError(_("Phản ánh này không công khai."), code=NOT_FOUND)
    target = {"comment": comment} if comment is not None else {"report": report}
    defaults = {"reason": reason, "note": note.strip()[:500]}
    try:
        with transaction.atomic():
            flag, _created = Flag.objects.get_or_create(
                flagged_by=user, status=Flag.Status.OPEN, defaults=defaults, **target
            )
    except IntegrityError:  # the same user, twice at once
        flag = Flag.objects.get(flagged_by=user, status=Flag.Status.OPEN, **target)
    return flag


# --- Moderators --------------------------------------------------------------


def comment_approve(*, actor, comments: Iterable[Comment]) -> int:
    """Publish pending comments (one or many); returns how many changed.

    Comments no longer pending are skipped, so two moderators approving the
    same queue never notify twice. The author is told; a reply also tells the
    writer of the comment it answers.
    """
    _check_moderator(actor)
    now = timezone.now()
    with transaction.atomic():
        rows = _lock_pending(comments)
        for comment in rows:
            comment.status = Status.APPROVED
            comment.reason = ""
            comment.moderated_by = actor
            comment.moderated_at = now
        Comment.objects.bulk_update(rows, ["status", "reason", "moderated_by", "moderated_at"])
        public_changed()  # bulk_update sends no signal
        _log_many(actor, Action.APPROVE, rows)
        notices = []
        for comment in rows:
            code = comment.report.code
            approved = kinds.message(kinds.COMMENT_APPROVED, code=code)
            notices.append((comment.author, _notice(comment, "approved", approved)))
            answered = comment.replied_to or comment.parent
            if answered is not None and answered.author_id != comment.author_id:
                # Some names are words of the portal's ("Người dân (ẩn tên)").
                name = kinds.in_every_language(
                    lambda comment=comment, answered=answered: selectors.comment_author_name(
                        author=comment.author,
                        report=comment.report,
                        viewer=answered.author,
                        comment=comment,
                    )
                )
                replied = kinds.message(kinds.COMMENT_REPLY, name=name, code=code)
                notices.append((answered.author, _notice(comment, "reply", replied)))
        notify.people(notices)
    return len(rows)


def comment_reject(*, actor, comments: Iterable[Comment], reason: str) -> int:
    """Refuse pending comments with a reason the author is told; returns how many."""
    _check_moderator(actor)
    reason = _required_reason(reason, _("Hãy nhập lý do từ chối."))
    now = timezone.now()
    with transaction.atomic():
        rows = _lock_pending(comments)
        for comment in rows:
            comment.status = Status.REJECTED
            comment.reason = reason
            comment.moderated_by = actor
            comment.moderated_at = now
        Comment.objects.bulk_update(rows, ["status", "reason", "moderated_by", "moderated_at"])
        _log_many(actor, Action.REJECT, rows, reason)
        notices = []
        for comment in rows:
            rejected = kinds.message(
                kinds.COMMENT_REJECTED, code=comment.report.code, reason=reason
            )
            notices.append((comment.author, _notice(comment, "rejected", rejected)))
        notify.people(notices)
    return len(rows)


def content_hide(
    *, actor, reason: str, comment: Comment | None = None, report: Report | None = None
) -> None:
    """Act on flagged content and close its open flags.

    A comment is hidden at once (its replies go with it). A report's
    visibility belongs to the IOC: its flags are marked "referred" and the IOC
    operators are notified to decide; the report itself is not changed here.
    """
    if (comment is None) == (report is None):
        raise ValueError("Hide exactly one of a comment or a report.")
    _check_moderator(actor)
    reason = _required_reason(reason, _("Hãy nhập lý do."))
    now = timezone.now()
    with transaction.atomic():
        if comment is not None:
            comment = (
                Comment.objects.select_for_update().select_related("report").get(pk=comment.pk)
            )
            comment.status = Status.HIDDEN
            comment.reason = reason
            comment.moderated_by = actor
            comment.moderated_at = now
            comment.save(update_fields=["status", "reason", "moderated_by", "moderated_at"])
            _log(actor, Action.HIDE, comment, reason, subject_user_id=comment.author_id)
            _resolve_flags(actor, Flag.Outcome.HIDDEN, now, comment=comment)
            message = kinds.message(kinds.COMMENT_HIDDEN, code=comment.report.code, reason=reason)
            notify.people([(comment.author, _notice(comment, "hidden", message))])
        else:
            open_flags = list(Flag.objects.filter(report=report, status=Flag.Status.OPEN))
            # The reasons' labels are moderation's words, in every language.
            reasons = kinds.in_every_language(
                lambda: (
                    ", ".join(sorted({str(flag.get_reason_display()) for flag in open_flags}))
                    or _("không rõ")
                )
            )
            _log(actor, Action.REFER, report, reason, subject_user_id=report.reporter_id)
            _resolve_flags(actor, Flag.Outcome.REFERRED, now, report=report)
            notify.ioc(
                report,
                kinds.message(
                    kinds.REPORT_FLAGGED, code=report.code, reasons=reasons, reason=reason
                ),
            )


def flag_dismiss(*, actor, flag: Flag, reason: str = "") -> int:
    """Nothing wrong: close every open flag on the same content; returns how many."""
    _check_moderator(actor)
    target = {"comment_id": flag.comment_id} if flag.comment_id else {"report_id": flag.report_id}
    with transaction.atomic():
        _log(
            actor,
            Action.DISMISS,
            flag.target,
            reason.strip(),
            subject_user_id=flag.target_author.pk,
        )
        return _resolve_flags(actor, Flag.Outcome.DISMISSED, timezone.now(), **target)


def account_lock(*, actor, user, reason: str) -> None:
    """Lock an account for abuse: `is_active=False` stops posting and logging in
    (allauth refuses the login; Django drops its sessions on the next request).
    Staff accounts are locked by an administrator, not here."""
    _check_moderator(actor)
    reason = _required_reason(reason, _("Hãy nhập lý do khoá tài khoản."))
    if user.pk == actor.pk or user.is_staff or user.is_superuser:
        raise ValidationError(
            _("Không thể khoá tài khoản này từ trang kiểm duyệt."), code="not_allowed"
        )
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        _log(actor, Action.LOCK, user, reason, subject_user_id=user.pk)


# --- Helpers -----------------------------------------------------------------


def _check_can_write(user, *, action: str) -> None:
    if not user.is_authenticated:
        raise ValidationError(
            _("Hãy đăng nhập để %(action)s.") % {"action": action}, code=LOGIN_REQUIRED
        )
    if not user.is_active:
        raise ValidationError(_("Tài khoản của bạn đã bị khoá."), code=LOCKED)


def _check_moderator(actor) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.has_perm(MODERATE_PERMISSION)):
        raise PermissionDenied


def _required_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(message, code=REASON_REQUIRED)
    return reason[:500]


def _lock_pending(comments: Iterable[Comment]) -> list[Comment]:
    ids = [comment.pk for comment in comments]
    return list(
        Comment.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, status=Status.PENDING)
        .select_related(
            "report", "author", "parent__author", "replied_to__author", "partner_update__api_key"
        )
        .order_by("pk")
    )


def _notice(comment: Comment, occasion: str, message: kinds.Message) -> Notice:
    """A notice about `comment`, sent once per comment and occasion: hiding a
    comment already hidden (two moderators on one flag) tells its author once."""
    return Notice(comment.report, message, dedupe=f"comment-{occasion}:{comment.pk}")


def _resolve_flags(actor, outcome, now, **target) -> int:
    return Flag.objects.filter(status=Flag.Status.OPEN, **target).update(
        status=Flag.Status.RESOLVED, outcome=outcome, resolved_by=actor, resolved_at=now
    )


def _action(actor, action, obj, reason="", *, subject_user_id=None) -> ModerationAction:
    return ModerationAction(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=Truncator(str(obj)).chars(200),
        subject_user_id=subject_user_id,
        reason=reason,
    )


def _log(actor, action, obj, reason="", *, subject_user_id=None) -> ModerationAction:
    entry = _action(actor, action, obj, reason, subject_user_id=subject_user_id)
    entry.save()
    return entry


def _log_many(actor, action, comments: list[Comment], reason="") -> None:
    ModerationAction.objects.bulk_create(
        _action(actor, action, comment, reason, subject_user_id=comment.author_id)
        for comment in comments
    )
