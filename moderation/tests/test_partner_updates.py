"""A partner's citizen update on a request (FixMyStreet's Open311 extension,
issue 13): a comment held for moderation like every comment, idempotent per key
and update id, on the partner's own reports or those open to comments; signed
"Người dân qua <partner>" in public, the citizen's contact for the IOC alone."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.tests.factories import UserFactory
from moderation import partner_updates, services
from moderation.models import COMMENT_MAX_LENGTH, Comment, PartnerUpdate
from moderation.selectors import comment_author_name
from reports.models import PartnerSubmission, Report
from reports.submissions import PARTNER_OWNER_NAME, partner_owner
from reports.tests.factories import issue_api_key, report_in_state

from .factories import BannedWordFactory, CommentFactory, published_report
from .helpers import QUEUE_URL, comment_ids, render_section

pytestmark = pytest.mark.django_db

CONTACT = {
    "first_name": "Bí Ẩn",
    "last_name": "Lưu Thị",
    "email": "luu.bian@example.com",
    "phone": "0987 654 321",
}
TRACES = ("Bí Ẩn", "Lưu Thị", "luu.bian@example.com", "0987 654 321", "0987654321")
COMMENTS = "/admin/moderation/comment/"


@pytest.fixture
def api_key(db):
    return issue_api_key(name="Ứng dụng 1022", partner="Công ty ABC")[0]


@pytest.fixture
def other_key(db):
    return issue_api_key(name="Ứng dụng khác", partner="Công ty XYZ")[0]


def partner_report(api_key, status=Report.Status.RECEIVED, **fields) -> Report:
    """A report `api_key` sent, as partner_report_submit leaves it, in `status`."""
    report = report_in_state(status, reporter=partner_owner(), **{"is_public": False, **fields})
    PartnerSubmission.objects.create(report=report, api_key=api_key, first_name="Khác")
    return report


def post(api_key, report, update_id="fms-1", body="Ổ gà vẫn còn, nước đọng sau mưa.", **extra):
    return partner_updates.partner_update_post(
        api_key=api_key, report=report, partner_update_id=update_id, body=body, **extra
    )


def refusal(*args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        post(*args, **kwargs)
    return caught.value


# --- The service ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [Report.Status.SUBMITTED, Report.Status.RECEIVED, Report.Status.IN_PROGRESS, "rejected"],
)
def test_an_update_on_the_partners_own_report_is_a_pending_comment(api_key, status):
    report = partner_report(api_key, status)
    updated = datetime(2026, 11, 30, 8, 15, tzinfo=UTC)

    comment, created = post(
        api_key, report, media_urls=["https://fms.example/p/1.jpeg"], updated_at=updated, **CONTACT
    )

    assert created
    assert (comment.report_id, comment.status, comment.held_for) == (report.pk, "pending", "")
    assert comment.body == "Ổ gà vẫn còn, nước đọng sau mưa."
    assert comment.parent_id is None and comment.replied_to_id is None
    owner = comment.author
    assert owner.pk == partner_owner().pk and owner.full_name == PARTNER_OWNER_NAME
    update = PartnerUpdate.objects.get()
    assert update.comment_id == comment.pk and update.api_key_id == api_key.pk
    assert update.partner_update_id == "fms-1"
    assert (update.first_name, update.last_name, update.email, update.phone) == tuple(
        CONTACT.values()
    )
    assert update.media_urls == ["https://fms.example/p/1.jpeg"]
    assert update.partner_updated_at == updated
    assert CONTACT["last_name"] not in comment.body


def test_the_same_update_again_returns_the_first_and_changes_nothing(api_key):
    report = partner_report(api_key)
    first, _created = post(api_key, report, **CONTACT)

    again, created = post(api_key, report, body="Một nội dung khác", first_name="Người khác")

    assert not created
    assert again.pk == first.pk
    assert Comment.objects.count() == 1 and PartnerUpdate.objects.count() == 1
    assert Comment.objects.get().body == "Ổ gà vẫn còn, nước đọng sau mưa."
    assert PartnerUpdate.objects.get().first_name == CONTACT["first_name"]


def test_the_same_id_from_another_partner_is_another_update(api_key, other_key):
    report = published_report()
    first, _created = post(api_key, report)

    second, created = post(other_key, report)

    assert created and second.pk != first.pk
    assert set(PartnerUpdate.objects.values_list("api_key", flat=True)) == {
        api_key.pk,
        other_key.pk,
    }


def test_a_race_on_one_update_is_decided_by_the_unique_constraint(api_key, monkeypatch):
    report = partner_report(api_key)
    first, _created = post(api_key, report)
    # The second request looked before the first one had committed.
    real_lookup = partner_updates._sent_before
    calls = []

    def late_lookup(*args):
        calls.append(args)
        return None if len(calls) == 1 else real_lookup(*args)

    monkeypatch.setattr(partner_updates, "_sent_before", late_lookup)

    again, created = post(api_key, report, body="Gửi lại")

    assert (again.pk, created, len(calls)) == (first.pk, False, 2)
    assert Comment.objects.count() == 1  # the savepoint took the second comment back


def test_an_integrity_error_of_another_kind_is_not_swallowed(api_key, monkeypatch):
    def broken(**kwargs):
        raise IntegrityError("something else")

    monkeypatch.setattr(PartnerUpdate.objects, "create", broken)

    with pytest.raises(IntegrityError):
        post(api_key, partner_report(api_key))
    assert not Comment.objects.exists()


def test_another_partners_report_that_is_not_public_is_not_found(api_key, other_key):
    theirs = partner_report(other_key, Report.Status.IN_PROGRESS, is_public=True)
    citizens = report_in_state(Report.Status.RECEIVED, is_public=False)

    for report in (theirs, citizens):
        assert refusal(api_key, report).code == services.NOT_FOUND
    assert not Comment.objects.exists() and not PartnerUpdate.objects.exists()


def test_the_partners_own_draft_is_not_found(api_key):
    draft = partner_report(api_key, Report.Status.DRAFT)

    assert refusal(api_key, draft).code == services.NOT_FOUND


def test_any_published_public_report_takes_a_partners_update(api_key, other_key):
    citizens = published_report()
    theirs = partner_report(other_key, Report.Status.PUBLISHED, is_public=True)
    hidden = report_in_state(Report.Status.PUBLISHED, is_public=False)

    assert post(api_key, citizens, update_id="a")[1]
    assert post(api_key, theirs, update_id="b")[1]
    assert refusal(api_key, hidden, update_id="c").code == services.NOT_FOUND


@pytest.mark.parametrize("body", ["", "   \n ", "\x00\x07"])
def test_an_empty_update_is_refused_as_a_comment_is(api_key, body):
    assert refusal(api_key, published_report(), body=body).code == services.EMPTY
    assert not Comment.objects.exists() and not PartnerUpdate.objects.exists()


def test_a_too_long_update_is_refused_as_a_comment_is(api_key):
    report = published_report()

    error = refusal(api_key, report, body="a" * (COMMENT_MAX_LENGTH + 1))

    assert error.code == services.TOO_LONG
    assert post(api_key, report, body="a" * COMMENT_MAX_LENGTH)[1]


def test_a_banned_word_holds_the_update_and_says_why(api_key):
    BannedWordFactory(word="dien")

    comment, _created = post(api_key, published_report(), body="Làm việc như người ĐIÊN!")

    assert comment.status == Comment.Status.PENDING
    assert comment.held_for == "Có từ trong danh sách cấm: dien"


def test_no_per_user_rate_limit_the_view_limits_each_key(api_key, settings):
    settings.COMMENT_RATE_LIMIT = "1/m"
    report = published_report()

    for number in range(3):
        assert post(api_key, report, update_id=f"fms-{number}")[1]
    assert Comment.objects.filter(author=partner_owner()).count() == 3


@pytest.mark.parametrize("update_id", ["", "  ", "x" * 101])
def test_an_update_needs_an_id_the_model_keeps(api_key, update_id):
    error = refusal(api_key, published_report(), update_id=update_id)

    assert error.code == partner_updates.INVALID_UPDATE_ID
    assert not Comment.objects.exists()


# --- The public name -----------------------------------------------------------------------


def test_the_report_page_names_the_partner_never_the_citizen(client, api_key, moderator):
    report = published_report()
    comment, _created = post(api_key, report, **CONTACT)
    services.comment_approve(actor=moderator, comments=[comment])

    html = client.get(report.get_absolute_url()).content.decode()

    assert comment_ids(html) == [comment.pk]
    assert "Người dân qua Công ty ABC" in html
    assert PARTNER_OWNER_NAME not in html
    for trace in TRACES:
        assert trace not in html, trace


def test_a_partners_update_on_its_own_published_report_names_the_partner(api_key, moderator):
    report = partner_report(api_key, Report.Status.PUBLISHED, is_public=True)
    comment, _created = post(api_key, report, **CONTACT)
    services.comment_approve(actor=moderator, comments=[comment])

    html = render_section(report, UserFactory())

    assert "Người dân qua Công ty ABC" in html and PARTNER_OWNER_NAME not in html


def test_a_deleted_key_leaves_a_generic_partner_name(api_key):
    report = published_report()
    comment, _created = post(api_key, report)
    api_key.delete()
    comment = Comment.objects.select_related("author", "partner_update__api_key").get()

    name = comment_author_name(author=comment.author, report=report, comment=comment)

    assert name == "Người dân qua đối tác Open311"
    assert PartnerUpdate.objects.get().api_key is None


def test_a_reply_to_a_partners_update_says_to_whom(api_key, moderator, citizen, other_citizen):
    report = published_report()
    partner, _created = post(api_key, report)
    services.comment_approve(actor=moderator, comments=[partner])
    first = CommentFactory(report=report, parent=partner, replied_to=partner, approved=True)
    second = CommentFactory(report=report, parent=partner, replied_to=first, approved=True)
    third = CommentFactory(report=report, parent=partner, replied_to=partner, approved=True)

    html = render_section(report, other_citizen)

    assert comment_ids(html) == [partner.pk, first.pk, second.pk, third.pk]
    assert f"Trả lời {first.author.full_name}" in html
    assert html.count("Người dân qua Công ty ABC") >= 2  # the comment and the reply form


def test_the_comment_list_query_count_does_not_grow_with_partner_updates(
    api_key, other_key, moderator, citizen, django_assert_max_num_queries, django_assert_num_queries
):
    report = published_report()
    top = CommentFactory(report=report, approved=True)
    CommentFactory(report=report, parent=top, replied_to=top, approved=True)
    with django_assert_max_num_queries(5) as few:  # as test_comment_section's
        render_section(report, citizen)

    for number in range(5):
        for key in (api_key, other_key):
            comment, _created = post(key, report, update_id=f"fms-{number}")
            services.comment_approve(actor=moderator, comments=[comment])
            CommentFactory(report=report, parent=comment, replied_to=comment, approved=True)
    other_key.delete()  # some signed by a partner whose key is gone

    with django_assert_num_queries(len(few.captured_queries)):
        html = render_section(report, citizen)
    assert html.count("Người dân qua Công ty ABC") >= 5
    assert html.count("Người dân qua đối tác Open311") >= 5


# --- The moderation queue and the admin ----------------------------------------------------


def test_the_queue_lists_the_pending_update_without_the_contact(client, api_key, moderator):
    comment, _created = post(api_key, published_report(), body="Đèn vẫn chưa sáng.", **CONTACT)
    client.force_login(moderator)

    page = client.get(QUEUE_URL).content.decode()

    assert f'id="cho-duyet-{comment.pk}"' in page
    assert "Đèn vẫn chưa sáng." in page
    for trace in TRACES:
        assert trace not in page, trace


@pytest.fixture
def ioc_moderator(roles):
    """An IOC operator who moderates too: alone, the IOC group opens no comment."""
    user = UserFactory(full_name="Đỗ Thị Hai Việc", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=("Điều hành IOC", "Kiểm duyệt viên")))
    return user


def admin_page(client, user, comment):
    client.force_login(user)
    response = client.get(f"{COMMENTS}{comment.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_admin_shows_the_citizen_to_the_ioc(client, api_key, ioc_moderator):
    updated = datetime(2026, 11, 30, 8, 15, tzinfo=UTC)
    comment, _created = post(
        api_key,
        published_report(),
        update_id="fms-4711",
        media_urls=["https://fms.example/p/4711.jpeg"],
        updated_at=updated,
        **CONTACT,
    )

    page = admin_page(client, ioc_moderator, comment)

    for shown in (*CONTACT.values(), "fms-4711", "https://fms.example/p/4711.jpeg"):
        assert shown in page, shown
    assert "Ứng dụng 1022 (Công ty ABC)" in page


def test_the_admin_hides_the_citizen_from_a_moderator(client, api_key, moderator):
    comment, _created = post(api_key, published_report(), update_id="fms-4711", **CONTACT)

    page = admin_page(client, moderator, comment)

    assert "Ổ gà vẫn còn" in page  # the comment itself
    for trace in (*TRACES, "fms-4711"):
        assert trace not in page, trace


def test_an_ioc_operator_alone_opens_no_comment_in_the_admin(client, api_key, ioc_operator):
    comment, _created = post(api_key, published_report(), **CONTACT)
    client.force_login(ioc_operator)

    assert client.get(f"{COMMENTS}{comment.pk}/change/").status_code == 403
