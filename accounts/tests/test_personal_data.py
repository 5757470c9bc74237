"""A citizen's personal data (Decree 13/2023, SPEC section 8): the page that
shows it, the JSON file with all of it, and the deletion of the account, after
which their reports stay, without a name."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import personal_data
from accounts.models import User
from moderation.models import Comment, CommentLike, Flag, ModerationAction
from moderation.tests.factories import CommentFactory, CommentLikeFactory, FlagFactory
from reports import workflow
from reports.models import Attachment, Delivery, Notification, Report, ReportEvent, Satisfaction
from reports.notifications.delivery import deliver
from reports.tests.factories import (
    AgencyMembershipFactory,
    AttachmentFactory,
    ExtensionRequestFactory,
    IocOperatorFactory,
    NotificationFactory,
    ReportFactory,
    report_in_state,
)

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

DATA_URL = "/tai-khoan/du-lieu-ca-nhan/"
DOWNLOAD_URL = "/tai-khoan/du-lieu-ca-nhan/tai-ve/"
DELETE_URL = "/tai-khoan/xoa-tai-khoan/"
PROFILE_URL = "/tai-khoan/"
HIDDEN_NAME = "Người dân (ẩn tên)"
MSG_DELETED = (
    "Tài khoản của bạn đã được xoá. Các phản ánh bạn đã gửi vẫn được lưu và hiển thị không kèm tên."
)
MSG_WRONG_PASSWORD = "Mật khẩu không đúng."
MSG_TOO_MANY_TRIES = "Bạn đã nhập sai mật khẩu quá nhiều lần. Vui lòng thử lại sau 15 phút."
MSG_REQUIRED = "Trường này là bắt buộc."
MSG_STAFF = "Hãy liên hệ quản trị viên Trung tâm IOC."


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def citizen(db):
    return UserFactory(phone="+84912345678", full_name="Nguyễn Văn An", email="an@example.com")


@pytest.fixture
def other(db):
    return UserFactory(phone="+84987654321", full_name="Lê Thị Bích", email="bich@example.com")


@pytest.fixture
def world(citizen, other):
    """What each of the two citizens left in the portal: reports in two states,
    a draft with a photo, a rating, comments, a like, a flag, a notification
    and an SMS."""
    data = {}
    for person, label in ((citizen, "an"), (other, "bich")):
        published = report_in_state(
            Report.Status.PUBLISHED, reporter=person, is_public=True, title=f"Ổ gà {label}"
        )
        AttachmentFactory(report=published, original_name=f"anh-{label}.jpg")
        submitted = report_in_state(Report.Status.SUBMITTED, reporter=person, title=f"Rác {label}")
        draft = ReportFactory(reporter=person, title=f"Nháp {label}")
        draft_photo = AttachmentFactory(report=draft, original_name=f"nhap-{label}.jpg")
        Satisfaction.objects.create(report=published, user=person, level="satisfied")
        ReportEvent.objects.create(
            report=submitted, actor=person, from_status="draft", to_status="submitted"
        )
        data[label] = {
            "published": published,
            "submitted": submitted,
            "draft": draft,
            "draft_files": [draft_photo.file.name],
        }
    # Each comments on the other's published report, replies and likes.
    an_comment = CommentFactory(
        author=citizen, report=data["bich"]["published"], approved=True, body="Ý kiến của An"
    )
    bich_reply = CommentFactory(
        author=other,
        report=data["bich"]["published"],
        parent=an_comment,
        replied_to=an_comment,
        approved=True,
        body="Bích trả lời An",
    )
    an_pending = CommentFactory(author=citizen, report=data["bich"]["published"], body="Chờ An")
    CommentLikeFactory(user=citizen, comment=bich_reply)
    CommentLikeFactory(user=other, comment=an_comment)
    FlagFactory(flagged_by=citizen, comment=bich_reply)
    NotificationFactory(recipient=citizen, report=data["an"]["submitted"], message="Đã nhận")
    NotificationFactory(recipient=other, message="Thông báo của Bích")
    for person in (citizen, other):
        Delivery.objects.create(
            channel=Delivery.Channel.SMS, recipient=person, address=str(person.phone), body="SMS"
        )
    data.update(an_comment=an_comment, bich_reply=bich_reply, an_pending=an_pending)
    return data


def page(response) -> str:
    return response.content.decode()


# --- Who may open the pages ---------------------------------------------------


@pytest.mark.parametrize("url", [DATA_URL, DOWNLOAD_URL, DELETE_URL])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/login/?next=")


def test_the_profile_page_links_to_both(client, citizen):
    client.force_login(citizen)
    html = page(client.get(PROFILE_URL))
    assert f'href="{DATA_URL}"' in html
    assert f'href="{DELETE_URL}"' in html


# --- The page and the file ----------------------------------------------------


def test_the_page_shows_the_citizens_own_data_only(client, citizen, world):
    client.force_login(citizen)
    response = client.get(DATA_URL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = page(response)
    for own in ("Nguyễn Văn An", "0912 345 678", "an@example.com", "Ổ gà an", "Rác an"):
        assert own in html
    for own in ("Nháp an", "Ý kiến của An", "Chờ An", "Đã nhận", "Hài lòng"):
        assert own in html
    assert world["an"]["published"].code in html
    for theirs in ("Lê Thị Bích", "0987 654 321", "bich@example.com", "Rác bich", "Nháp bich"):
        assert theirs not in html
    assert "Thông báo của Bích" not in html


def test_the_download_is_a_private_attachment_with_everything(client, citizen, world):
    client.force_login(citizen)
    response = client.get(DOWNLOAD_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="du-lieu-ca-nhan-')
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)

    assert data["profile"] == {
        **data["profile"],
        "full_name": "Nguyễn Văn An",
        "phone": "+84912345678",
        "phone_verified": True,
        "email": "an@example.com",
        "email_verified": True,
        "is_organization": False,
    }
    assert data["profile"]["date_joined"].endswith("+07:00")
    assert {row["title"] for row in data["reports"]} == {"Ổ gà an", "Rác an"}
    published = next(row for row in data["reports"] if row["title"] == "Ổ gà an")
    assert published["status_label"] == "Đã xử lý"
    assert published["url"] == f"http://testserver/phan-anh/{world['an']['published'].code}/"
    (photo,) = published["attachments"]
    assert photo["name"] == "anh-an.jpg" and photo["size"] > 0
    assert photo["url"].startswith("http://testserver/tep/")
    assert "content" not in photo and "file" not in photo  # listed, not embedded
    assert [row["title"] for row in data["drafts"]] == ["Nháp an"]
    assert [row["attachments"][0]["name"] for row in data["drafts"]] == ["nhap-an.jpg"]
    assert [row["level_label"] for row in data["satisfaction_ratings"]] == ["Hài lòng"]
    assert {row["body"] for row in data["comments"]} == {"Ý kiến của An", "Chờ An"}
    assert [row["report_code"] for row in data["comment_likes"]] == [
        world["bich"]["published"].code
    ]
    assert [row["reason"] for row in data["flags"]] == ["Xúc phạm, thô tục"]
    assert [row["message"] for row in data["notifications"]] == ["Đã nhận"]
    assert [row["address"] for row in data["messages"]] == ["+84912345678"]

    text = response.content.decode()
    for theirs in ("Lê Thị Bích", "987654321", "bich@example.com", "Rác bich", "Nháp bich"):
        assert theirs not in text


def test_the_page_costs_the_same_for_one_row_or_many(client, citizen, django_assert_num_queries):
    """Bounded lists: each section shows its newest rows and links to the file."""
    client.force_login(citizen)
    report_in_state(Report.Status.SUBMITTED, reporter=citizen)
    NotificationFactory(recipient=citizen)
    client.get(DATA_URL)  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        assert "Tải tệp JSON để xem đầy đủ." not in page(client.get(DATA_URL))
    for _ in range(personal_data.PREVIEW_ROWS + 2):
        AttachmentFactory(report=report_in_state(Report.Status.PUBLISHED, reporter=citizen))
        NotificationFactory(recipient=citizen)
    with django_assert_num_queries(len(few.captured_queries)):
        html = page(client.get(DATA_URL))
    assert f"Trang này hiện {personal_data.PREVIEW_ROWS} mục mới nhất." in html
    assert "Tải tệp JSON để xem đầy đủ." in html


# --- Deleting the account -----------------------------------------------------


def delete(client, password=PASSWORD, **kwargs):
    return client.post(DELETE_URL, {"password": password}, **kwargs)


def test_the_confirmation_page_asks_for_the_password(client, citizen):
    client.force_login(citizen)
    html = page(client.get(DELETE_URL))
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'type="password" name="password"' in html
    assert HIDDEN_NAME in html


@pytest.mark.parametrize(
    ("password", "message"), [("Sai-mat-khau#1", MSG_WRONG_PASSWORD), ("", MSG_REQUIRED)]
)
def test_a_wrong_or_missing_password_deletes_nothing(client, citizen, password, message):
    client.force_login(citizen)
    response = delete(client, password)
    assert response.status_code == 200
    html = page(response)
    assert f'<ul class="field__errors" id="id_password_error">\n      <li>{message}</li>' in html
    assert User.objects.filter(pk=citizen.pk).exists()


def test_guessing_the_password_stops_after_five_tries(client, citizen):
    client.force_login(citizen)
    for _ in range(5):
        assert MSG_WRONG_PASSWORD in page(delete(client, "Sai-mat-khau#1"))
    assert MSG_TOO_MANY_TRIES in page(delete(client, PASSWORD))
    assert User.objects.filter(pk=citizen.pk).exists()


def test_deletion_keeps_reports_nameless_and_removes_the_rest(
    client, citizen, other, world, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    an = world["an"]
    with django_capture_on_commit_callbacks(execute=True):
        response = delete(client, follow=True)

    assert response.status_code == 200
    assert MSG_DELETED in page(response)
    assert not response.wsgi_request.user.is_authenticated
    assert not User.objects.filter(pk=citizen.pk).exists()
    assert not User.objects.filter(phone="+84912345678").exists()

    stand_in = personal_data.deleted_account()
    assert (stand_in.phone, stand_in.email, stand_in.is_reachable) == (None, "", False)
    assert not stand_in.has_usable_password()
    kept = Report.objects.filter(pk__in=[an["published"].pk, an["submitted"].pk])
    assert {(r.reporter_id, r.hide_name) for r in kept} == {(stand_in.pk, True)}
    assert all("nguyen van an" not in r.search_text for r in kept)
    assert ReportEvent.objects.get(report=an["submitted"]).actor_id == stand_in.pk
    assert Satisfaction.objects.get(report=an["published"]).user_id == stand_in.pk

    assert not Report.objects.filter(pk=an["draft"].pk).exists()
    assert not any(default_storage.exists(name) for name in an["draft_files"])
    assert Attachment.objects.filter(report=an["published"]).exists()  # public files stay
    # The comment others replied to stays, under the stand-in; the pending one goes.
    assert Comment.objects.get(pk=world["an_comment"].pk).author_id == stand_in.pk
    assert Comment.objects.filter(pk=world["bich_reply"].pk).exists()
    assert not Comment.objects.filter(pk=world["an_pending"].pk).exists()
    assert not CommentLike.objects.filter(user=stand_in).exists()
    assert not Flag.objects.filter(flagged_by=stand_in).exists()
    assert not Notification.objects.filter(recipient=stand_in).exists()
    assert not Delivery.objects.filter(address="+84912345678").exists()

    # The other citizen keeps everything.
    bich = world["bich"]
    assert Report.objects.filter(reporter=other).count() == 3
    assert default_storage.exists(bich["draft_files"][0])
    assert CommentLike.objects.filter(user=other).count() == 1
    assert Notification.objects.filter(recipient=other).count() == 1


def test_public_pages_show_the_kept_reports_without_a_name(
    client, citizen, world, django_capture_on_commit_callbacks
):
    report = world["an"]["published"]
    assert "Nguyễn Văn An" in page(client.get(report.get_absolute_url()))
    client.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        delete(client)

    html = page(client.get(report.get_absolute_url()))
    assert HIDDEN_NAME in html
    assert "Nguyễn Văn An" not in html
    commented = page(client.get(world["bich"]["published"].get_absolute_url()))
    assert personal_data.DELETED_ACCOUNT_NAME in commented
    assert "Nguyễn Văn An" not in commented
    for url in ("/", "/?q=nguyen+van+an", "/phan-anh/moi.atom", "/open311/v2/requests.json"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Nguyễn Văn An" not in page(response)
    # The IOC's page of the kept report works too, with no one to call.
    client.force_login(IocOperatorFactory())
    response = client.get(f"/admin/reports/report/{report.pk}/change/")
    assert response.status_code == 200
    assert personal_data.DELETED_ACCOUNT_NAME in page(response)


def test_every_session_of_the_account_ends(
    client, citizen, world, django_capture_on_commit_callbacks
):
    phone = Client()
    phone.force_login(citizen)
    client.force_login(citizen)
    assert Session.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        delete(client)
    assert not Session.objects.filter(session_key=phone.session.session_key).exists()
    assert phone.get(DATA_URL).status_code == 302


def test_later_changes_to_a_kept_report_notify_no_one(citizen, django_capture_on_commit_callbacks):
    report = report_in_state(Report.Status.SUBMITTED, reporter=citizen)
    queued = Delivery.objects.create(
        channel=Delivery.Channel.SMS, recipient=citizen, address="+84912345678", body="Chờ gửi"
    )
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.account_delete(user=citizen)
    assert deliver(queued.pk) is False  # the queued SMS is gone with the account

    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_receive(
            report=report,
            actor=IocOperatorFactory(),
            category=report.category,
            level="normal",
            is_public=True,
        )
    assert not Delivery.objects.filter(report=report).exists()
    assert not Notification.objects.filter(recipient=report.reporter).exists()


def test_the_logs_forget_the_account(citizen, admin_user):
    comment = CommentFactory(author=citizen, status=Comment.Status.REJECTED, body="Lời lẽ xấu")
    user_type = ContentType.objects.get_for_model(User)
    for model, obj in ((Comment, comment), (User, citizen)):
        ModerationAction.objects.create(
            action="reject",
            content_type=ContentType.objects.get_for_model(model),
            object_id=obj.pk,
            object_repr=str(obj),
        )
    LogEntry.objects.create(
        user=admin_user,
        content_type=user_type,
        object_id=str(citizen.pk),
        object_repr=str(citizen),
        action_flag=CHANGE,
    )
    personal_data.account_delete(user=citizen)
    logged = {*ModerationAction.objects.values_list("object_repr", flat=True)}
    logged |= {*LogEntry.objects.values_list("object_repr", flat=True)}
    assert logged == {"—", personal_data.DELETED_ACCOUNT_NAME}


def test_deleting_twice_deletes_once(citizen):
    personal_data.account_delete(user=citizen)
    personal_data.account_delete(user=citizen)
    assert User.objects.filter(full_name=personal_data.DELETED_ACCOUNT_NAME).count() == 1


# --- Accounts that cannot be deleted this way ------------------------------


@pytest.mark.parametrize("kind", ["staff", "superuser", "agency member"])
def test_staff_are_told_to_ask_the_ioc(client, kind):
    if kind == "agency member":
        user = AgencyMembershipFactory().user
    else:
        user = UserFactory(is_staff=True, is_superuser=kind == "superuser")
    client.force_login(user)
    response = client.get(DELETE_URL)
    assert response.status_code == 200
    assert MSG_STAFF in page(response)
    assert 'name="password"' not in page(response)
    response = delete(client)
    assert response.status_code == 403
    assert User.objects.filter(pk=user.pk).exists()
    with pytest.raises(personal_data.AccountDeletionRefused):
        personal_data.account_delete(user=user)


def test_a_former_officer_with_records_is_refused_without_an_error(client, citizen):
    ExtensionRequestFactory(requested_by=citizen)
    client.force_login(citizen)
    response = delete(client, follow=True)
    assert response.status_code == 200
    assert MSG_STAFF[:-1] + " để được xoá." in page(response)
    assert User.objects.filter(pk=citizen.pk).exists()


def test_an_account_without_a_password_is_asked_to_set_one(client, citizen):
    citizen.set_unusable_password()
    citizen.save()
    client.force_login(citizen)
    html = page(client.get(DELETE_URL))
    assert 'href="/tai-khoan/password/set/"' in html
    assert delete(client).status_code == 403
    assert User.objects.filter(pk=citizen.pk).exists()
