"""Images re-encoded as README §3 asks: turned upright, scaled down to the
stored side, stripped of EXIF, XMP and colour profiles after their GPS is read;
HEIC and WebP become JPEG, and only transparency keeps a PNG."""

import io

import pytest
from PIL import ExifTags, Image, ImageCms
from PIL.TiffImagePlugin import IFDRational

from reports import media
from reports.tests.factories import image_bytes, iso_media, upload

from .media_world import IMAGE, stored

SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'exif:GPSLatitude="16,45.0N"/></rdf:RDF></x:xmpmeta>'
)


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
