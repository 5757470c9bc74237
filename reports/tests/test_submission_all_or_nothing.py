"""Sending a report is all or nothing (README §3): a crash or a full disk while
it is stored leaves no report, no attachment, no notification and no file, and
a draft being sent stays as it was."""

import pytest
from django.core.files.storage import FileSystemStorage

from reports import workflow
from reports.models import Attachment, Notification, Report

from .factories import ReportFactory
from .helpers import CREATE_URL, draft_url, jpeg_upload, media_path, report_data, stored_files
from .submission_world import category as category

pytestmark = pytest.mark.django_db


def _crash(*args, **kwargs):
    raise RuntimeError("sập giữa chừng")


def test_crash_when_submitting_leaves_no_report_no_attachment_no_file(
    citizen_client, category, monkeypatch
):
    monkeypatch.setattr(workflow, "report_submit", _crash)
    data = report_data(category, images=[jpeg_upload("a.jpg"), jpeg_upload("b.jpg")])

    with pytest.raises(RuntimeError):
        citizen_client.post(CREATE_URL, data)

    assert not Report.objects.exists()
    assert not Attachment.objects.exists()
    assert not Notification.objects.exists()
    assert stored_files() == []


def test_crash_on_the_second_attachment_leaves_nothing(citizen_client, category, monkeypatch):
    original_save = Attachment.save
    calls = []

    def save_then_crash(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "save", save_then_crash)
    data = report_data(category, images=[jpeg_upload("a.jpg"), jpeg_upload("b.jpg")])

    with pytest.raises(OSError):
        citizen_client.post(CREATE_URL, data)

    assert len(calls) == 2
    assert not Report.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_disk_full_while_storing_the_second_file_leaves_nothing(
    citizen_client, category, monkeypatch
):
    original_save = FileSystemStorage._save
    calls = []

    def store_then_fail(self, name, content):
        calls.append(name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return original_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", store_then_fail)
    data = report_data(category, images=[jpeg_upload("a.jpg"), jpeg_upload("b.jpg")])

    with pytest.raises(OSError):
        citizen_client.post(CREATE_URL, data)

    assert not Report.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_crash_when_sending_a_draft_keeps_the_draft_and_its_files_as_they_were(
    citizen_client, citizen, category, monkeypatch
):
    draft = ReportFactory(reporter=citizen, category=category)
    citizen_client.post(draft_url(draft.pk), {"action": "draft", "images": [jpeg_upload()]})
    kept = draft.attachments.get()
    files_before = stored_files()
    assert files_before == [media_path(kept.file.name)]

    monkeypatch.setattr(workflow, "report_submit", _crash)
    data = report_data(category, remove_attachments=[kept.pk], images=[jpeg_upload("moi.jpg")])
    with pytest.raises(RuntimeError):
        citizen_client.post(draft_url(draft.pk), data)

    draft.refresh_from_db()
    assert draft.status == Report.Status.DRAFT
    assert draft.code is None
    assert list(draft.attachments.all()) == [kept]
    assert stored_files() == files_before
