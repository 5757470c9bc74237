"""Fuzzing comments and moderation (security review): writing and replying,
likes, flags, and the moderators' queue and decisions get any text, number,
id list, `next` or repetition. No answer is a 500, no redirect leaves the site;
a comment is stored as the rules say (composed, within the limit, pending, no
control character) and its markup is shown as text to its author, to the
moderators and, once approved, to everyone, and in its form after a refusal."""

from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from accounts.tests.factories import UserFactory
from accounts.text import CONTROL_CHARACTERS
from moderation import services
from moderation.models import COMMENT_MAX_LENGTH, Comment, Flag
from phananh.testing.fuzzing import (
    assert_local_redirect,
    assert_safe_page,
    assert_shown_escaped,
    fuzz,
    isolated_example,
    new_client,
    page_text,
)
from phananh.testing.strategies import (
    either,
    hostile_text,
    long_text,
    markup_payload,
    mutated,
    number_text,
    text_with_markup,
    valid_or_hostile,
)

from .factories import CommentFactory
from .helpers import (
    BULK_URL,
    QUEUE_URL,
    create_url,
    decide_url,
    flag_decide_url,
    flag_report_url,
    flag_url,
    like_url,
)

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
# str.isdigit() holds for the first three; int() reads "٣" as 3 and refuses the others.
ODD_IDS = ("²", "٣", "0" * 5000, "-1", "1.0", "9" * 20, " 1", "1\n")
# `redirect(next)` took a `next` without a slash for a URL name and failed on it.
NEXT_WITHOUT_SLASH = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def approved(report):
    """An approved comment on the report, to reply to, like and flag."""
    return CommentFactory(report=report, approved=True)


def next_text() -> st.SearchStrategy[str]:
    """Where to go back to: a page of the site half the time, else anything
    (other sites, `javascript:`, `//host`, backslashes)."""
    elsewhere = st.sampled_from(
        ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"]
    )
    return either(st.just("/phan-anh/"), st.one_of(elsewhere, hostile_text()))


def id_text(pk: int) -> st.SearchStrategy[str]:
    """A row's id half the time, else digits Python reads (or not) as a number."""
    odd = st.sampled_from(ODD_IDS)
    return either(st.just(str(pk)), either(odd, st.one_of(number_text(), hostile_text())))


def assert_redirect_stays_here(response) -> None:
    assert_safe_page(response)
    if response.status_code == 302:
        assert_local_redirect(response)


# --- Writing ----------------------------------------------------------------------


@fuzz(50)
@given(data=st.data())
def test_posting_a_comment_never_fails_on_any_input(report, approved, data):
    form = data.draw(
        mutated(
            {"body": "Đèn sáng rồi, cảm ơn.", "replied_to": str(approved.pk)},
            values={
                "body": st.one_of(hostile_text(), long_text(1990, 2010)),
                "replied_to": id_text(approved.pk),
            },
            extra=("next", "status", "author"),
        ),
        label="form",
    )
    code = data.draw(either(st.just(report.code), hostile_text()), label="code")
    with isolated_example():
        author = UserFactory()
        response = new_client(author).post(f"/binh-luan/phan-anh/{quote(code, safe='')}/", form)
        assert_redirect_stays_here(response)
        for comment in Comment.objects.filter(author=author):
            assert comment.status == Comment.Status.PENDING
            assert 0 < len(comment.body) <= COMMENT_MAX_LENGTH
            assert not CONTROL_CHARACTERS.search(comment.body)


def too_long_with_markup() -> st.SearchStrategy[tuple[str, str]]:
    """(text, payload): a comment refused for its length, which its form shows
    back to the author with the markup at its end."""
    return st.tuples(long_text(COMMENT_MAX_LENGTH + 1, COMMENT_MAX_LENGTH + 100), markup_payload)


