"""The moderation queue /kiem-duyet/: who may open it, what it lists, and its
actions (one by one, in bulk, on flags), each recorded."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.cache import cache

from accounts.tests.factories import UserFactory
from moderation.models import Comment, Flag, ModerationAction
from reports.models import Notification

from .factories import BannedWordFactory, CommentFactory, FlagFactory, published_report
from .helpers import BULK_URL, QUEUE_URL, decide_url, flag_decide_url

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


# --- Who may open it ---------------------------------------------------------------


def test_visitor_is_asked_to_log_in(client):
    response = client.get(QUEUE_URL)

    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/login/?next=/kiem-duyet/"


def test_citizen_gets_404_moderator_200(client, citizen, moderator):
    client.force_login(citizen)
    assert client.get(QUEUE_URL).status_code == 404
    assert client.post(BULK_URL, {"action": "approve"}).status_code == 404

    client.force_login(moderator)
    assert client.get(QUEUE_URL).status_code == 200


def test_ioc_operators_and_agency_staff_without_the_permission_get_404(client, ioc_operator):
    client.force_login(ioc_operator)
    assert client.get(QUEUE_URL).status_code == 404


def test_the_permission_alone_is_enough(client):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="moderate"))
    client.force_login(user)

    assert client.get(QUEUE_URL).status_code == 200


@pytest.mark.parametrize("make_url", [decide_url, lambda c: BULK_URL])
def test_citizens_cannot_act(client, citizen, report, make_url):
    comment = CommentFactory(report=report)
    client.force_login(citizen)

    response = client.post(make_url(comment), {"action": "approve", "comments": [comment.pk]})

    assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_citizens_cannot_act_on_flags(client, citizen):
    flag = FlagFactory()
    client.force_login(citizen)

    assert client.post(flag_decide_url(flag), {"action": "dismiss"}).status_code == 404
    flag.refresh_from_db()
    assert flag.status == Flag.Status.OPEN


# --- What it lists ------------------------------------------------------------------------


def test_pending_comments_oldest_first_with_their_report_and_why_held(moderator_client, citizen):
    report = published_report(title="Cống thoát nước bị tắc")
    BannedWordFactory(word="dien")
    first = CommentFactory(report=report, body="Bình luận thứ nhất")
    from moderation import services

    held = services.comment_post(author=citizen, report=report, body="Đồ điên")
    CommentFactory(report=report, approved=True, body="Đã duyệt rồi")

    page = moderator_client.get(QUEUE_URL).content.decode()

    ids = [int(pk) for pk in re.findall(r'id="cho-duyet-(\d+)"', page)]
    assert ids == [first.pk, held.pk]
    assert "Đã duyệt rồi" not in page
    assert f'href="/phan-anh/{report.code}/#binh-luan"' in page
    assert "Cống thoát nước bị tắc" in page
    assert "Có từ trong danh sách cấm: dien" in page
    assert "2 bình luận chờ duyệt, cũ nhất trước." in page


def test_queue_escapes_comment_text(moderator_client, report):
    CommentFactory(report=report, body="<script>alert(1)</script>")

    page = moderator_client.get(QUEUE_URL).content.decode()

    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_queue_shows_an_authors_earlier_refusals(moderator_client, citizen, report):
    CommentFactory.create_batch(2, report=report, author=citizen, status=Comment.Status.REJECTED)
    CommentFactory(report=report, author=citizen)

    page = moderator_client.get(QUEUE_URL).content.decode()

    assert "Người này đã có 2 bình luận bị từ chối hoặc ẩn." in page


def test_queue_query_count_does_not_grow(moderator_client, report, django_assert_max_num_queries):
    CommentFactory(report=report)
    moderator_client.get(QUEUE_URL)
    cache.clear()  # counted cold: not the moderator's cached page
    with django_assert_max_num_queries(12) as few:
        moderator_client.get(QUEUE_URL)
    CommentFactory.create_batch(20, report=report)
    for _ in range(5):
        CommentFactory(report=published_report(), author=UserFactory())

    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        moderator_client.get(QUEUE_URL)


def test_flags_reach_the_queue(client, citizen, other_citizen, moderator, report):
    comment = CommentFactory(report=report, approved=True, body="Nói bậy")
    client.force_login(citizen)
    client.post(f"/binh-luan/{comment.pk}/bao-vi-pham/", {"reason": "offensive", "note": "Tục"})
    client.force_login(other_citizen)
    client.post(f"/binh-luan/{comment.pk}/bao-vi-pham/", {"reason": "spam"})
    client.post(f"/binh-luan/phan-anh/{report.code}/bao-vi-pham/", {"reason": "false"})

    client.force_login(moderator)
    page = client.get(QUEUE_URL, {"tab": "flags"}).content.decode()

    assert len(re.findall(r'class="mod-item mod-item--flag"', page)) == 2  # grouped by content
    assert "Nói bậy" in page
    assert "Xúc phạm, thô tục" in page and "Tin rác, quảng cáo" in page
    assert "Thông tin sai sự thật" in page
    assert "Tục" in page
    assert "3 báo vi phạm chờ xử lý" in page
    assert '<span class="triage-tabs__count">3</span>' in page


# --- Actions --------------------------------------------------------------------------------


def test_approve_one(moderator_client, moderator, citizen, report):
    comment = CommentFactory(report=report, author=citizen)

    response = moderator_client.post(
        decide_url(comment), {"action": "approve", "next": "/kiem-duyet/?page=1"}
    )

    assert response["Location"] == "/kiem-duyet/?page=1"
    assert messages_of(response) == ["Đã duyệt bình luận."]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert ModerationAction.objects.get().actor_id == moderator.pk
    assert Notification.objects.get().recipient_id == citizen.pk


def test_reject_one_needs_a_reason(moderator_client, report):
    comment = CommentFactory(report=report)

    response = moderator_client.post(decide_url(comment), {"action": "reject", "reason": ""})

    assert messages_of(response) == ["Hãy nhập lý do từ chối."]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_reject_one_and_lock_its_author(moderator_client, citizen, report):
    comment = CommentFactory(report=report, author=citizen)

    response = moderator_client.post(
        decide_url(comment), {"action": "reject", "reason": "Spam lặp lại", "lock": "on"}
    )

    assert messages_of(response) == ["Đã từ chối bình luận và khoá tài khoản người viết."]
    citizen.refresh_from_db()
    assert not citizen.is_active
    assert list(ModerationAction.objects.order_by("pk").values_list("action", "reason")) == [
        ("reject", "Spam lặp lại"),
        ("lock", "Spam lặp lại"),
    ]


def test_deciding_a_comment_already_decided(moderator_client, report):
    comment = CommentFactory(report=report, approved=True)

    response = moderator_client.post(decide_url(comment), {"action": "approve"})

    assert messages_of(response) == ["Bình luận này đã được người khác kiểm duyệt."]
    assert not ModerationAction.objects.exists()


def test_bulk_approve(moderator_client, report):
    chosen = CommentFactory.create_batch(3, report=report)
    left = CommentFactory(report=report)

    response = moderator_client.post(
        BULK_URL, {"action": "approve", "comments": [c.pk for c in chosen]}
    )

    assert messages_of(response) == ["Đã duyệt 3 bình luận."]
    assert set(Comment.objects.approved().values_list("pk", flat=True)) == {c.pk for c in chosen}
    left.refresh_from_db()
    assert left.status == Comment.Status.PENDING
    assert ModerationAction.objects.filter(action="approve").count() == 3


def test_bulk_reject(moderator_client, report):
    chosen = CommentFactory.create_batch(2, report=report)

    response = moderator_client.post(
        BULK_URL,
        {"action": "reject", "reason": "Không liên quan", "comments": [c.pk for c in chosen]},
    )

    assert messages_of(response) == ["Đã từ chối 2 bình luận."]
    assert set(Comment.objects.values_list("status", "reason")) == {("rejected", "Không liên quan")}
    assert ModerationAction.objects.filter(action="reject", reason="Không liên quan").count() == 2


def test_bulk_reject_needs_a_reason(moderator_client, report):
    comment = CommentFactory(report=report)

    response = moderator_client.post(BULK_URL, {"action": "reject", "comments": [comment.pk]})

    assert messages_of(response) == ["Hãy nhập lý do từ chối."]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_bulk_needs_a_choice(moderator_client, report):
    response = moderator_client.post(BULK_URL, {"action": "approve"})

    assert messages_of(response) == ["Hãy chọn ít nhất một bình luận."]


def test_hide_a_flagged_comment_from_the_queue(moderator_client, report):
    flag = FlagFactory(comment=CommentFactory(report=report, approved=True))

    response = moderator_client.post(
        flag_decide_url(flag), {"action": "hide", "reason": "Xúc phạm"}
    )

    assert messages_of(response) == ["Đã ẩn bình luận."]
    flag.refresh_from_db()
    assert flag.comment.status == Comment.Status.HIDDEN
    assert flag.status == Flag.Status.RESOLVED
    assert ModerationAction.objects.get().action == "hide"


def test_refer_a_flagged_report_from_the_queue(moderator_client, report):
    flag = FlagFactory(comment=None, report=report)

    response = moderator_client.post(flag_decide_url(flag), {"action": "hide", "reason": "Sai"})

    assert messages_of(response) == ["Đã chuyển phản ánh cho Trung tâm IOC xem xét."]
    flag.refresh_from_db()
    assert flag.outcome == Flag.Outcome.REFERRED


def test_lock_the_author_of_flagged_content(moderator_client, citizen, report):
    flag = FlagFactory(comment=CommentFactory(report=report, author=citizen, approved=True))

    response = moderator_client.post(
        flag_decide_url(flag), {"action": "lock", "reason": "Chửi bới nhiều lần"}
    )

    assert messages_of(response) == ["Đã khoá tài khoản Nguyễn Văn An."]
    citizen.refresh_from_db()
    assert not citizen.is_active
    flag.refresh_from_db()
    assert flag.status == Flag.Status.OPEN  # hide or dismiss the content separately
    page = moderator_client.get(QUEUE_URL, {"tab": "flags"}).content.decode()
    assert "Tài khoản đã khoá" in page


def test_dismiss_from_the_queue(moderator_client, report):
    flag = FlagFactory()

    response = moderator_client.post(flag_decide_url(flag), {"action": "dismiss"})

    assert messages_of(response) == ["Đã bỏ qua báo vi phạm."]
    flag.refresh_from_db()
    assert flag.outcome == Flag.Outcome.DISMISSED
    assert ModerationAction.objects.get().action == "dismiss"


def test_queue_actions_do_not_redirect_off_site(moderator_client, report):
    comment = CommentFactory(report=report)

    response = moderator_client.post(
        decide_url(comment), {"action": "approve", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/kiem-duyet/"
