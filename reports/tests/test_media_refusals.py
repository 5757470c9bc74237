"""Uploads refused by the rules of README §3, the type read from the
content: scripts, executables and SVG under any name, truncated images and
decompression bombs, sizes and counts above each kind's limits, empty files and
types a kind does not allow; the messages name long files shortly."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from reports import media
from reports.tests.factories import (
    MB,
    image_bytes,
    iso_media,
    noisy_jpeg,
    pdf_bytes,
    png_bomb,
    upload,
)

from .media_world import FILE, IMAGE, VIDEO


def refusal(uploaded_file, kind) -> str:
    with pytest.raises(ValidationError) as caught:
        media.inspect_upload(uploaded_file, kind=kind)
    return caught.value.messages[0]


# --- Refused uploads --------------------------------------------------------


def test_a_php_script_named_jpg_is_refused():
    message = refusal(upload("anh.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg"), IMAGE)
    assert message == "Tệp “anh.jpg” không phải là ảnh hợp lệ (JPEG, PNG, WebP, HEIC)."


@pytest.mark.parametrize(
    ("name", "kind"), [("anh.jpg", IMAGE), ("clip.mp4", VIDEO), ("don-thu.pdf", FILE)]
)
def test_a_renamed_executable_is_refused(name, kind):
    windows_exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200)
    linux_elf = b"\x7fELF\x02\x01\x01\x00" + bytes(200)
    for data in (windows_exe, linux_elf):
        assert f"“{name}” không phải là" in refusal(upload(name, data), kind)


@pytest.mark.parametrize("name", ["logo.svg", "anh.jpg"])
def test_svg_is_never_accepted(name):
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    assert "không phải là ảnh hợp lệ" in refusal(upload(name, svg, "image/svg+xml"), IMAGE)


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_a_truncated_image_is_refused(format):
    buffer = io.BytesIO()
    Image.open(io.BytesIO(noisy_jpeg())).save(buffer, format=format)
    whole = buffer.getvalue()
    message = refusal(upload("cut.jpg", whole[: len(whole) // 2]), IMAGE)
    assert message == "Tệp “cut.jpg” không phải là ảnh hợp lệ (JPEG, PNG, WebP, HEIC)."


@pytest.mark.parametrize(
    "side",
    [
        30_000,  # 900 MP: Pillow itself refuses to open it
        10_000,  # 100 MP: Pillow only warns; the warning counts as an error
        8_000,  # 64 MP: within Pillow's default, above the portal's 50 MP
    ],
)
def test_a_decompression_bomb_is_refused_before_decoding(side):
    bomb = png_bomb(side, side)
    assert len(bomb) < 1 * MB
    message = refusal(upload("bom.png", bomb, "image/png"), IMAGE)
    assert message == "Ảnh “bom.png” có kích thước quá lớn (tối đa 50 triệu điểm ảnh)."


@pytest.mark.parametrize(
    ("kind", "limit", "message"),
    [
        (IMAGE, 15, "Ảnh “x.bin” quá lớn: mỗi ảnh tối đa 15 MB."),
        (VIDEO, 100, "Video “x.bin” quá lớn: mỗi video tối đa 100 MB."),
        (FILE, 20, "Tệp “x.bin” quá lớn: mỗi tệp tối đa 20 MB."),
    ],
)
def test_a_file_above_its_kinds_size_limit_is_refused(kind, limit, message):
    valid = {IMAGE: image_bytes(), VIDEO: iso_media(b"isom", b"isom"), FILE: pdf_bytes()}[kind]
    too_big = upload("x.bin", valid)
    too_big.size = limit * MB + 1  # the size Django counted while streaming
    assert refusal(too_big, kind) == message
    just_right = upload("x.bin", valid)
    just_right.size = limit * MB
    media.inspect_upload(just_right, kind=kind)


def test_an_empty_file_is_refused():
    assert refusal(upload("trong.jpg", b""), IMAGE) == "Tệp “trong.jpg” rỗng."


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (image_bytes("JPEG"), VIDEO),
        (image_bytes("JPEG"), FILE),
        (image_bytes("GIF"), IMAGE),
        (image_bytes("TIFF"), IMAGE),
        (pdf_bytes(), IMAGE),
        (iso_media(b"isom", b"isom", b"mp41"), IMAGE),
        (iso_media(b"isom", b"isom"), FILE),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x82\x88matroska" + bytes(64), VIDEO),
        (b"PK\x03\x04" + bytes(100), FILE),  # a plain zip is not a document
        (b"<!doctype html><script>alert(1)</script>", FILE),
    ],
)
def test_a_type_that_is_not_allowed_for_the_kind_is_refused(data, kind):
    with pytest.raises(ValidationError) as caught:
        media.inspect_upload(upload("tep.dat", data), kind=kind)
    assert caught.value.code == "file_type"


def test_messages_name_long_files_shortly():
    message = refusal(upload("a" * 200 + ".jpg", b"<?php ?>"), IMAGE)
    assert "“" + "a" * 59 + "…”" in message


# --- Counts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "allowed", "message"),
    [
        (IMAGE, 10, "Chỉ được đính kèm tối đa 10 ảnh."),
        (VIDEO, 2, "Chỉ được đính kèm tối đa 2 video."),
        (FILE, 5, "Chỉ được đính kèm tối đa 5 tệp."),
    ],
)
def test_count_limits(kind, allowed, message):
    assert media.count_error(kind, 0) is None
    assert media.count_error(kind, allowed) is None
    assert media.count_error(kind, allowed + 1).messages == [message]


def test_limits_follow_the_spec():
    assert {
        kind: (limit.max_count, limit.max_bytes // MB) for kind, limit in media.LIMITS.items()
    } == {
        IMAGE: (10, 15),
        VIDEO: (2, 100),
        FILE: (5, 20),
    }
