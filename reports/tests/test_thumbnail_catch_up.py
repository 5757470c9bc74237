"""A thumbnail task the broker never took: the citizen's submission still
succeeds, the page shows the image itself, and the sweep makes it later."""

from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from reports import tasks, thumbnails
from reports.models import Attachment, Report

from .factories import AttachmentFactory, CategoryFactory
from .helpers import CREATE_URL, detail_url, jpeg_upload, report_data, thumbnail_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.make_thumbnails, "delay", refuse)


@pytest.mark.usefixtures("broker_down")
def test_a_report_with_a_photo_is_sent_while_the_broker_is_down(
    citizen_client, caplog, django_capture_on_commit_callbacks
):
    data = report_data(CategoryFactory(), images=[jpeg_upload()])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = citizen_client.post(CREATE_URL, data)

    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(report.code)
    photo = report.attachments.get()
    assert not photo.thumbnail
    assert citizen_client.get(thumbnail_url(photo)).status_code == 200  # the image itself
    assert callbacks  # the thumbnail task was asked for, and failing was logged
    assert "Connection refused" in caplog.text


def test_the_sweep_makes_the_thumbnails_the_broker_lost():
    late = timezone.now() - thumbnails.LATE_AFTER - timedelta(minutes=1)
    lost = AttachmentFactory()
    just_sent = AttachmentFactory()
    too_old = AttachmentFactory()
    Attachment.objects.filter(pk=lost.pk).update(created_at=late)
    Attachment.objects.filter(pk=too_old.pk).update(created_at=late - thumbnails.GIVE_UP_AFTER)

    assert thumbnails.missing() == [lost.pk]
    tasks.make_missing_thumbnails.delay()

    for attachment in (lost, just_sent, too_old):
        attachment.refresh_from_db()
    assert lost.thumbnail
    assert not just_sent.thumbnail  # its own task may still come
    assert not too_old.thumbnail
    assert thumbnails.missing() == []
