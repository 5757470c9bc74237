"""Upload rules of SPEC section 3: type from the content, limits, re-encoded images."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import TemporaryUploadedFile
from PIL import ExifTags, Image, ImageCms
from PIL.TiffImagePlugin import IFDRational

from reports import media
from reports.models import Attachment
from reports.tests.factories import (
    MB,
    image_bytes,
    iso_media,
    noisy_jpeg,
    ole_bytes,
    ooxml_bytes,
    opendocument_bytes,
    pdf_bytes,
    png_bomb,
    upload,
    webm_bytes,
)

IMAGE, VIDEO, FILE = Attachment.Kind.IMAGE, Attachment.Kind.VIDEO, Attachment.Kind.FILE
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'exif:GPSLatitude="16,45.0N"/></rdf:RDF></x:xmpmeta>'
)


def refusal(uploaded_file, kind) -> str:
    with pytest.raises(ValidationError) as caught:
        media.inspect_upload(uploaded_file, kind=kind)
    return caught.value.messages[0]


def exif_with(orientation=None, latitude=None, longitude=None) -> Image.Exif:
    """EXIF as a phone writes it: orientation, make, and a GPS block in
    degrees, minutes, seconds with N/S and E/W references."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if latitude is not None:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = latitude
        gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = longitude
    return exif


def phone_photo(format="JPEG", **save_options) -> bytes:
    """40x20, red left half and blue right half, stored sideways (orientation
    6: turn 90° clockwise to view) with GPS, XMP and a colour profile."""
    img = Image.new("RGB", (40, 20), "red")
    img.paste((0, 0, 255), (20, 0, 40, 20))
    exif = exif_with(6, ("N", (16.0, 45.0, 0.0)), ("E", (107.0, 11.0, 30.5)))
    buffer = io.BytesIO()
    img.save(buffer, format=format, exif=exif, icc_profile=SRGB_ICC, **save_options)
    return buffer.getvalue()


def stored(prepared) -> bytes:
    prepared.content.seek(0)
    return prepared.content.read()


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


# --- Accepted types ---------------------------------------------------------


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


# --- Images: re-encoded, upright, without metadata --------------------------


def assert_no_metadata(data: bytes):
    with Image.open(io.BytesIO(data)) as img:
        assert len(img.getexif()) == 0
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(img.info)
    assert b"Exif" not in data
    assert b"xmpmeta" not in data
    assert b"GPS" not in data


def test_a_jpeg_is_turned_upright_and_stripped_of_metadata():
    original = phone_photo("JPEG", xmp=XMP)
    assert b"Exif" in original and b"xmpmeta" in original and b"GPS" in original

    prepared = media.inspect_upload(upload("IMG_0001.JPG", original, "image/jpeg"), kind=IMAGE)

    data = stored(prepared)
    assert (prepared.content_type, prepared.extension, prepared.size) == (
        "image/jpeg",
        ".jpg",
        len(data),
    )
    assert prepared.content.name == "upload.jpg"
    assert_no_metadata(data)
    with Image.open(io.BytesIO(data)) as img:
        assert (img.format, img.mode, img.size) == ("JPEG", "RGB", (20, 40))
        red, green, blue = img.getpixel((10, 5))  # the left half is now on top
        assert red > 200 and blue < 60
        red, green, blue = img.getpixel((10, 35))
        assert blue > 200 and red < 60


