"""Videos and documents accepted by their content whatever their name (README
§3), stored untouched, a video streamed and never read whole."""

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile

from reports import media
from reports.models import Attachment
from reports.tests.factories import (
    iso_media,
    ole_bytes,
    ooxml_bytes,
    opendocument_bytes,
    pdf_bytes,
    upload,
    webm_bytes,
)

from .media_world import FILE, VIDEO, stored


@pytest.mark.parametrize(
    ("data", "content_type", "extension"),
    [
        (iso_media(b"isom", b"isom", b"iso2", b"mp41"), "video/mp4", ".mp4"),
        (iso_media(b"iso6", b"iso6", b"dash"), "video/mp4", ".mp4"),
        (iso_media(b"M4V ", b"M4V ", b"M4A "), "video/mp4", ".mp4"),
        (iso_media(b"qt  ", b"qt  "), "video/quicktime", ".mov"),
        (iso_media(b"3gp4", b"3gp4", b"isom"), "video/3gpp", ".3gp"),
        (iso_media(b"3gp5", b"3gp5"), "video/3gpp", ".3gp"),
        (webm_bytes(), "video/webm", ".webm"),
    ],
)
def test_videos_are_accepted_by_content(data, content_type, extension):
    prepared = media.inspect_upload(upload("VID_0001.bin", data, "text/plain"), kind=VIDEO)
    assert (prepared.content_type, prepared.extension) == (content_type, extension)
    assert (prepared.size, prepared.original_name, prepared.gps) == (
        len(data),
        "VID_0001.bin",
        None,
    )
    assert stored(prepared) == data  # passed through untouched


OFFICE = "application/vnd.openxmlformats-officedocument"
OPENDOCUMENT = "application/vnd.oasis.opendocument"


@pytest.mark.parametrize(
    ("data", "content_type", "extension"),
    [
        (pdf_bytes(), "application/pdf", ".pdf"),
        (ooxml_bytes("word"), f"{OFFICE}.wordprocessingml.document", ".docx"),
        (ooxml_bytes("xl"), f"{OFFICE}.spreadsheetml.sheet", ".xlsx"),
        (ooxml_bytes("ppt"), f"{OFFICE}.presentationml.presentation", ".pptx"),
        (ole_bytes(b"\xec\xa5\xc1\x00"), "application/msword", ".doc"),
        (ole_bytes(b"\x09\x08\x10\x00\x00\x06\x05\x00"), "application/vnd.ms-excel", ".xls"),
        (ole_bytes(b"\xa0\x46\x1d\xf0"), "application/vnd.ms-powerpoint", ".ppt"),
        (opendocument_bytes(f"{OPENDOCUMENT}.text"), f"{OPENDOCUMENT}.text", ".odt"),
        (
            opendocument_bytes(f"{OPENDOCUMENT}.spreadsheet"),
            f"{OPENDOCUMENT}.spreadsheet",
            ".ods",
        ),
    ],
)
def test_documents_are_accepted_by_content_whatever_their_name(data, content_type, extension):
    prepared = media.inspect_upload(upload("Công văn số 12.txt", data), kind=FILE)
    assert (prepared.content_type, prepared.extension) == (content_type, extension)
    assert prepared.original_name == "Công văn số 12.txt"
    assert stored(prepared) == data


class ReadSpy(TemporaryUploadedFile):
    """An upload on disk, as the upload handler leaves a big one, that records
    how much each read asks for."""

    def __init__(self, data):
        super().__init__("clip.mp4", "video/mp4", len(data), None)
        self.file.write(data)
        self.file.seek(0)
        self.read_sizes = []

    def read(self, size=-1):
        self.read_sizes.append(size)
        return self.file.read(size)


def test_videos_are_stored_by_streaming_never_read_whole():
    data = iso_media(b"isom", b"isom", body=bytes(range(256)) * 4096)  # 1 MB of mdat
    spy = ReadSpy(data)
    prepared = media.inspect_upload(spy, kind=VIDEO)
    attachment = Attachment(kind=VIDEO)
    attachment.file.save(f"upload{prepared.extension}", prepared.content, save=False)

    assert all(size is not None and 0 < size <= 64 * 1024 for size in spy.read_sizes)
    assert attachment.file.name.endswith(".mp4")
    with attachment.file.open("rb") as saved:
        assert saved.read() == data
