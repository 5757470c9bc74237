"""Writing comments (README §5, issue 5 "Comments, replies and likes"): who may
write where, what is refused and why, and that everything starts pending."""

import pytest
from django.core.exceptions import ValidationError

from accounts.tests.factories import UserFactory
from moderation import services
from moderation.models import Comment
from reports.models import Report
from reports.tests.factories import report_in_state

from .factories import BannedWordFactory, CommentFactory, published_report

pytestmark = pytest.mark.django_db


def post(author, report, body="Cảm ơn phường đã sửa đèn rất nhanh.", **kwargs):
    return services.comment_post(author=author, report=report, body=body, **kwargs)


def refusal(callable_, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        callable_(*args, **kwargs)
    return caught.value


def test_a_new_comment_starts_pending(citizen, report):
    comment = post(citizen, report)

    assert comment.status == Comment.Status.PENDING
    assert comment.author_id == citizen.pk
    assert comment.report_id == report.pk
    assert comment.held_for == ""
    assert comment.parent_id is None


@pytest.mark.parametrize(
    "status", [status for status in Report.Status.values if status != Report.Status.PUBLISHED]
)
def test_only_published_reports_take_comments(citizen, status):
    report = report_in_state(status, is_public=True)

    error = refusal(post, citizen, report)

    assert error.code == services.NOT_FOUND
    assert not Comment.objects.exists()


def test_a_published_report_that_is_not_public_takes_no_comments(citizen):
    report = published_report(is_public=False)

    error = refusal(post, report.reporter, report)

    assert error.code == services.NOT_FOUND


def test_anonymous_users_cannot_comment(report):
    from django.contrib.auth.models import AnonymousUser

    error = refusal(post, AnonymousUser(), report)

    assert error.code == services.LOGIN_REQUIRED


def test_a_locked_account_cannot_comment(report):
    locked = UserFactory(is_active=False)

    error = refusal(post, locked, report)

    assert error.code == services.LOCKED
    assert error.messages == ["Tài khoản của bạn đã bị khoá."]


@pytest.mark.parametrize("body", ["", "   ", "\n\r\n\t "])
def test_an_empty_comment_is_refused(citizen, report, body):
    error = refusal(post, citizen, report, body)

    assert error.code == services.EMPTY
    assert error.messages == ["Hãy nhập nội dung bình luận."]


def test_a_comment_over_2000_characters_is_refused(citizen, report):
    error = refusal(post, citizen, report, "ơ" * 2001)

    assert error.code == services.TOO_LONG
    assert error.messages == ["Bình luận dài tối đa 2.000 ký tự (bạn đã nhập 2001 ký tự)."]


def test_exactly_2000_characters_is_fine_and_windows_line_ends_count_once(citizen, report):
    body = ("a" * 999 + "\r\n") * 2  # 2000 characters once \r\n becomes \n

    comment = post(citizen, report, body)

    assert len(comment.body) == 1999  # the final line end is stripped
    assert "\r" not in comment.body


def test_decomposed_accents_are_stored_composed(citizen, report):
    import unicodedata

    comment = post(citizen, report, unicodedata.normalize("NFD", "Đường sạch đẹp"))

    assert comment.body == "Đường sạch đẹp"


def test_rate_limit_per_user(citizen, other_citizen, report, settings):
    settings.COMMENT_RATE_LIMIT = "3/m"
    for _ in range(3):
        post(citizen, report)

    error = refusal(post, citizen, report)

    assert error.code == services.RATE_LIMITED
    assert error.messages == ["Bạn gửi bình luận quá nhanh. Vui lòng đợi một lát rồi thử lại."]
    assert Comment.objects.filter(author=citizen).count() == 3
    post(other_citizen, report)  # the limit is per user


def test_rate_limit_frees_up_after_the_period(citizen, report, settings, monkeypatch):
    import time

    settings.COMMENT_RATE_LIMIT = "1/m"
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)
    post(citizen, report)
    assert refusal(post, citizen, report).code == services.RATE_LIMITED

    monkeypatch.setattr(time, "time", lambda: now + 61)
    post(citizen, report)

    assert Comment.objects.filter(author=citizen).count() == 2


def test_the_default_rate_limit_is_a_few_a_minute(citizen, report, settings):
    assert settings.COMMENT_RATE_LIMIT == "5/m"
    for _ in range(5):
        post(citizen, report)

    assert refusal(post, citizen, report).code == services.RATE_LIMITED


def test_refused_input_does_not_use_up_the_rate_limit(citizen, report, settings):
    settings.COMMENT_RATE_LIMIT = "1/m"
    refusal(post, citizen, report, "")

    post(citizen, report)


# --- Banned words -----------------------------------------------------------


def test_a_banned_word_holds_the_comment_and_says_why(citizen, report):
    BannedWordFactory(word="dien")

    comment = post(citizen, report, "Cán bộ phường làm việc như người ĐIÊN!")

    assert comment.status == Comment.Status.PENDING
    assert comment.held_for == "Có từ trong danh sách cấm: dien"


def test_a_clean_comment_is_not_marked(citizen, report):
    BannedWordFactory(word="ngu ngốc")

    comment = post(citizen, report, "Ngừng ngược đãi cây xanh, nguồn nước sạch quá.")

    assert comment.held_for == ""


# --- Replies -------------------------------------------------------------------


def test_a_reply_to_an_approved_comment(citizen, other_citizen, report):
    top = CommentFactory(report=report, author=other_citizen, approved=True)

    reply = post(citizen, report, "Đồng ý với chị.", replied_to=top)

    assert reply.parent_id == top.pk
    assert reply.replied_to_id == top.pk
    assert reply.status == Comment.Status.PENDING


def test_a_reply_to_a_reply_joins_the_top_comment(citizen, other_citizen, report):
    top = CommentFactory(report=report, approved=True)
    first_reply = CommentFactory(report=report, author=other_citizen, parent=top, approved=True)

    reply = post(citizen, report, "Cảm ơn chị Bích.", replied_to=first_reply)

    assert reply.parent_id == top.pk  # one level of nesting
    assert reply.replied_to_id == first_reply.pk  # who was answered


@pytest.mark.parametrize("status", ["pending", "rejected", "hidden"])
def test_no_reply_to_a_comment_others_cannot_see(citizen, report, status):
    top = CommentFactory(report=report, status=status)

    assert refusal(post, citizen, report, replied_to=top).code == services.NOT_FOUND


def test_no_reply_across_reports(citizen, report):
    elsewhere = CommentFactory(approved=True)

    assert refusal(post, citizen, report, replied_to=elsewhere).code == services.NOT_FOUND