@pytest.mark.parametrize("format", ["JPEG", "PNG"])
def test_a_photo_longer_than_the_stored_side_is_scaled_down_upright(format):
    """A 48 MP phone photo is stored at most MAX_STORED_SIDE long (a JPEG is
    decoded at the reduced scale straight away), still turned upright."""
    img = Image.new("RGB", (2 * media.MAX_STORED_SIDE + 8, 1200), "red")
    img.paste((0, 0, 255), (img.width // 2, 0, img.width, 1200))
    buffer = io.BytesIO()
    img.save(buffer, format=format, exif=exif_with(6))

    prepared = media.inspect_upload(upload("big", buffer.getvalue()), kind=IMAGE)

    with Image.open(io.BytesIO(stored(prepared))) as result:
        width, height = result.size
        assert height == media.MAX_STORED_SIDE and width == pytest.approx(600, abs=2)
        red, _green, blue = result.getpixel((width // 2, 10))  # the left half is on top
        assert red > 200 and blue < 60


def test_gps_is_read_before_the_metadata_goes():
    prepared = media.inspect_upload(upload("a.jpg", phone_photo("JPEG")), kind=IMAGE)
    assert prepared.gps == (16.75, 107.191806)


@pytest.mark.parametrize(
    ("latitude", "longitude", "gps"),
    [
        (("S", (33.0, 52.0, 4.0)), ("W", (70.0, 30.0, 0.0)), (-33.867778, -70.5)),
        (("N", (0.0, 0.0, 0.0)), ("E", (0.0, 0.0, 0.0)), None),  # no fix
        (("N", (IFDRational(16, 0), 0.0, 0.0)), ("E", (107.0, 0.0, 0.0)), None),
        (("N", (16.0, 45.0)), ("E", (107.0, 0.0, 0.0)), None),
        (None, None, None),
    ],
)
def test_gps_in_every_hemisphere_and_broken_gps(latitude, longitude, gps):
    photo = image_bytes("JPEG", exif=exif_with(1, latitude, longitude))
    prepared = media.inspect_upload(upload("a.jpg", photo), kind=IMAGE)
    assert prepared.gps == gps
    assert_no_metadata(stored(prepared))


def test_a_heic_photo_from_an_iphone_becomes_a_jpeg():
    original = phone_photo("HEIF", quality=90)
    assert original[4:12] == b"ftypheic"

    prepared = media.inspect_upload(upload("IMG_0002.HEIC", original, "image/heic"), kind=IMAGE)

    assert (prepared.content_type, prepared.extension) == ("image/jpeg", ".jpg")
    assert prepared.gps == (16.75, 107.191806)
    assert prepared.original_name == "IMG_0002.HEIC"
    data = stored(prepared)
    assert_no_metadata(data)
    # In HEIF the container's rotation is the one that counts; libheif applies
    # it and pillow_heif resets the EXIF orientation, so nothing turns twice.
    with Image.open(io.BytesIO(original)) as decoded:
        as_displayed = decoded.size
    with Image.open(io.BytesIO(data)) as img:
        assert (img.format, img.size) == ("JPEG", as_displayed)


def test_heif_brands_unknown_to_filetype_are_still_recognised():
    assert media._sniff(iso_media(b"heix", b"mif1", b"heix")) == ("image/heif", ".heic")


def test_a_webp_becomes_a_jpeg_without_metadata():
    prepared = media.inspect_upload(upload("a.webp", phone_photo("WEBP")), kind=IMAGE)
    assert prepared.content_type == "image/jpeg"
    assert prepared.gps == (16.75, 107.191806)
    assert_no_metadata(stored(prepared))


def palette_png_with_a_transparent_colour() -> bytes:
    img = Image.new("P", (8, 8), 0)
    img.putpalette([0, 128, 0, 255, 255, 255])
    img.paste(1, (0, 0, 4, 8))
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", transparency=0)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (image_bytes("PNG", mode="RGBA", color=(0, 128, 0, 100)), "image/png"),
        (palette_png_with_a_transparent_colour(), "image/png"),
        (image_bytes("PNG", mode="RGBA", color=(0, 128, 0, 255)), "image/jpeg"),
        (image_bytes("PNG", mode="L", color=128), "image/jpeg"),
        (image_bytes("JPEG", mode="CMYK", color=(0, 50, 50, 0)), "image/jpeg"),
    ],
)
def test_transparency_keeps_png_everything_else_becomes_jpeg(data, content_type):
    prepared = media.inspect_upload(upload("hinh.png", data), kind=IMAGE)
    assert prepared.content_type == content_type
    with Image.open(io.BytesIO(stored(prepared))) as img:
        assert img.mode == ("RGBA" if content_type == "image/png" else "RGB")


def test_a_broken_colour_profile_does_not_refuse_the_photo():
    photo = image_bytes("JPEG", icc_profile=b"not a profile" * 20)
    prepared = media.inspect_upload(upload("a.jpg", photo), kind=IMAGE)
    assert_no_metadata(stored(prepared))


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
