"""The same moderation in the Django admin, for the "Kiểm duyệt viên" group:
comments with bulk approve/reject, banned words, flags, the read-only log."""

import pytest

from moderation.models import BannedWord, Comment, Flag, ModerationAction
from reports.models import Notification

from .factories import CommentFactory, FlagFactory

pytestmark = pytest.mark.django_db

COMMENTS = "/admin/moderation/comment/"
FLAGS = "/admin/moderation/flag/"
WORDS = "/admin/moderation/bannedword/"
LOG = "/admin/moderation/moderationaction/"


@pytest.fixture
def admin_client_moderator(client, moderator):
    client.force_login(moderator)
    return client


def test_moderator_sees_the_moderation_models(admin_client_moderator):
    page = admin_client_moderator.get("/admin/").content.decode()

    for url in (COMMENTS, FLAGS, WORDS, LOG):
        assert f'href="{url}"' in page, url
        assert admin_client_moderator.get(url).status_code == 200, url
    assert admin_client_moderator.get(WORDS + "add/").status_code == 200
    assert admin_client_moderator.get(LOG + "add/").status_code == 403
    assert admin_client_moderator.get(COMMENTS + "add/").status_code == 403


def test_ioc_operators_do_not_moderate_in_the_admin(client, ioc_operator):
    client.force_login(ioc_operator)

    assert client.get(COMMENTS).status_code == 403


def test_bulk_approve_in_the_admin(admin_client_moderator, moderator, report):
    comments = CommentFactory.create_batch(2, report=report)

    response = admin_client_moderator.post(
        COMMENTS,
        {"action": "approve_selected", "_selected_action": [c.pk for c in comments]},
        follow=True,
    )

    assert "Đã duyệt 2 bình luận." in response.content.decode()
    assert Comment.objects.approved().count() == 2
    assert ModerationAction.objects.filter(actor=moderator, action="approve").count() == 2
    assert Notification.objects.count() == 2


def test_bulk_reject_in_the_admin_asks_for_a_reason(admin_client_moderator, report):
    comments = CommentFactory.create_batch(2, report=report)
    selected = {"action": "reject_selected", "_selected_action": [c.pk for c in comments]}

    ask = admin_client_moderator.post(COMMENTS, selected)
    assert ask.status_code == 200
    assert "Từ chối bình luận: nhập lý do" in ask.content.decode()
    assert Comment.objects.pending().count() == 2

    done = admin_client_moderator.post(
        COMMENTS, {**selected, "apply": "1", "reason": "Lạc đề"}, follow=True
    )

    assert "Đã từ chối 2 bình luận." in done.content.decode()
    assert set(Comment.objects.values_list("status", "reason")) == {("rejected", "Lạc đề")}


def test_comment_text_is_not_editable_in_the_admin(admin_client_moderator, report):
    comment = CommentFactory(report=report, body="Nội dung gốc")

    admin_client_moderator.post(f"{COMMENTS}{comment.pk}/change/", {"body": "Sửa trộm"})

    comment.refresh_from_db()
    assert comment.body == "Nội dung gốc"


def test_banned_words_are_edited_in_the_admin(admin_client_moderator):
    response = admin_client_moderator.post(WORDS + "add/", {"word": "Lừa Đảo"})

    assert response.status_code == 302
    word = BannedWord.objects.get()
    assert (word.word, word.word_folded) == ("lừa đảo", "lua dao")


def test_hide_and_dismiss_flags_in_the_admin(admin_client_moderator, report):
    hide = FlagFactory(comment=CommentFactory(report=report, approved=True))
    dismiss = FlagFactory()

    admin_client_moderator.post(
        FLAGS,
        {"action": "hide_content", "_selected_action": [hide.pk], "apply": "1", "reason": "Tục"},
    )
    admin_client_moderator.post(FLAGS, {"action": "dismiss", "_selected_action": [dismiss.pk]})

    hide.refresh_from_db()
    dismiss.refresh_from_db()
    assert (hide.status, hide.outcome, hide.comment.status) == ("resolved", "hidden", "hidden")
    assert (dismiss.status, dismiss.outcome) == ("resolved", "dismissed")
    assert set(ModerationAction.objects.values_list("action", flat=True)) == {"hide", "dismiss"}
    assert Flag.objects.filter(status="open").count() == 0


def test_the_log_is_read_only(admin_client_moderator, moderator, report):
    from moderation import services

    services.comment_approve(actor=moderator, comments=[CommentFactory(report=report)])
    entry = ModerationAction.objects.get()

    page = admin_client_moderator.get(f"{LOG}{entry.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client_moderator.post(f"{LOG}{entry.pk}/delete/").status_code == 403
