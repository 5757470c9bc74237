"""Limits enforced while the body streams in: a 2 GB upload never fills memory
or disk, and the form still learns which file was too big."""

import os
import tracemalloc

import pytest
from django.core.exceptions import TooManyFilesSent, ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, TemporaryUploadedFile
from django.core.handlers.wsgi import WSGIRequest

from reports import media, upload_handlers
from reports.media import MB, RefusedUpload
from reports.models import Attachment
from reports.tests.factories import pdf_bytes
from reports.upload_handlers import LimitedUploadHandler

BOUNDARY = "----PhanAnhBoundary7MA4YWxkTrZu0gW"
CHUNK = 64 * 1024  # what Django's parser hands to upload handlers


class StreamedBody:
    """A request body produced piece by piece, as a socket delivers it:
    reading it never builds it whole."""

    def __init__(self, pieces):
        self._pieces = iter(pieces)
        self._current = memoryview(b"")

    def read(self, size=-1):
        assert size is not None and size >= 0, "the body must be read in chunks"
        while not self._current:
            try:
                self._current = memoryview(next(self._pieces))
            except StopIteration:
                return b""
        piece, self._current = self._current[:size], self._current[size:]
        return bytes(piece)

    def readline(self, size=-1):
        raise AssertionError("multipart bodies are not read by lines")


def field(name, value) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
    ).encode()


def file_part(name, filename, *, data=b"", megabytes=0, content_type="video/mp4"):
    """A file part as a recipe: `data`, then that many MB of zeros yielded as
    one shared 1 MB block, so nothing the size of the file is ever built."""
    head = (
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; "
        f'name="{name}"; filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
    ).encode()

    def pieces():
        yield head + data
        block = bytes(MB)
        for _ in range(megabytes):
            yield block
        yield b"\r\n"

    return pieces


def streamed_request(*parts) -> WSGIRequest:
    """A POST whose multipart body is generated while Django parses it."""

    def pieces():
        for part in parts:
            yield from [part] if isinstance(part, bytes) else part()
        yield f"--{BOUNDARY}--\r\n".encode()

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/phan-anh/gui/",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": StreamedBody(pieces()),
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(sum(len(piece) for piece in pieces())),
    }
    return WSGIRequest(environ)


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    return settings.FILE_UPLOAD_TEMP_DIR


def test_the_caps_come_from_the_per_kind_limits():
    assert upload_handlers.MAX_FILE_BYTES == 100 * MB  # a video
    # 10 x 15 MB + 2 x 100 MB + 5 x 20 MB, plus a 10 MB margin
    assert upload_handlers.MAX_TOTAL_BYTES == 460 * MB


def test_the_handler_stops_storing_a_file_past_the_cap(monkeypatch, upload_dir):
    monkeypatch.setattr(LimitedUploadHandler, "max_file_bytes", 1 * MB)
    handler = LimitedUploadHandler()
    handler.new_file("images", "IMG_0001.JPG", "image/jpeg", None)
    temporary = handler.file.temporary_file_path()
    chunk = bytes(CHUNK)

    for start in range(0, 1 * MB, CHUNK):  # up to the cap: stored
        assert handler.receive_data_chunk(chunk, start) is None
    assert os.path.getsize(temporary) == 1 * MB

    for start in range(1 * MB, 2048 * MB, CHUNK):  # 2 GB in all: dropped
        handler.receive_data_chunk(chunk, start)
    assert not os.path.exists(temporary)  # freed as soon as the cap was passed
    assert os.listdir(upload_dir) == []

    refused = handler.file_complete(2048 * MB)
    assert isinstance(refused, RefusedUpload)
    assert (refused.name, refused.size, refused.reason) == ("IMG_0001.JPG", 2048 * MB, "too_large")
    with pytest.raises(ValidationError) as caught:
        media.inspect_upload(refused, kind=Attachment.Kind.IMAGE)
    assert caught.value.messages == ["Ảnh “IMG_0001.JPG” quá lớn: mỗi ảnh tối đa 15 MB."]


