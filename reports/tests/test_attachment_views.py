"""Attachments through the permission gate, with headers that keep uploads inert."""

import uuid

import pytest
from django.core.files.storage import default_storage

from accounts.tests.factories import UserFactory
from reports import media
from reports.tests.factories import AttachmentFactory, ReportFactory, image_bytes

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other_citizen", "agency_member", "ioc_staff"]


def url(attachment) -> str:
    return f"/tep/{attachment.public_id}/"


def thumbnail_url(attachment) -> str:
    return f"/tep/{attachment.public_id}/thu-nho/"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def as_role(client, request):
    """A client logged in as the named role ("anonymous": not logged in)."""

    def login(role):
        client.logout()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return login


@pytest.fixture
def draft_photo(citizen):
    return AttachmentFactory(report=ReportFactory(reporter=citizen))


def test_the_urls_are_the_models(draft_photo):
    assert draft_photo.get_absolute_url() == url(draft_photo)
    assert draft_photo.get_thumbnail_url() == thumbnail_url(draft_photo)


def test_the_owner_sees_the_photo_of_a_draft(citizen_client, draft_photo):
    response = citizen_client.get(url(draft_photo))

    assert response.status_code == 200
    with draft_photo.file.open("rb") as stored:
        assert body(response) == stored.read()
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == "inline"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


@pytest.mark.parametrize("role", ROLES)
def test_nobody_else_sees_a_drafts_files_staff_included(as_role, role, draft_photo):
    document = AttachmentFactory(document=True, report=draft_photo.report)
    client = as_role(role)
    for attachment in (draft_photo, document):
        assert client.get(url(attachment)).status_code == 404
        assert client.get(thumbnail_url(attachment)).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 404), ("other_citizen", 404), ("ioc_staff", 200), ("citizen", 200)],
)
def test_a_submitted_report_that_is_not_public(as_role, role, status, citizen):
    photo = AttachmentFactory(report=ReportFactory(reporter=citizen, submitted=True))
    response = as_role(role).get(url(photo))
    assert response.status_code == status
    if status == 200:
        assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("role", ["anonymous", "other_citizen"])
def test_a_public_reports_photos_are_for_everyone_and_cacheable(as_role, role):
    photo = AttachmentFactory(report=ReportFactory(published=True))
    response = as_role(role).get(url(photo))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "private" not in response["Cache-Control"]


def test_documents_are_downloaded_under_their_name(citizen_client, citizen):
    document = AttachmentFactory(document=True, report=ReportFactory(reporter=citizen))

    response = citizen_client.get(url(document))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # RFC 5987: the Vietnamese name survives every browser.
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''"
        "Bi%C3%AAn%20b%E1%BA%A3n%20hi%E1%BB%87n%20tr%C6%B0%E1%BB%9Dng.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_the_download_name_ends_with_what_was_stored(citizen_client, citizen):
    """A PDF sent as “hoa-don.exe” is never saved by a browser as an .exe."""
    document = AttachmentFactory(
        document=True, original_name='hoa "don".exe', report=ReportFactory(reporter=citizen)
    )
    response = citizen_client.get(url(document))
    assert response["Content-Disposition"] == 'attachment; filename="hoa \\"don\\".exe.pdf"'


def test_the_thumbnail_once_made_and_the_image_until_then(citizen_client, citizen):
    photo = AttachmentFactory(
        file__data=image_bytes(size=(960, 640)), report=ReportFactory(reporter=citizen)
    )
    with photo.file.open("rb") as stored:
        original = stored.read()

    before = citizen_client.get(thumbnail_url(photo))
    assert before.status_code == 200
    assert body(before) == original

    media.make_thumbnail(photo)
    after = citizen_client.get(thumbnail_url(photo))
    assert after.status_code == 200
    assert after["Content-Type"] == "image/jpeg"
    assert after["Content-Disposition"] == "inline"
    with photo.thumbnail.open("rb") as thumbnail:
        assert body(after) == thumbnail.read()


def test_documents_have_no_thumbnail(citizen_client, citizen):
    document = AttachmentFactory(document=True, report=ReportFactory(reporter=citizen))
    assert citizen_client.get(thumbnail_url(document)).status_code == 404


def test_the_web_server_sends_the_bytes_in_sendfile_mode(settings, citizen_client, draft_photo):
    settings.ATTACHMENT_SENDFILE_HEADER = "X-Accel-Redirect"
    settings.ATTACHMENT_SENDFILE_PREFIX = "/protected-media/"

    response = citizen_client.get(url(draft_photo))

    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{draft_photo.file.name}"
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_sendfile_mode_still_checks_who_asks(settings, client, draft_photo):
    settings.ATTACHMENT_SENDFILE_HEADER = "X-Accel-Redirect"
    client.force_login(UserFactory())
    response = client.get(url(draft_photo))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_unknown_ids_missing_files_and_writes(citizen_client, draft_photo):
    assert citizen_client.get(f"/tep/{uuid.uuid4()}/").status_code == 404
    assert citizen_client.post(url(draft_photo)).status_code == 405
    default_storage.delete(draft_photo.file.name)
    assert citizen_client.get(url(draft_photo)).status_code == 404
