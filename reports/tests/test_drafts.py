"""Drafts (README §3 and 6, seed 2.3.5): saved with partial data and files,
listed, opened, edited, submitted or deleted, and seen by their owner only:
everyone else, staff included, gets 404."""

import pytest
from django.test import Client

from reports.models import Attachment, Report

from .factories import AttachmentFactory, CategoryFactory, ReportFactory
from .helpers import (
    CODE_PATTERN,
    CREATE_URL,
    DRAFTS_URL,
    LOGIN_URL,
    MSG_DRAFT_DELETED,
    MSG_DRAFT_SAVED,
    MY_REPORTS_URL,
    NOTIFICATIONS_URL,
    attachment_url,
    detail_url,
    draft_delete_url,
    draft_url,
    field_errors,
    jpeg_upload,
    media_path,
    report_data,
    stored_files,
    text,
    thumbnail_url,
)

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Bản nháp riêng tư của anh An"
SECRET_CONTENT = "Nội dung chưa muốn ai đọc: nhà số 7 hẻm 12 xả rác ra kênh."


@pytest.fixture
def category(db):
    return CategoryFactory(name="Môi trường", slug="moi-truong")


@pytest.fixture
def draft(citizen, category):
    """The citizen's draft with one stored photo."""
    report = ReportFactory(
        reporter=citizen, category=category, title=SECRET_TITLE, content=SECRET_CONTENT
    )
    AttachmentFactory(report=report, original_name="bai-rac.jpg")
    return report


# --- Saving, listing, editing, sending ----------------------------------------


