"""Deleting one's account (Decree 13/2023, README §8): the confirmation by
password, what goes and what stays (the reports, without a name), the sessions,
notices and logs, and the accounts that cannot be deleted this way."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.test import Client

from accounts import personal_data
from accounts.models import User
from moderation.models import Comment, CommentLike, Flag, ModerationAction
from moderation.tests.factories import CommentFactory
from reports import workflow
from reports.models import Attachment, Delivery, Notification, Report, ReportEvent, Satisfaction
from reports.notifications.delivery import deliver
from reports.tests.factories import (
    AgencyMembershipFactory,
    ExtensionRequestFactory,
    IocOperatorFactory,
    report_in_state,
)

from .factories import PASSWORD, UserFactory
from .helpers import MSG_REQUIRED, page
from .personal_data_world import (
    DATA_URL,
    DELETE_URL,
    citizen_fixture,  # noqa: F401 (the fixture `citizen`)
    media_root_fixture,  # noqa: F401 (the autouse fixture `_media_root`)
    other_fixture,  # noqa: F401 (the fixture `other`)
    world_fixture,  # noqa: F401 (the fixture `world`)
)

pytestmark = pytest.mark.django_db

HIDDEN_NAME = "Người dân (ẩn tên)"
MSG_DELETED = (
    "Tài khoản của bạn đã được xoá. Các phản ánh bạn đã gửi vẫn được lưu và hiển thị không kèm tên."
)
MSG_WRONG_PASSWORD = "Mật khẩu không đúng."
MSG_TOO_MANY_TRIES = "Bạn đã nhập sai mật khẩu quá nhiều lần. Vui lòng thử lại sau 15 phút."
MSG_STAFF = "Hãy liên hệ quản trị viên Trung tâm IOC."


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
