"""Thumbnails: made in the background, once, for images only."""

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from reports import media
from reports.tasks import make_thumbnails
from reports.tests.factories import AttachmentFactory, image_bytes

pytestmark = pytest.mark.django_db


def thumbnail_of(attachment):
    attachment.refresh_from_db()
    with attachment.thumbnail.open("rb") as stored, Image.open(stored) as img:
        img.load()
        return img


def test_a_thumbnail_is_a_480_pixel_wide_jpeg():
    photo = AttachmentFactory(file__data=image_bytes(size=(1200, 800)))

    assert media.make_thumbnail(photo) is True

    img = thumbnail_of(photo)
    assert (img.format, img.size) == ("JPEG", (480, 320))
    assert photo.thumbnail.name.startswith("thumbnails/")


def test_a_small_image_is_not_enlarged():
    photo = AttachmentFactory(file__data=image_bytes(size=(300, 200)))
    media.make_thumbnail(photo)
    assert thumbnail_of(photo).size == (300, 200)


def test_transparent_areas_become_white_in_the_thumbnail():
    png = image_bytes("PNG", size=(960, 480), mode="RGBA", color=(0, 0, 0, 0))
    photo = AttachmentFactory(file__data=png, file__filename="upload.png", content_type="image/png")
    media.make_thumbnail(photo)
    img = thumbnail_of(photo)
    assert img.size == (480, 240)
    assert img.getpixel((10, 10)) == (255, 255, 255)


def test_documents_get_no_thumbnail():
    document = AttachmentFactory(document=True)
    assert media.make_thumbnail(document) is False
    document.refresh_from_db()
    assert not document.thumbnail


def test_making_it_again_replaces_the_old_file():
    photo = AttachmentFactory(file__data=image_bytes(size=(1200, 800)))
    media.make_thumbnail(photo)
    first = photo.thumbnail.name
    media.make_thumbnail(photo)
    assert photo.thumbnail.name != first
    assert not default_storage.exists(first)


def test_the_task_makes_missing_thumbnails_and_skips_the_rest(monkeypatch):
    photo = AttachmentFactory(file__data=image_bytes(size=(1200, 800)))
    document = AttachmentFactory(document=True)
    deleted = AttachmentFactory()
    deleted_id = deleted.pk
    deleted.delete()

    make_thumbnails.delay([photo.pk, document.pk, deleted_id])

    assert thumbnail_of(photo).size == (480, 320)
    document.refresh_from_db()
    assert not document.thumbnail

    calls = []
    monkeypatch.setattr(media, "make_thumbnail", calls.append)
    make_thumbnails.delay([photo.pk, document.pk, deleted_id])
    assert calls == []  # already done: a second run does nothing


def test_the_task_retries_storage_errors(monkeypatch):
    photo = AttachmentFactory()
    real = media.make_thumbnail
    failures = []

    def flaky(attachment):
        if len(failures) < 2:
            failures.append(attachment.pk)
            raise OSError("disk unavailable")
        return real(attachment)

    monkeypatch.setattr(media, "make_thumbnail", flaky)
    # Eager tasks run retries in place only when errors do not propagate.
    monkeypatch.setitem(make_thumbnails.app.conf, "task_eager_propagates", False)

    result = make_thumbnails.apply(args=[[photo.pk]])

    assert result.successful()
    assert failures == [photo.pk, photo.pk]
    assert make_thumbnails.retry_backoff is True
    photo.refresh_from_db()
    assert photo.thumbnail


def test_an_unreadable_image_does_not_block_the_others():
    broken = AttachmentFactory(file__data=b"not an image any more")
    photo = AttachmentFactory()

    make_thumbnails.delay([broken.pk, photo.pk])

    broken.refresh_from_db()
    photo.refresh_from_db()
    assert not broken.thumbnail
    assert photo.thumbnail
