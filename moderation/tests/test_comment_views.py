"""The comment actions over HTTP: write, reply, like (with and without
JavaScript), flag; refusals shown next to the field; 404 where comments are
not open; locked accounts can neither post nor log in."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.sessions.backends.db import SessionStore

from accounts.tests.factories import PASSWORD, UserFactory
from moderation.models import Comment, CommentLike, Flag
from moderation.views import DRAFT_SESSION_KEY
from reports.models import Report
from reports.tests.factories import report_in_state

from .factories import CommentFactory, published_report
from .helpers import (
    comment_ids,
    create_url,
    flag_report_url,
    flag_url,
    like_url,
    render_section,
)

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


def shown_after_redirect(client, report, user) -> str:
    """The section as the page shown after the redirect would render it."""
    return render_section(report, user, session=SessionStore(client.session.session_key))


# --- Writing --------------------------------------------------------------------


def test_citizen_comments_and_lands_on_the_pending_comment(citizen_client, citizen, report):
    response = citizen_client.post(create_url(report), {"body": "Đèn sáng rồi, cảm ơn."})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/phan-anh/{report.code}/#binh-luan-{comment.pk}"
    assert comment.author_id == citizen.pk
    assert comment.status == Comment.Status.PENDING
    assert messages_of(response) == [
        "Đã gửi bình luận. Bình luận sẽ hiển thị sau khi được kiểm duyệt."
    ]


def test_visitor_is_sent_to_log_in(client, report):
    response = client.post(create_url(report), {"body": "Xin chào"})

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/login/?next=")
    assert not Comment.objects.exists()


def test_get_is_not_allowed(citizen_client, report):
    assert citizen_client.get(create_url(report)).status_code == 405


@pytest.mark.parametrize("status", ["submitted", "received", "forwarded", "resolved"])
def test_404_on_reports_not_published(citizen_client, status):
    report = report_in_state(status, is_public=True)

    assert citizen_client.post(create_url(report), {"body": "Xin chào"}).status_code == 404
    assert not Comment.objects.exists()


def test_404_on_a_published_report_that_is_not_public(client):
    report = published_report(is_public=False)
    client.force_login(report.reporter)  # the reporter sees it, but may not comment

    assert client.post(create_url(report), {"body": "Xin chào"}).status_code == 404


def test_404_on_a_draft_and_on_an_unknown_code(citizen_client, citizen):
    draft = report_in_state(Report.Status.DRAFT, reporter=citizen)

    assert (
        citizen_client.post("/binh-luan/phan-anh/PA-2020-999999/", {"body": "x"}).status_code == 404
    )
    assert draft.code is None


def test_an_empty_comment_is_shown_again_with_its_message(citizen_client, citizen, report):
    response = citizen_client.post(create_url(report), {"body": "   "})

    assert response.status_code == 302
    assert response["Location"] == f"/phan-anh/{report.code}/#binh-luan-moi"
    assert not Comment.objects.exists()
    html = shown_after_redirect(citizen_client, report, citizen)
    error = (
        '<ul class="field__errors" id="comment-body-error"><li>Hãy nhập nội dung bình luận.</li>'
    )
    assert error in html
    assert 'aria-invalid="true"' in html
    # Shown once: the next view of the page has a fresh form.
    assert "field__errors" not in shown_after_redirect(citizen_client, report, citizen)


def test_a_too_long_comment_keeps_its_text(citizen_client, citizen, report):
    body = "Rất dài. " * 250

    citizen_client.post(create_url(report), {"body": body})

    html = shown_after_redirect(citizen_client, report, citizen)
    assert "Bình luận dài tối đa 2.000 ký tự (bạn đã nhập 2249 ký tự)." in html
    assert body.strip() in html


def test_rate_limit_over_http(citizen_client, citizen, report, settings):
    settings.COMMENT_RATE_LIMIT = "2/m"
    for number in range(3):
        response = citizen_client.post(create_url(report), {"body": f"Ý kiến {number}"})

    assert Comment.objects.count() == 2
    assert response["Location"].endswith("#binh-luan-moi")
    html = shown_after_redirect(citizen_client, report, citizen)
    assert "Bạn gửi bình luận quá nhanh. Vui lòng đợi một lát rồi thử lại." in html
    assert "Ý kiến 2" in html  # kept in the form


def test_a_draft_for_another_report_stays_put(citizen_client, citizen, report):
    citizen_client.post(create_url(report), {"body": ""})
    other = published_report()

    assert "field__errors" not in shown_after_redirect(citizen_client, other, citizen)
    assert DRAFT_SESSION_KEY in citizen_client.session


def test_reply_over_http(citizen_client, report):
    top = CommentFactory(report=report, approved=True)

    response = citizen_client.post(create_url(report), {"body": "Đúng vậy.", "replied_to": top.pk})

    reply = Comment.objects.get(parent=top)
    assert response["Location"].endswith(f"#binh-luan-{reply.pk}")


def test_a_refused_reply_reopens_its_form_with_the_message(citizen_client, citizen, report):
    top = CommentFactory(report=report, approved=True)

    response = citizen_client.post(create_url(report), {"body": "", "replied_to": top.pk})

    assert response["Location"].endswith(f"#tra-loi-{top.pk}")
    html = shown_after_redirect(citizen_client, report, citizen)
    assert f'<details class="comment-reply" id="tra-loi-{top.pk}" open>' in html
    assert f'id="reply-{top.pk}-error"><li>Hãy nhập nội dung bình luận.</li>' in html


@pytest.mark.parametrize("status", ["pending", "hidden"])
def test_reply_to_a_comment_not_shown_is_404(citizen_client, report, status):
    top = CommentFactory(report=report, status=status)

    response = citizen_client.post(create_url(report), {"body": "Ừ", "replied_to": top.pk})

    assert response.status_code == 404


def test_reply_to_a_comment_of_another_report_is_404(citizen_client, report):
    elsewhere = CommentFactory(approved=True)

    response = citizen_client.post(create_url(report), {"body": "Ừ", "replied_to": elsewhere.pk})

    assert response.status_code == 404


# --- Likes ----------------------------------------------------------------------


def test_like_without_javascript_goes_back_to_the_comment(citizen_client, citizen, report):
    comment = CommentFactory(report=report, approved=True)
    back = f"/phan-anh/{report.code}/?trang-binh-luan=1#binh-luan-{comment.pk}"

    response = citizen_client.post(like_url(comment), {"like": "1", "next": back})

    assert response.status_code == 302
    assert response["Location"] == back
    assert CommentLike.objects.filter(comment=comment, user=citizen).exists()


def test_like_goes_to_the_comment_when_next_is_another_site(citizen_client, report):
    comment = CommentFactory(report=report, approved=True)

    response = citizen_client.post(like_url(comment), {"next": "https://evil.example/"})

    assert response["Location"] == f"/phan-anh/{report.code}/#binh-luan-{comment.pk}"


def test_like_with_javascript_answers_json_and_toggles(citizen_client, other_citizen, report):
    comment = CommentFactory(report=report, approved=True)
    CommentLike.objects.create(comment=comment, user=other_citizen)

    first = citizen_client.post(like_url(comment), **JSON)
    second = citizen_client.post(like_url(comment), **JSON)

    assert first.status_code == 200
    assert first.json() == {"liked": True, "count": 2}
    assert second.json() == {"liked": False, "count": 1}


def test_a_double_click_sends_the_same_state_twice(citizen_client, report):
    comment = CommentFactory(report=report, approved=True)

    citizen_client.post(like_url(comment), {"like": "1"}, **JSON)
    response = citizen_client.post(like_url(comment), {"like": "1"}, **JSON)

    assert response.json() == {"liked": True, "count": 1}
    assert CommentLike.objects.count() == 1


def test_like_needs_a_login(client, report):
    comment = CommentFactory(report=report, approved=True)

    response = client.post(like_url(comment), **JSON)

    assert response.status_code == 302
    assert "/tai-khoan/login/" in response["Location"]
    assert not CommentLike.objects.exists()


@pytest.mark.parametrize("status", ["pending", "rejected", "hidden"])
def test_no_like_on_a_comment_not_shown(citizen_client, report, status):
    comment = CommentFactory(report=report, status=status)

    assert citizen_client.post(like_url(comment), **JSON).status_code == 404


# --- Flags ------------------------------------------------------------------------


def test_flag_a_comment(citizen_client, citizen, report):
    comment = CommentFactory(report=report, approved=True)

    response = citizen_client.post(flag_url(comment), {"reason": "offensive", "note": "Chửi bậy"})

    flag = Flag.objects.get()
    assert (flag.comment_id, flag.flagged_by_id, flag.reason, flag.note) == (
        comment.pk,
        citizen.pk,
        "offensive",
        "Chửi bậy",
    )
    assert flag.status == Flag.Status.OPEN
    assert messages_of(response) == ["Cảm ơn bạn đã báo vi phạm. Kiểm duyệt viên sẽ xem xét."]


def test_flagging_twice_keeps_one_open_flag(citizen_client, report):
    comment = CommentFactory(report=report, approved=True)

    citizen_client.post(flag_url(comment), {"reason": "spam"})
    citizen_client.post(flag_url(comment), {"reason": "offensive"})

    assert Flag.objects.count() == 1


def test_flag_a_report(citizen_client, citizen, report):
    response = citizen_client.post(flag_report_url(report), {"reason": "false"})

    flag = Flag.objects.get()
    assert (flag.report_id, flag.comment_id, flag.reason) == (report.pk, None, "false")
    assert response["Location"] == f"/phan-anh/{report.code}/#binh-luan"


def test_flag_without_a_reason_is_refused(citizen_client, report):
    comment = CommentFactory(report=report, approved=True)

    response = citizen_client.post(flag_url(comment), {"reason": "ghét"})

    assert not Flag.objects.exists()
    assert messages_of(response) == ["Hãy chọn lý do báo vi phạm."]


def test_flag_needs_a_login(client, report):
    assert client.post(flag_report_url(report), {"reason": "spam"}).status_code == 302
    assert not Flag.objects.exists()


def test_no_flag_on_a_report_that_is_not_public(citizen_client):
    report = report_in_state(Report.Status.SUBMITTED)

    assert citizen_client.post(flag_report_url(report), {"reason": "spam"}).status_code == 404


# --- Locked accounts ---------------------------------------------------------------


def test_a_locked_account_cannot_post_even_with_a_session(client, report):
    user = UserFactory()
    client.force_login(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = client.post(create_url(report), {"body": "Tôi vẫn viết được?"})

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/login/")
    assert not Comment.objects.exists()


def test_a_locked_account_cannot_log_in(client):
    UserFactory(phone="+84912345678", is_active=False)

    response = client.post(
        "/tai-khoan/login/", {"login": "0912 345 678", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/tai-khoan/inactive/"
    assert "Tài khoản này đã bị khoá." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_new_comment_shows_for_its_author(citizen_client, citizen, report):
    citizen_client.post(create_url(report), {"body": "Mới viết"})

    assert comment_ids(render_section(report, citizen)) == [Comment.objects.get().pk]
