"""The comment section of a report page: what each viewer sees, the forms, the
escaping, and a fixed number of queries whatever the number of comments."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from moderation import services
from moderation.models import Comment
from reports.models import Report
from reports.tests.factories import report_in_state

from .factories import CommentFactory, CommentLikeFactory, published_report
from .helpers import comment_ids, render_section

pytestmark = pytest.mark.django_db


def test_pending_comment_is_shown_to_its_author_marked_and_to_nobody_else(
    citizen, other_citizen, report, moderator
):
    comment = services.comment_post(author=citizen, report=report, body="Đèn đã sáng lại.")

    mine = render_section(report, citizen)
    assert comment_ids(mine) == [comment.pk]
    assert "Chờ duyệt" in mine
    assert "Bình luận đang chờ kiểm duyệt: chỉ bạn nhìn thấy." in mine

    for viewer in (AnonymousUser(), other_citizen, moderator, report.reporter):
        html = render_section(report, viewer)
        assert comment_ids(html) == [], viewer
        assert "Đèn đã sáng lại." not in html


def test_approval_shows_the_comment_to_everyone(citizen, other_citizen, report, moderator):
    comment = services.comment_post(author=citizen, report=report, body="Đèn đã sáng lại.")

    services.comment_approve(actor=moderator, comments=[comment])

    for viewer in (AnonymousUser(), other_citizen, citizen):
        html = render_section(report, viewer)
        assert comment_ids(html) == [comment.pk]
        assert "Đèn đã sáng lại." in html
        assert "Chờ duyệt" not in html
    assert "Bình luận (1)" in re.sub(r"<[^>]+>", "", render_section(report, other_citizen))


@pytest.mark.parametrize("status", ["rejected", "hidden"])
def test_rejected_and_hidden_comments_are_shown_to_nobody(citizen, report, status):
    CommentFactory(report=report, author=citizen, status=status)

    assert comment_ids(render_section(report, citizen)) == []
    assert comment_ids(render_section(report, AnonymousUser())) == []


def test_replies_under_their_comment_oldest_first(citizen, other_citizen, report):
    top = CommentFactory(report=report, approved=True, body="Đèn sáng rồi.")
    first = CommentFactory(report=report, parent=top, replied_to=top, approved=True)
    second = CommentFactory(report=report, parent=top, replied_to=first, approved=True)
    pending_reply = CommentFactory(report=report, parent=top, replied_to=top, author=citizen)

    html = render_section(report, other_citizen)

    assert comment_ids(html) == [top.pk, first.pk, second.pk]
    assert f"Trả lời {first.author.full_name}" in html  # a reply to a reply says to whom
    assert comment_ids(render_section(report, citizen)) == [
        top.pk,
        first.pk,
        second.pk,
        pending_reply.pk,
    ]


def test_a_reporter_who_hid_their_name_stays_hidden_in_their_own_comments(other_citizen):
    reporter = UserFactory(full_name="Phạm Văn Gửi")
    report = published_report(reporter=reporter, hide_name=True)
    own = CommentFactory(report=report, author=reporter, approved=True)
    answer = CommentFactory(report=report, parent=own, replied_to=own, approved=True)
    CommentFactory(report=report, parent=own, replied_to=answer, author=reporter, approved=True)

    for viewer in (AnonymousUser(), other_citizen):
        html = render_section(report, viewer)
        assert reporter.full_name not in html  # nor in "Trả lời …" and the labels
        assert "Người dân (ẩn tên)" in html
        assert f"Trả lời {answer.author.full_name}" in html
    assert reporter.full_name in render_section(report, reporter)  # they still see it


def test_top_level_comments_newest_first(report):
    older = CommentFactory(report=report, approved=True)
    newer = CommentFactory(report=report, approved=True)

    assert comment_ids(render_section(report, AnonymousUser())) == [newer.pk, older.pk]


@pytest.mark.parametrize(
    "payload",
    [
        '<script>alert("xss")</script>',
        '<img src=x onerror="alert(1)">',
        '"><svg onload=alert(1)>',
        "<a href=\"javascript:alert('x')\">bấm vào đây</a>",
    ],
)
def test_xss_payloads_are_shown_as_text(citizen, report, moderator, payload):
    comment = services.comment_post(author=citizen, report=report, body=payload)
    services.comment_approve(actor=moderator, comments=[comment])

    html = render_section(report, AnonymousUser())

    assert payload not in html
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg" not in html
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped.replace('"', "&quot;").replace("'", "&#x27;") in html


def test_an_xss_name_is_escaped_too(report):
    author = UserFactory(full_name="<b onmouseover=alert(1)>Kẻ xấu</b>")
    CommentFactory(report=report, author=author, approved=True)

    html = render_section(report, AnonymousUser())

    assert "<b onmouseover" not in html
    assert "&lt;b onmouseover=alert(1)&gt;Kẻ xấu&lt;/b&gt;" in html


def test_visitor_sees_a_login_link_no_forms_and_like_counts(report):
    liked = CommentFactory(report=report, approved=True)
    CommentLikeFactory(comment=liked)
    CommentFactory(report=report, approved=True)

    html = render_section(report, AnonymousUser())

    assert "Đăng nhập để bình luận" in html
    assert f"/tai-khoan/login/?next=/phan-anh/{report.code}/%23binh-luan" in html
    assert "<form" not in html
    assert html.count("lượt thích") == 1  # none shown for no likes
    assert "1 lượt thích" in html


def test_citizen_sees_the_labelled_comment_form_and_per_comment_actions(citizen, report):
    comment = CommentFactory(report=report, approved=True)

    html = render_section(report, citizen)

    assert '<label for="comment-body">Bình luận của bạn</label>' in html
    assert f'action="/binh-luan/phan-anh/{report.code}/"' in html
    assert f'<label for="reply-{comment.pk}">Trả lời {comment.author.full_name}</label>' in html
    assert f'action="/binh-luan/{comment.pk}/thich/"' in html
    assert f'action="/binh-luan/{comment.pk}/bao-vi-pham/"' in html
    assert 'maxlength="2000"' in html
    assert "csrfmiddlewaretoken" in html


def test_no_flag_button_on_ones_own_comment(citizen, report):
    comment = CommentFactory(report=report, author=citizen, approved=True)

    html = render_section(report, citizen)

    assert f'action="/binh-luan/{comment.pk}/bao-vi-pham/"' not in html


def test_likes_counted_and_the_viewers_like_shown_pressed(citizen, other_citizen, report):
    comment = CommentFactory(report=report, approved=True)
    CommentLikeFactory(comment=comment, user=citizen)
    CommentLikeFactory(comment=comment, user=other_citizen)
    CommentLikeFactory.create_batch(2, comment=comment)

    html = render_section(report, citizen)

    button = re.search(r'<button type="submit" class="like-button"[^>]*>.*?</button>', html, re.S)
    assert 'aria-pressed="true"' in button[0]
    assert "data-like-count>4</span>" in button[0]
    assert 'name="like" value="0"' in html  # the next click unlikes
    nobody = UserFactory()
    assert 'aria-pressed="false"' in render_section(report, nobody)


@pytest.mark.parametrize("status", ["submitted", "received", "in_progress", "resolved"])
def test_reports_not_yet_published_have_no_form(citizen, status):
    report = report_in_state(status, is_public=True)

    html = render_section(report, citizen)

    assert "<textarea" not in html
    assert "Bình luận được mở khi phản ánh đã xử lý và được đăng tải công khai." in html


def test_a_locked_viewer_gets_no_forms(report):
    locked = UserFactory(is_active=False)
    CommentFactory(report=report, approved=True)

    assert "<form" not in render_section(report, locked)


def test_comments_page_by_twenty(report):
    comments = CommentFactory.create_batch(25, report=report, approved=True)

    first = comment_ids(render_section(report, AnonymousUser()))
    second = comment_ids(render_section(report, AnonymousUser(), query={"trang-binh-luan": "2"}))

    assert first == [comment.pk for comment in reversed(comments)][:20]
    assert second == [comment.pk for comment in comments[:5]][::-1]


def _queries(report, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        render_section(report, user)
    return len(queries)


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "citizen"])
def test_query_count_does_not_grow_with_comments(logged_in, citizen, report):
    viewer = citizen if logged_in else AnonymousUser()
    top = CommentFactory(report=report, approved=True)
    CommentFactory(report=report, parent=top, approved=True)
    CommentLikeFactory(comment=top)
    few = _queries(report, viewer)

    for _ in range(8):
        top = CommentFactory(report=report, approved=True)
        CommentFactory(report=report, author=citizen)  # own pending
        for _ in range(3):
            reply = CommentFactory(report=report, parent=top, replied_to=top, approved=True)
            CommentLikeFactory(comment=reply)
        CommentLikeFactory.create_batch(2, comment=top)
    many = _queries(report, viewer)

    assert many == few <= 5


def test_count_helpers(report):
    from moderation.selectors import approved_comment_count, set_comment_counts

    published_report()  # another report, without comments
    top = CommentFactory(report=report, approved=True)
    CommentFactory(report=report, parent=top, approved=True)
    CommentFactory(report=report)  # pending: not counted
    hidden = CommentFactory(report=report, status=Comment.Status.HIDDEN)
    CommentFactory(report=report, parent=hidden, approved=True)  # under a hidden one

    loaded = list(Report.objects.order_by("pk"))
    with CaptureQueriesContext(connection) as queries:
        set_comment_counts(loaded)
    assert len(queries) == 1
    assert [approved_comment_count(r) for r in loaded] == [2, 0]
    assert approved_comment_count(Report.objects.get(pk=report.pk)) == 2


def test_count_tags_in_a_list_template(report, django_assert_num_queries):
    from django.template import Context, Template

    CommentFactory(report=report, approved=True)
    published_report()
    template = Template(
        "{% load moderation_tags %}{% prefetch_comment_counts reports %}"
        "{% for report in reports %}[{% approved_comment_count report %}]{% endfor %}"
    )
    reports = Report.objects.order_by("pk")

    with django_assert_num_queries(2):  # the reports, their counts
        assert template.render(Context({"reports": reports})) == "[1][0]"