def test_draft_with_only_a_title_and_a_photo_is_saved_and_listed(
    citizen_client, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen_client.post(
            CREATE_URL,
            {"action": "draft", "title": "Chỉ có tiêu đề", "images": [jpeg_upload("cay-do.jpg")]},
        )

    draft = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == draft_url(draft.pk)
    assert draft.status == Report.Status.DRAFT
    assert draft.reporter == citizen
    assert (draft.code, draft.submitted_at) == (None, None)
    assert (draft.title, draft.content, draft.category, draft.address) == (
        "Chỉ có tiêu đề",
        "",
        None,
        "",
    )
    photo = draft.attachments.get()
    assert photo.original_name == "cay-do.jpg"
    assert media_path(photo.file.name).is_file()
    assert photo.thumbnail and media_path(photo.thumbnail.name).is_file()
    assert not draft.events.exists()  # history starts with the submission

    page = citizen_client.get(response["Location"])
    assert MSG_DRAFT_SAVED in text(page)
    assert 'value="Chỉ có tiêu đề"' in text(page)

    listing = text(citizen_client.get(DRAFTS_URL))
    assert "Chỉ có tiêu đề" in listing
    assert f'href="{draft_url(draft.pk)}"' in listing
    assert f'href="{draft_delete_url(draft.pk)}"' in listing
    assert thumbnail_url(photo) in listing
    assert "Chỉ có tiêu đề" not in text(citizen_client.get(MY_REPORTS_URL))


def test_an_empty_draft_list_says_so(citizen_client):
    response = citizen_client.get(DRAFTS_URL)
    assert response.status_code == 200
    assert "Bạn không có bản nháp nào." in text(response)


def test_drafts_list_only_drafts_newest_first(citizen_client, citizen, category):
    older = ReportFactory(reporter=citizen, title="Nháp cũ")
    newer = ReportFactory(reporter=citizen, title="Nháp mới")
    Report.objects.filter(pk=older.pk).update(updated_at=newer.updated_at.replace(year=2025))
    ReportFactory(reporter=citizen, title="Đã gửi rồi", submitted=True)

    page = text(citizen_client.get(DRAFTS_URL))
    assert page.index("Nháp mới") < page.index("Nháp cũ")
    assert "Đã gửi rồi" not in page


def test_open_edit_remove_a_photo_then_send(
    citizen_client, citizen, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        citizen_client.post(
            CREATE_URL,
            {
                "action": "draft",
                "title": "Cây đổ chắn đường",
                "images": [jpeg_upload("truoc.jpg"), jpeg_upload("sau.jpg")],
            },
        )
    draft = Report.objects.get()
    first, second = draft.attachments.order_by("order")
    first_files = [media_path(first.file.name), media_path(first.thumbnail.name)]
    assert all(path.is_file() for path in first_files)

    page = text(citizen_client.get(draft_url(draft.pk)))
    assert 'value="Cây đổ chắn đường"' in page
    assert f'name="remove_attachments" value="{first.pk}"' in page
    assert f'name="remove_attachments" value="{second.pk}"' in page
    assert "truoc.jpg" in page and "sau.jpg" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = citizen_client.post(
            draft_url(draft.pk),
            {
                "action": "draft",
                "title": "Cây đổ chắn đường Hùng Vương",
                "content": "Cây phượng lớn bị gió quật đổ.",
                "remove_attachments": [first.pk],
            },
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Report.Status.DRAFT
    assert draft.title == "Cây đổ chắn đường Hùng Vương"
    assert list(draft.attachments.all()) == [second]
    assert not any(path.exists() for path in first_files)

    response = citizen_client.post(
        draft_url(draft.pk), report_data(category, title=draft.title, content=draft.content)
    )
    draft.refresh_from_db()
    assert draft.status == Report.Status.SUBMITTED
    assert CODE_PATTERN.fullmatch(draft.code)
    assert response["Location"] == detail_url(draft.code)
    assert list(draft.attachments.all()) == [second]
    assert Report.objects.count() == 1

    assert "Cây đổ chắn đường" not in text(citizen_client.get(DRAFTS_URL))
    assert draft.code in text(citizen_client.get(MY_REPORTS_URL))
    # The sent report is no longer a draft: its draft URLs are gone.
    assert citizen_client.get(draft_url(draft.pk)).status_code == 404
    assert citizen_client.get(draft_delete_url(draft.pk)).status_code == 404


def test_sending_an_incomplete_draft_shows_errors_and_keeps_it_a_draft(citizen_client, draft):
    response = citizen_client.post(draft_url(draft.pk), {"action": "send", "title": "Chưa đủ"})
    assert response.status_code == 200
    assert field_errors(response, "content")
    draft.refresh_from_db()
    assert draft.status == Report.Status.DRAFT
    assert draft.code is None
    assert draft.attachments.count() == 1


def test_photo_count_includes_the_photos_already_kept(citizen_client, draft):
    for _ in range(9):
        AttachmentFactory(report=draft)
    assert draft.attachments.count() == 10

    response = citizen_client.post(
        draft_url(draft.pk), {"action": "draft", "images": [jpeg_upload("thu-11.jpg")]}
    )
    assert response.status_code == 200
    assert field_errors(response, "images") == ["Chỉ được đính kèm tối đa 10 ảnh."]
    assert draft.attachments.count() == 10

    removed = draft.attachments.first()
    response = citizen_client.post(
        draft_url(draft.pk),
        {
            "action": "draft",
            "images": [jpeg_upload("thu-11.jpg")],
            "remove_attachments": [removed.pk],
        },
    )
    assert response.status_code == 302
    assert draft.attachments.count() == 10
    assert not draft.attachments.filter(pk=removed.pk).exists()


def test_another_reports_attachment_cannot_be_removed_through_a_draft(
    citizen_client, citizen, draft
):
    others = AttachmentFactory(report=ReportFactory(title="Của người khác"))
    response = citizen_client.post(
        draft_url(draft.pk), {"action": "draft", "remove_attachments": [others.pk]}
    )
    assert response.status_code == 200
    assert field_errors(response, "remove_attachments")
    assert Attachment.objects.filter(pk=others.pk).exists()


# --- Deleting ---------------------------------------------------------------


def test_delete_asks_first_then_removes_rows_and_files(
    citizen_client, draft, category, django_capture_on_commit_callbacks
):
    photo = draft.attachments.get()
    with django_capture_on_commit_callbacks(execute=True):  # the thumbnail
        citizen_client.post(
            draft_url(draft.pk),
            report_data(
                category,
                action="draft",
                title=SECRET_TITLE,
                content=SECRET_CONTENT,
                images=[jpeg_upload()],
            ),
        )
    paths = stored_files()
    assert len(paths) == 3  # the factory's photo, the new photo and its thumbnail

    response = citizen_client.get(draft_delete_url(draft.pk))
    assert response.status_code == 200
    assert (
        f"Bạn có chắc muốn xoá bản nháp “{SECRET_TITLE}” cùng các tệp đính kèm? "
        "Không thể khôi phục sau khi xoá."
    ) in text(response)
    assert Report.objects.filter(pk=draft.pk).exists()
    assert all(path.is_file() for path in paths)

    with django_capture_on_commit_callbacks(execute=True):
        response = citizen_client.post(draft_delete_url(draft.pk))
    assert response.status_code == 302
    assert response["Location"] == DRAFTS_URL
    assert not Report.objects.filter(pk=draft.pk).exists()
    assert not Attachment.objects.filter(pk=photo.pk).exists()
    assert not Attachment.objects.exists()
    assert stored_files() == []
    assert MSG_DRAFT_DELETED in text(citizen_client.get(DRAFTS_URL))


def test_a_sent_report_cannot_be_deleted_or_edited_as_a_draft(citizen_client, citizen):
    sent = ReportFactory(reporter=citizen, submitted=True)
    assert citizen_client.post(draft_delete_url(sent.pk)).status_code == 404
    assert citizen_client.post(draft_url(sent.pk), {"title": "Sửa lén"}).status_code == 404
    sent.refresh_from_db()
    assert sent.status == Report.Status.SUBMITTED
    assert sent.title != "Sửa lén"


# --- Only the owner sees a draft ----------------------------------------------

ROLES = ["anonymous", "other_citizen", "ioc_staff", "agency_member"]


@pytest.fixture
def client_as(request):
    def make(role):
        client = Client()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return make


def test_owner_can_open_every_url_of_the_draft(citizen_client, draft):
    photo = draft.attachments.get()
    for url in (draft_url(draft.pk), draft_delete_url(draft.pk)):
        response = citizen_client.get(url)
        assert response.status_code == 200
        assert SECRET_TITLE in text(response)
    for url in (attachment_url(photo), thumbnail_url(photo)):
        response = citizen_client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        # Read through the test client's wrapper, which closes the file safely.
        assert response.getvalue().startswith(b"\xff\xd8")


@pytest.mark.parametrize("role", ROLES)
def test_nobody_else_can_see_edit_or_delete_a_draft(client_as, role, draft, category):
    client = client_as(role)
    photo = draft.attachments.get()
    photo_path = media_path(photo.file.name)
    requests = [
        ("get", draft_url(draft.pk), {}),
        ("post", draft_url(draft.pk), report_data(category, title="Bị sửa")),
        ("post", draft_url(draft.pk), {"action": "draft", "remove_attachments": [photo.pk]}),
        ("get", draft_delete_url(draft.pk), {}),
        ("post", draft_delete_url(draft.pk), {}),
        ("get", attachment_url(photo), {}),
        ("get", thumbnail_url(photo), {}),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        if role == "anonymous" and response.status_code == 302:
            assert response["Location"].startswith(LOGIN_URL), (method, url)
        else:
            assert response.status_code == 404, (role, method, url)
        body = response.content.decode(errors="replace")
        assert SECRET_TITLE not in body
        assert SECRET_CONTENT not in body
        if str(photo.public_id) not in url:  # 404 pages repeat the requested path
            assert str(photo.public_id) not in body

    draft.refresh_from_db()
    assert draft.status == Report.Status.DRAFT
    assert (draft.title, draft.content, draft.code) == (SECRET_TITLE, SECRET_CONTENT, None)
    assert list(draft.attachments.all()) == [photo]
    assert photo_path.is_file()


@pytest.mark.parametrize("role", ["citizen", *ROLES[1:]])
def test_a_draft_has_no_public_page(client_as, role, draft):
    client = client_as(role)
    for url in (detail_url("None"), detail_url(draft.pk), detail_url("")):
        response = client.get(url)
        assert response.status_code == 404, (role, url)
        assert SECRET_TITLE not in response.content.decode()


@pytest.mark.parametrize("role", ["other_citizen", "ioc_staff", "agency_member"])
def test_a_draft_is_in_no_other_users_lists(client_as, role, draft):
    client = client_as(role)
    for url in (DRAFTS_URL, MY_REPORTS_URL, NOTIFICATIONS_URL):
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET_TITLE not in text(response)


def test_a_draft_is_not_among_the_owners_sent_reports(citizen_client, draft):
    assert SECRET_TITLE not in text(citizen_client.get(MY_REPORTS_URL))
    assert SECRET_TITLE in text(citizen_client.get(DRAFTS_URL))
