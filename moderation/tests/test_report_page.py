"""The comment section on the report page itself (reports' template loads the
`report_comments` tag): shown to each viewer as the tag renders it, in a number
of queries that does not grow with the comments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from moderation import services

from .factories import CommentFactory, CommentLikeFactory
from .helpers import comment_ids, create_url

pytestmark = pytest.mark.django_db


def page(client, report) -> str:
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_comment_approve_and_see_it_on_the_page(client, citizen, moderator, report):
    client.force_login(citizen)
    client.post(create_url(report), {"body": "Đèn đã sáng, cảm ơn phường."})
    comment = citizen.comments.get()

    mine = page(client, report)
    assert comment_ids(mine) == [comment.pk]
    assert "Chờ duyệt" in mine
    client.logout()
    assert comment_ids(page(client, report)) == []

    services.comment_approve(actor=moderator, comments=[comment])

    html = page(client, report)
    assert comment_ids(html) == [comment.pk]
    assert "Đèn đã sáng, cảm ơn phường." in html
    assert 'id="binh-luan"' in html
    assert "/static/js/comments.js" in html


def test_the_refused_comment_comes_back_on_the_page(client, citizen, report):
    client.force_login(citizen)

    response = client.post(create_url(report), {"body": ""}, follow=True)

    assert "Hãy nhập nội dung bình luận." in response.content.decode()


def _count(client, report) -> int:
    with CaptureQueriesContext(connection) as queries:
        page(client, report)
    return len(queries)


def test_page_queries_do_not_grow_with_comments(client, citizen, report):
    client.force_login(citizen)
    top = CommentFactory(report=report, approved=True)
    CommentFactory(report=report, parent=top, approved=True)
    few = _count(client, report)

    for _ in range(10):
        top = CommentFactory(report=report, approved=True)
        CommentLikeFactory(comment=top, user=citizen)
        for _ in range(2):
            CommentFactory(report=report, parent=top, replied_to=top, approved=True)

    assert _count(client, report) == few


def test_visitors_see_an_approved_comment_at_once(client, citizen, moderator, report):
    """The visitors' page cache (reports/public_cache.py) follows moderation:
    the page a visitor already has cached shows the comment once approved."""
    comment = CommentFactory(report=report, author=citizen, status="pending")
    assert comment_ids(page(client, report)) == []

    services.comment_approve(actor=moderator, comments=[comment])

    assert comment_ids(page(client, report)) == [comment.pk]


def test_visitors_see_a_new_like_at_once(client, citizen, report):
    comment = CommentFactory(report=report, status="approved")
    assert "lượt thích" not in page(client, report)

    CommentLikeFactory(comment=comment, user=citizen)

    assert "1 lượt thích" in page(client, report)
