"""Issue 14, defect 3: on a report shown as "Người dân (ẩn tên)", the reporter's
own comments and the replies to them never sign with the reporter's name or
phone number, on the page as everyone else receives it; another citizen's
comment keeps its author's name (moderation.selectors.comment_author_name)."""

import phonenumbers
import pytest

from accounts.tests.factories import UserFactory

from .factories import CommentFactory, published_report

pytestmark = pytest.mark.django_db

REPORTER_NAME = "Trương Thị Kín Đáo"
HIDDEN = "Người dân (ẩn tên)"


@pytest.fixture
def reporter():
    return UserFactory(full_name=REPORTER_NAME, phone="+84913555777")


@pytest.fixture
def hidden_report(reporter):
    return published_report(reporter=reporter, hide_name=True)


def phone_forms(user) -> list[str]:
    number = phonenumbers.parse(str(user.phone))
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return [str(user.phone), national, national.replace(" ", ""), str(number.national_number)]


def page_as(client, viewer, report) -> str:
    if viewer is not None:
        client.force_login(viewer)
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("viewer_kind", ["visitor", "other_citizen", "ioc_operator"])
def test_the_reporters_comment_keeps_their_name_hidden(
    client, request, reporter, hidden_report, other_citizen, viewer_kind
):
    viewer = None if viewer_kind == "visitor" else request.getfixturevalue(viewer_kind)
    own = CommentFactory(report=hidden_report, author=reporter, approved=True)
    reply_to_own = CommentFactory(
        report=hidden_report, author=other_citizen, parent=own, replied_to=own, approved=True
    )
    CommentFactory(
        report=hidden_report, author=reporter, parent=own, replied_to=reply_to_own, approved=True
    )
    page = page_as(client, viewer, hidden_report)
    assert own.body in page
    assert REPORTER_NAME not in page
    for form in phone_forms(reporter):
        assert form not in page
    assert f'id="binh-luan-{own.pk}-ai">{HIDDEN}</strong>' in page
    # Another citizen's comment is signed with their name.
    assert f'id="binh-luan-{reply_to_own.pk}-ai">{other_citizen.full_name}</strong>' in page


def test_the_reporter_still_sees_their_own_name(client, reporter, hidden_report):
    own = CommentFactory(report=hidden_report, author=reporter, approved=True)
    page = page_as(client, reporter, hidden_report)
    assert f'id="binh-luan-{own.pk}-ai">{REPORTER_NAME}</strong>' in page


def test_a_report_with_the_name_shown_signs_the_reporters_comment(client, reporter):
    report = published_report(reporter=reporter, hide_name=False)
    own = CommentFactory(report=report, author=reporter, approved=True)
    page = page_as(client, None, report)
    assert f'id="binh-luan-{own.pk}-ai">{REPORTER_NAME}</strong>' in page