@fuzz(30)
@given(body=st.one_of(text_with_markup(), too_long_with_markup().map(lambda p: ("".join(p), p[1]))))
def test_a_comment_with_markup_is_shown_escaped_everywhere(report, moderator, body):
    """Its author sees it pending (or back in the form after a refusal), the
    moderators in the queue, everyone once it is approved."""
    text, payload = body
    with isolated_example():
        author = UserFactory()
        client = new_client(author)
        assert_redirect_stays_here(client.post(create_url(report), {"body": text}))
        own_page = client.get(report.get_absolute_url())
        assert_safe_page(own_page)
        comment = Comment.objects.filter(author=author).first()
        if comment is None:  # refused: the form holds the text back (a NUL voids it)
            kept = "" if "\x00" in text else text
            assert_shown_escaped(page_text(own_page), payload, kept)
            return
        assert_shown_escaped(page_text(own_page), payload, comment.body)
        queue = new_client(moderator).get(QUEUE_URL)
        assert_safe_page(queue)
        assert_shown_escaped(page_text(queue), payload, comment.body)
        services.comment_approve(actor=moderator, comments=[comment])
        public_page = new_client().get(report.get_absolute_url())
        assert_safe_page(public_page)
        assert_shown_escaped(page_text(public_page), payload, comment.body)


# --- Likes and flags --------------------------------------------------------------


@fuzz(40)
@example(like={"next": NEXT_WITHOUT_SLASH}, as_json=False, flag={})
@given(
    like=st.fixed_dictionaries(
        {}, optional={"like": valid_or_hostile(st.sampled_from(["0", "1"])), "next": next_text()}
    ),
    as_json=st.booleans(),
    flag=st.fixed_dictionaries(
        {},
        optional={
            "reason": valid_or_hostile(st.sampled_from(Flag.Reason.values)),
            "note": st.one_of(hostile_text(), text_with_markup().map(lambda pair: pair[0])),
        },
    ),
)
def test_likes_and_flags_never_fail_on_any_input(report, approved, moderator, like, as_json, flag):
    with isolated_example():
        client = new_client(UserFactory())
        response = client.post(like_url(approved), like, **(JSON if as_json else {}))
        assert_redirect_stays_here(response)
        for url in (flag_url(approved), flag_report_url(report)):
            assert_redirect_stays_here(client.post(url, flag))
        # The moderators read the flags' notes in their queue.
        assert_safe_page(new_client(moderator).get(QUEUE_URL, {"tab": "flags"}))


# --- The moderators ---------------------------------------------------------------


@fuzz(50)
@given(data=st.data())
def test_the_moderators_decisions_never_fail_on_any_input(report, moderator, data):
    with isolated_example():
        pending = CommentFactory(report=report)
        flag = Flag.objects.create(
            flagged_by=UserFactory(), comment=CommentFactory(report=report, approved=True)
        )
        decision = data.draw(
            mutated(
                {"action": "reject", "reason": "Xúc phạm", "lock": "on", "next": QUEUE_URL},
                values={
                    "action": valid_or_hostile(st.sampled_from(["approve", "hide", "dismiss"])),
                    "next": next_text(),
                },
            ),
            label="decision",
        )
        checked = data.draw(st.lists(id_text(pending.pk), max_size=3), label="checked")
        bulk = {**decision, "comments": checked}
        queue = data.draw(
            st.fixed_dictionaries(
                {}, optional={"tab": valid_or_hostile(st.just("flags")), "page": id_text(1)}
            ),
            label="queue",
        )
        client = new_client(moderator)
        for url, form in (
            (decide_url(pending), decision),
            (flag_decide_url(flag), decision),
            (BULK_URL, bulk),
        ):
            assert_redirect_stays_here(client.post(url, form))
        assert_safe_page(client.get(QUEUE_URL, queue))


@pytest.mark.parametrize("odd_id", ["²", "0" * 5000])
def test_regression_a_checked_id_python_cannot_read_is_skipped(report, moderator, odd_id):
    pending = CommentFactory(report=report)
    form = {"action": "approve", "comments": [odd_id, str(pending.pk)]}
    response = new_client(moderator).post(BULK_URL, form)
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Comment.Status.APPROVED


def test_regression_a_next_without_a_slash_goes_back_to_the_comment(approved):
    response = new_client(UserFactory()).post(like_url(approved), {"next": NEXT_WITHOUT_SLASH})
    assert response.status_code == 302
    assert response["Location"] == approved.get_absolute_url()


# Regression: control characters passed the emptiness check, then saving dropped them.
def test_regression_a_comment_of_control_characters_only_is_refused_as_empty(report):
    response = new_client(UserFactory()).post(create_url(report), {"body": "\x1b\x7f" * 995})
    assert response.status_code == 302
    assert not Comment.objects.exists()
