"""Moderators' decisions: approve and reject (one or many), hide flagged
content, refer a flagged report to the IOC, dismiss, lock an account; who is
notified, and that every action is recorded."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import sms
from accounts.personal_data import deleted_account
from accounts.tests.factories import UserFactory
from moderation import services
from moderation.models import Comment, Flag, ModerationAction
from reports.models import Delivery, Notification

from .factories import CommentFactory, FlagFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
Action = ModerationAction.Action


def notes_for(user) -> list[str]:
    return [notification.message for notification in Notification.objects.filter(recipient=user)]


def log() -> list[tuple]:
    return list(
        ModerationAction.objects.order_by("pk").values_list(
            "actor_id", "action", "content_type__model", "object_id", "subject_user_id", "reason"
        )
    )


# --- Approve ----------------------------------------------------------------------


def test_approve_publishes_notifies_the_author_and_is_recorded(moderator, citizen, report):
    comment = CommentFactory(report=report, author=citizen)

    assert services.comment_approve(actor=moderator, comments=[comment]) == 1

    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert comment.moderated_by_id == moderator.pk
    assert comment.moderated_at is not None
    assert notes_for(citizen) == [
        f"Bình luận của bạn về phản ánh {report.code} đã được duyệt và hiển thị công khai."
    ]
    assert Notification.objects.get(recipient=citizen).report_id == report.pk
    assert log() == [(moderator.pk, Action.APPROVE, "comment", comment.pk, citizen.pk, "")]


def test_an_approved_reply_notifies_the_person_replied_to(
    moderator, citizen, other_citizen, report
):
    top = CommentFactory(report=report, author=other_citizen, approved=True)
    reply = CommentFactory(report=report, author=citizen, parent=top, replied_to=top)

    services.comment_approve(actor=moderator, comments=[reply])

    assert notes_for(other_citizen) == [
        f"Nguyễn Văn An đã trả lời bình luận của bạn về phản ánh {report.code}."
    ]
    assert len(notes_for(citizen)) == 1  # the approval


def test_a_reply_by_a_reporter_who_hid_their_name_keeps_it_hidden(moderator, other_citizen, report):
    report.hide_name = True
    report.save(update_fields=["hide_name"])
    top = CommentFactory(report=report, author=other_citizen, approved=True)
    reply = CommentFactory(report=report, author=report.reporter, parent=top, replied_to=top)

    services.comment_approve(actor=moderator, comments=[reply])

    assert notes_for(other_citizen) == [
        f"Người dân (ẩn tên) đã trả lời bình luận của bạn về phản ánh {report.code}."
    ]


def test_a_reply_to_a_reply_notifies_that_replys_author(moderator, citizen, other_citizen, report):
    top = CommentFactory(report=report, approved=True)
    middle = CommentFactory(report=report, author=other_citizen, parent=top, approved=True)
    reply = services.comment_post(author=citizen, report=report, body="Ừ", replied_to=middle)

    services.comment_approve(actor=moderator, comments=[reply])

    assert len(notes_for(other_citizen)) == 1
    assert notes_for(top.author) == []


def test_no_reply_notice_when_answering_oneself(moderator, citizen, report):
    top = CommentFactory(report=report, author=citizen, approved=True)
    reply = CommentFactory(report=report, author=citizen, parent=top, replied_to=top)

    services.comment_approve(actor=moderator, comments=[reply])

    assert len(notes_for(citizen)) == 1


def test_a_pending_reply_notifies_nobody_yet(citizen, other_citizen, report):
    top = CommentFactory(report=report, author=other_citizen, approved=True)

    services.comment_post(author=citizen, report=report, body="Ừ", replied_to=top)

    assert not Notification.objects.exists()


def test_bulk_approve_skips_what_is_no_longer_pending(moderator, report):
    pending = CommentFactory.create_batch(3, report=report)
    rejected = CommentFactory(report=report, status=Status.REJECTED)
    approved = CommentFactory(report=report, approved=True)

    done = services.comment_approve(actor=moderator, comments=Comment.objects.filter(report=report))

    assert done == 3
    assert set(Comment.objects.filter(status=Status.APPROVED).values_list("pk", flat=True)) == {
        *(comment.pk for comment in pending),
        approved.pk,
    }
    rejected.refresh_from_db()
    assert rejected.status == Status.REJECTED
    assert ModerationAction.objects.filter(action=Action.APPROVE).count() == 3
    assert Notification.objects.count() == 3


def test_approving_twice_notifies_once(moderator, report):
    comment = CommentFactory(report=report)

    services.comment_approve(actor=moderator, comments=[comment])
    assert services.comment_approve(actor=moderator, comments=[comment]) == 0

    assert Notification.objects.count() == 1
    assert ModerationAction.objects.count() == 1


# --- Reject -----------------------------------------------------------------------


def test_bulk_reject_with_a_reason(moderator, citizen, report):
    comments = CommentFactory.create_batch(2, report=report, author=citizen)

    done = services.comment_reject(actor=moderator, comments=comments, reason="Quảng cáo")

    assert done == 2
    for comment in comments:
        comment.refresh_from_db()
        assert (comment.status, comment.reason) == (Status.REJECTED, "Quảng cáo")
    assert (
        notes_for(citizen)
        == [f"Bình luận của bạn về phản ánh {report.code} không được duyệt. Lý do: Quảng cáo"] * 2
    )
    assert [row[1:] for row in log()] == [
        (Action.REJECT, "comment", comment.pk, citizen.pk, "Quảng cáo") for comment in comments
    ]


def test_reject_needs_a_reason(moderator, report):
    comment = CommentFactory(report=report)

    with pytest.raises(ValidationError) as caught:
        services.comment_reject(actor=moderator, comments=[comment], reason="  ")

    assert caught.value.messages == ["Hãy nhập lý do từ chối."]
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert not ModerationAction.objects.exists()


# --- How authors hear of it ----------------------------------------------------------
# Through reports' notify, as for the workflow: in the app, by e-mail where the
# address is confirmed, never by SMS; once per comment and occasion.


def test_comment_notices_go_by_email_where_confirmed_and_never_by_sms(
    moderator, report, django_capture_on_commit_callbacks
):
    answered = CommentFactory(
        report=report, author=UserFactory(email="binh@example.vn"), approved=True
    )
    writer = UserFactory(full_name="Nguyễn Văn An", email="an@example.vn", email_verified=False)
    reply = CommentFactory(report=report, author=writer, parent=answered, replied_to=answered)
    refused = CommentFactory(report=report, author=UserFactory(email="cuong@example.vn"))

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_approve(actor=moderator, comments=[reply])
        services.comment_reject(actor=moderator, comments=[refused], reason="Quảng cáo")
        services.content_hide(actor=moderator, reason="Xúc phạm", comment=answered)

    assert sorted((m.to[0], m.body) for m in mail.outbox) == [
        (
            "binh@example.vn",
            f"Bình luận của bạn về phản ánh {report.code} đã bị ẩn. Lý do: Xúc phạm",
        ),
        (
            "binh@example.vn",
            f"Nguyễn Văn An đã trả lời bình luận của bạn về phản ánh {report.code}.",
        ),
        (
            "cuong@example.vn",
            f"Bình luận của bạn về phản ánh {report.code} không được duyệt. Lý do: Quảng cáo",
        ),
    ]
    assert len(notes_for(writer)) == 1  # in the app: the address is not confirmed
    assert sms.outbox == []
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()


def test_hiding_a_hidden_comment_again_tells_its_author_once(moderator, report):
    comment = CommentFactory(report=report, author=UserFactory(email="an@example.vn"))

    services.content_hide(actor=moderator, reason="Xúc phạm", comment=comment)
    services.content_hide(actor=moderator, reason="Xúc phạm", comment=comment)

    assert len(notes_for(comment.author)) == 1
    assert Delivery.objects.filter(recipient=comment.author).count() == 1


def test_no_notice_for_a_deleted_account(moderator, citizen, report):
    """Comments of a deleted account stay under the stand-in, which nobody reads."""
    top = CommentFactory(report=report, author=deleted_account(), approved=True)
    reply = CommentFactory(report=report, author=citizen, parent=top, replied_to=top)

    services.comment_approve(actor=moderator, comments=[reply])

    assert notes_for(top.author) == []
    assert len(notes_for(citizen)) == 1


# --- Who may moderate ----------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda actor, comment: services.comment_approve(actor=actor, comments=[comment]),
        lambda actor, comment: services.comment_reject(actor=actor, comments=[comment], reason="x"),
        lambda actor, comment: services.content_hide(actor=actor, reason="x", comment=comment),
        lambda actor, comment: services.account_lock(actor=actor, user=comment.author, reason="x"),
        lambda actor, comment: services.flag_dismiss(
            actor=actor, flag=FlagFactory(comment=comment)
        ),
    ],
    ids=["approve", "reject", "hide", "lock", "dismiss"],
)
def test_only_moderators_moderate(citizen, ioc_operator, report, call):
    comment = CommentFactory(report=report, approved=True)
    for actor in (citizen, ioc_operator):
        with pytest.raises(PermissionDenied):
            call(actor, comment)
    assert not ModerationAction.objects.exists()


# --- Flags ---------------------------------------------------------------------------


def test_hide_a_flagged_comment_resolves_its_flags(moderator, report):
    comment = CommentFactory(report=report, approved=True)
    flags = FlagFactory.create_batch(2, comment=comment)
    other = FlagFactory()

    services.content_hide(actor=moderator, reason="Xúc phạm người khác", comment=comment)

    comment.refresh_from_db()
    assert (comment.status, comment.reason) == (Status.HIDDEN, "Xúc phạm người khác")
    for flag in flags:
        flag.refresh_from_db()
        assert (flag.status, flag.outcome, flag.resolved_by_id) == (
            Flag.Status.RESOLVED,
            Flag.Outcome.HIDDEN,
            moderator.pk,
        )
    other.refresh_from_db()
    assert other.status == Flag.Status.OPEN
    assert log() == [
        (moderator.pk, Action.HIDE, "comment", comment.pk, comment.author_id, "Xúc phạm người khác")
    ]
    assert notes_for(comment.author) == [
        f"Bình luận của bạn về phản ánh {report.code} đã bị ẩn. Lý do: Xúc phạm người khác"
    ]


def test_a_flagged_report_goes_to_the_ioc_and_stays_as_it_is(moderator, ioc_operator, report):
    FlagFactory(comment=None, report=report, reason=Flag.Reason.PRIVACY)
    status, is_public = report.status, report.is_public

    services.content_hide(actor=moderator, reason="Lộ số điện thoại người khác", report=report)

    report.refresh_from_db()
    assert (report.status, report.is_public) == (status, is_public)  # the IOC decides
    flag = Flag.objects.get()
    assert (flag.status, flag.outcome) == (Flag.Status.RESOLVED, Flag.Outcome.REFERRED)
    assert notes_for(ioc_operator) == [
        f"Phản ánh {report.code} bị người dùng báo vi phạm (Lộ thông tin cá nhân). "
        "Kiểm duyệt viên đề nghị xem xét ẩn: Lộ số điện thoại người khác"
    ]
    assert notes_for(moderator) == []
    assert log() == [
        (
            moderator.pk,
            Action.REFER,
            "report",
            report.pk,
            report.reporter_id,
            "Lộ số điện thoại người khác",
        )
    ]


def test_dismiss_closes_every_open_flag_on_the_same_content(moderator, report):
    comment = CommentFactory(report=report, approved=True)
    first, second = FlagFactory.create_batch(2, comment=comment)

    assert services.flag_dismiss(actor=moderator, flag=first, reason="Góp ý bình thường") == 2

    second.refresh_from_db()
    assert (second.status, second.outcome) == (Flag.Status.RESOLVED, Flag.Outcome.DISMISSED)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert log() == [
        (
            moderator.pk,
            Action.DISMISS,
            "comment",
            comment.pk,
            comment.author_id,
            "Góp ý bình thường",
        )
    ]


def test_flag_create_rules(citizen, report):
    comment = CommentFactory(report=report, approved=True)
    pending = CommentFactory(report=report)

    with pytest.raises(ValidationError):
        services.flag_create(user=citizen, reason="nonsense", comment=comment)
    with pytest.raises(ValidationError) as caught:
        services.flag_create(user=citizen, reason="spam", comment=pending)
    assert caught.value.code == services.NOT_FOUND
    with pytest.raises(ValidationError) as caught:
        services.flag_create(user=UserFactory(is_active=False), reason="spam", comment=comment)
    assert caught.value.code == services.LOCKED

    flag = services.flag_create(user=citizen, reason="spam", comment=comment)
    again = services.flag_create(user=citizen, reason="offensive", comment=comment)
    assert again.pk == flag.pk
    # Once that flag is dealt with, the same user may flag again.
    Flag.objects.filter(pk=flag.pk).update(status=Flag.Status.RESOLVED)
    assert services.flag_create(user=citizen, reason="spam", comment=comment).pk != flag.pk


# --- Locking ---------------------------------------------------------------------------


def test_lock_an_account(moderator, citizen, report):
    services.account_lock(actor=moderator, user=citizen, reason="Spam nhiều lần")

    citizen.refresh_from_db()
    assert not citizen.is_active
    assert log() == [(moderator.pk, Action.LOCK, "user", citizen.pk, citizen.pk, "Spam nhiều lần")]
    assert ModerationAction.objects.get().content_type == ContentType.objects.get_for_model(citizen)
    with pytest.raises(ValidationError) as caught:
        services.comment_post(author=citizen, report=report, body="Vẫn viết")
    assert caught.value.code == services.LOCKED


@pytest.mark.parametrize("who", ["self", "staff", "superuser"])
def test_staff_and_oneself_cannot_be_locked_here(moderator, who):
    target = {
        "self": moderator,
        "staff": UserFactory(is_staff=True),
        "superuser": UserFactory(is_superuser=True),
    }[who]

    with pytest.raises(ValidationError):
        services.account_lock(actor=moderator, user=target, reason="Thử")

    target.refresh_from_db()
    assert target.is_active
    assert not ModerationAction.objects.exists()


def test_lock_needs_a_reason(moderator, citizen):
    with pytest.raises(ValidationError):
        services.account_lock(actor=moderator, user=citizen, reason="")
    citizen.refresh_from_db()
    assert citizen.is_active