def test_a_2_gb_video_is_never_held_in_memory_nor_fully_on_disk(monkeypatch, upload_dir):
    """Through Django's parser with the portal's settings and real limits."""
    on_disk_when_refused = []
    refuse = LimitedUploadHandler._refuse

    def measured_refuse(handler, reason):
        on_disk_when_refused.append(os.path.getsize(handler.file.temporary_file_path()))
        refuse(handler, reason)

    monkeypatch.setattr(LimitedUploadHandler, "_refuse", measured_refuse)
    request = streamed_request(
        field("title", "Ngập nước đường Hùng Vương"),
        file_part("videos", "quay-man-hinh.mp4", megabytes=2048),
        field("address", "Hùng Vương, phường Đông Hà"),
        file_part("files", "bien-ban.pdf", data=pdf_bytes(), content_type="application/pdf"),
    )

    tracemalloc.start()
    try:
        files, post = request.FILES, request.POST
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 8 * MB
    assert len(on_disk_when_refused) == 1
    assert 99 * MB < on_disk_when_refused[0] <= 100 * MB
    video = files["videos"]
    assert isinstance(video, RefusedUpload)
    assert video.size == 2048 * MB
    with pytest.raises(ValidationError) as caught:
        media.inspect_upload(video, kind=Attachment.Kind.VIDEO)
    assert caught.value.messages == ["Video “quay-man-hinh.mp4” quá lớn: mỗi video tối đa 100 MB."]
    # Everything else in the form arrives as usual, before and after the video.
    assert post["title"] == "Ngập nước đường Hùng Vương"
    assert post["address"] == "Hùng Vương, phường Đông Hà"
    document = files["files"]
    assert isinstance(document, TemporaryUploadedFile)
    assert document.read() == pdf_bytes()
    assert media.inspect_upload(document, kind=Attachment.Kind.FILE).content_type == (
        "application/pdf"
    )
    assert os.listdir(upload_dir) == [os.path.basename(document.temporary_file_path())]


def test_files_past_the_request_total_are_not_stored(monkeypatch, upload_dir):
    monkeypatch.setattr(LimitedUploadHandler, "max_file_bytes", 4 * MB)
    monkeypatch.setattr(LimitedUploadHandler, "max_total_bytes", 10 * MB)
    request = streamed_request(
        file_part("images", "anh-0.jpg", megabytes=5),  # too large alone: its 4 MB are freed
        *(file_part("images", f"anh-{n}.jpg", megabytes=3) for n in range(1, 6)),
        file_part("images", "anh-6.jpg", data=b"small"),  # still fits
    )

    images = request.FILES.getlist("images")

    stored, refused = TemporaryUploadedFile, RefusedUpload
    assert [type(image) for image in images] == [refused] + [stored] * 3 + [refused] * 2 + [stored]
    assert [image.size for image in images] == [5 * MB] + [3 * MB] * 5 + [5]
    assert [images[0].reason, images[4].reason, images[5].reason] == ["too_large", "total", "total"]
    assert len(os.listdir(upload_dir)) == 4
    with pytest.raises(ValidationError) as caught:
        media.inspect_upload(images[5], kind=Attachment.Kind.IMAGE)
    assert caught.value.messages == [
        "Tệp “anh-5.jpg” không được nhận: tổng dung lượng các tệp gửi cùng lúc vượt quá 10 MB."
    ]


def test_small_requests_stay_in_memory(upload_dir):
    request = streamed_request(
        file_part("files", "don.pdf", data=pdf_bytes(), content_type="application/pdf")
    )
    document = request.FILES["files"]
    assert isinstance(document, InMemoryUploadedFile)
    assert media.inspect_upload(document, kind=Attachment.Kind.FILE).size == len(pdf_bytes())
    assert os.listdir(upload_dir) == []


def test_more_than_20_files_in_one_request_are_refused():
    request = streamed_request(*(file_part("images", f"{n}.jpg", data=b"x") for n in range(21)))
    with pytest.raises(TooManyFilesSent):
        request.FILES  # noqa: B018
