"""Comments on published reports (partners' through Open311 too), their likes,
flags of abuse, banned words and the log of every moderation action (SPEC
sections 5, 7 and 8)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.text import fold

from .text import normalize

COMMENT_MAX_LENGTH = 2000


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def visible_to(self, user):
        """Approved comments, plus the viewer's own comments still waiting for review."""
        visible = models.Q(status=Comment.Status.APPROVED)
        if user.is_authenticated:
            visible |= models.Q(status=Comment.Status.PENDING, author=user)
        return self.filter(visible)


class Comment(models.Model):
    """A citizen's comment (bình luận) on a published report, or a reply to one.

    Replies nest one level: `parent` is always a top-level comment; `replied_to`
    is the comment the writer answered (a reply may answer another reply), and
    its author is the one notified.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Không được duyệt")
        HIDDEN = "hidden", _("Đã ẩn")

    report = models.ForeignKey(
        "reports.Report",
        verbose_name=_("phản ánh"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trả lời bình luận"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    replied_to = models.ForeignKey(
        "self",
        verbose_name=_("trả lời cho"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("nội dung"), max_length=COMMENT_MAX_LENGTH)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Why the comment was held for review beyond the usual (a banned word).
    held_for = models.CharField(_("lý do giữ lại"), max_length=255, blank=True)
    # The moderator's reason for a rejection or for hiding.
    reason = models.CharField(_("lý do kiểm duyệt"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kiểm duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("kiểm duyệt lúc"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("bình luận")
        verbose_name_plural = _("bình luận")
        ordering = ["created_at", "pk"]
        permissions = [("moderate", _("Kiểm duyệt bình luận"))]
        indexes = [
            models.Index(fields=["report", "status", "created_at"], name="comment_report_status"),
            models.Index(fields=["status", "created_at"], name="comment_status_created"),
            models.Index(fields=["author", "status"], name="comment_author_status"),
        ]

    def __str__(self):
        return Truncator(self.body).chars(60)

    def get_absolute_url(self):
        return f"{self.report.get_absolute_url()}#binh-luan-{self.pk}"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


class PartnerUpdate(models.Model):
    """A comment a partner sent for one of its citizens through Open311
    (FixMyStreet's `servicerequestupdates`), and who wrote it as the partner told it.

    The names, e-mail and phone are for the IOC's eyes only: the comment's admin
    page shows them to holders of `reports.view_reporter_contact`, as the report's
    page does a partner's sender (PartnerSubmission); never to a moderator, an
    agency, a public page, a feed or the API. In public the comment is signed
    "Người dân qua <partner>" (`selectors.comment_author_name`); its author is the
    partners' owner account (`reports.submissions.partner_owner`).
    """

    comment = models.OneToOneField(
        Comment,
        verbose_name=_("bình luận"),
        on_delete=models.CASCADE,
        related_name="partner_update",
    )
    api_key = models.ForeignKey(
        "reports.ApiKey",
        verbose_name=_("khóa API Open311"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="updates",
    )
    # The partner's own id for the update (FixMyStreet's comment id): the same
    # id sent again by the same key is the same update.
    partner_update_id = models.CharField(_("mã cập nhật của đối tác"), max_length=100)
    first_name = models.CharField(_("tên"), max_length=200, blank=True)
    last_name = models.CharField(_("họ"), max_length=200, blank=True)
    email = models.EmailField(_("thư điện tử"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=200, blank=True)
    media_urls = models.JSONField(_("ảnh/video của đối tác"), default=list, blank=True)
    partner_updated_at = models.DateTimeField(_("đối tác cập nhật lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bình luận qua Open311")
        verbose_name_plural = _("bình luận qua Open311")
        constraints = [
            models.UniqueConstraint(
                fields=["api_key", "partner_update_id"], name="one_update_per_partner_id"
            )
        ]

    def __str__(self):
        return f"{self.api_key or '—'}: {self.partner_update_id}"


class CommentLike(models.Model):
    """One like per user and comment; a second click removes it."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_likes"
    )
    created_at = models.DateTimeField(_("thích lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt thích")
        verbose_name_plural = _("lượt thích")
        constraints = [
            models.UniqueConstraint(fields=["user", "comment"], name="one_like_per_user_comment")
        ]

    def __str__(self):
        return f"{self.user} ♥ {self.comment_id}"


class BannedWord(models.Model):
    """A word or phrase that holds a comment for review, matched as whole words
    without regard to case or accents (moderation/text.py).

    Written without accents ("dien"), it holds every spelling: "điên", "điện",
    "dien". Written with them ("điên"), it holds that spelling and the bare
    "dien" people type to get round a filter, but not "điện": Vietnamese words
    that differ only by their marks are different words ("đĩ" and "đi").
    """

    word = models.CharField(_("từ cấm"), max_length=100)
    word_folded = models.CharField(_("dạng không dấu"), max_length=100, unique=True, editable=False)
    created_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("từ cấm")
        verbose_name_plural = _("từ cấm")
        ordering = ["word_folded"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = normalize(self.word)
        self.word_folded = fold(self.word)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "word" in update_fields:
            kwargs["update_fields"] = {*update_fields, "word_folded"}
        super().save(*args, **kwargs)


class Flag(models.Model):
    """A user's report (báo vi phạm) that a comment or a report is abusive."""

    class Reason(models.TextChoices):
        OFFENSIVE = "offensive", _("Xúc phạm, thô tục")
        SPAM = "spam", _("Tin rác, quảng cáo")
        FALSE = "false", _("Thông tin sai sự thật")
        PRIVACY = "privacy", _("Lộ thông tin cá nhân")
        OTHER = "other", _("Lý do khác")

    class Status(models.TextChoices):
        OPEN = "open", _("Chờ xử lý")
        RESOLVED = "resolved", _("Đã xử lý")

    class Outcome(models.TextChoices):
        HIDDEN = "hidden", _("Đã ẩn nội dung")
        REFERRED = "referred", _("Đã chuyển Trung tâm IOC xem xét")
        DISMISSED = "dismissed", _("Không vi phạm")

    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo"),
        on_delete=models.CASCADE,
        related_name="flags",
    )
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("bình luận"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
    )
    report = models.ForeignKey(
        "reports.Report",
        verbose_name=_("phản ánh"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
    )
    reason = models.CharField(_("lý do"), max_length=10, choices=Reason.choices)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField(_("báo lúc"), auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo vi phạm")
        verbose_name_plural = _("báo vi phạm")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="flag_status_created")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(comment__isnull=False, report__isnull=True)
                    | models.Q(comment__isnull=True, report__isnull=False)
                ),
                name="flag_one_target",
            ),
            # Flagging the same thing twice while it waits adds nothing.
            models.UniqueConstraint(
                fields=["flagged_by", "comment"],
                condition=models.Q(status="open", comment__isnull=False),
                name="one_open_flag_per_user_comment",
            ),
            models.UniqueConstraint(
                fields=["flagged_by", "report"],
                condition=models.Q(status="open", report__isnull=False),
                name="one_open_flag_per_user_report",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.target}"

    @property
    def target(self):
        return self.comment if self.comment_id else self.report

    @property
    def target_author(self):
        """Whose content was flagged: the comment's writer or the reporter."""
        return self.comment.author if self.comment_id else self.report.reporter


class ModerationAction(models.Model):
    """The log: who did what to which object, when and why. Written by every
    moderation service; never edited."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Duyệt bình luận")
        REJECT = "reject", _("Từ chối bình luận")
        HIDE = "hide", _("Ẩn bình luận")
        REFER = "refer", _("Chuyển phản ánh bị báo vi phạm cho IOC")
        DISMISS = "dismiss", _("Bỏ qua báo vi phạm")
        LOCK = "lock", _("Khoá tài khoản")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    action = models.CharField(_("hành động"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("loại đối tượng"), on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("mã đối tượng"))
    object_repr = models.CharField(_("đối tượng"), max_length=200)
    # The person the action concerns (the comment's writer, the locked account).
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("lý do"), blank=True)
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("nhật ký kiểm duyệt")
        verbose_name_plural = _("nhật ký kiểm duyệt")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="modaction_object"),
            models.Index(fields=["subject_user", "action"], name="modaction_subject"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"
