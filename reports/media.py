"""Upload rules and image processing for report attachments (README §3).

Every uploaded file goes through `inspect_upload`, which decides its type from
its bytes (never from its name or the browser's content type), enforces the
limits of its kind and returns what may be stored: images re-encoded upright
and without metadata, videos and other files passed through unchanged.
"""

import io
import math
import struct
import warnings
from dataclasses import dataclass

import filetype
import pillow_heif
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms, ImageOps

from reports.models import Attachment

pillow_heif.register_heif_opener()

MB = 1024 * 1024
Kind = Attachment.Kind

# Above this, decoding alone would take hundreds of MB of memory: a phone
# photo is 12-48 MP, a decompression bomb is far beyond.
MAX_IMAGE_PIXELS = 50_000_000
# Stored photos are at most this long on either side: a 12 MP phone photo
# (4032 x 3024) keeps its size, a 48 MP one is halved.
MAX_STORED_SIDE = 4096
JPEG_QUALITY = 85
THUMBNAIL_WIDTH = 480
# Enough for filetype's Office checks, which look a few zip entries deep.
HEAD_BYTES = 8192

OFFICE = "application/vnd.openxmlformats-officedocument"
OPENDOCUMENT = "application/vnd.oasis.opendocument"


@dataclass(frozen=True)
class Limit:
    max_count: int
    max_bytes: int
    content_types: frozenset[str]


LIMITS = {
    Kind.IMAGE: Limit(
        10,
        15 * MB,
        frozenset({"image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"}),
    ),
    Kind.VIDEO: Limit(
        2, 100 * MB, frozenset({"video/mp4", "video/quicktime", "video/3gpp", "video/webm"})
    ),
    Kind.FILE: Limit(
        5,
        20 * MB,
        frozenset(
            {
                "application/pdf",
                "application/msword",
                f"{OFFICE}.wordprocessingml.document",
                "application/vnd.ms-excel",
                f"{OFFICE}.spreadsheetml.sheet",
                "application/vnd.ms-powerpoint",
                f"{OFFICE}.presentationml.presentation",
                f"{OPENDOCUMENT}.text",
                f"{OPENDOCUMENT}.spreadsheet",
            }
        ),
    ),
}

# Full sentences per kind, so that each can be translated whole.
TYPE_ERRORS = {
    Kind.IMAGE: _("Tệp “%(name)s” không phải là ảnh hợp lệ (JPEG, PNG, WebP, HEIC)."),
    Kind.VIDEO: _("Tệp “%(name)s” không phải là video hợp lệ (MP4, MOV, 3GP, WebM)."),
    Kind.FILE: _(
        "Tệp “%(name)s” không phải là tài liệu hợp lệ (PDF, Word, Excel, PowerPoint, OpenDocument)."
    ),
}
SIZE_ERRORS = {
    Kind.IMAGE: _("Ảnh “%(name)s” quá lớn: mỗi ảnh tối đa %(max)d MB."),
    Kind.VIDEO: _("Video “%(name)s” quá lớn: mỗi video tối đa %(max)d MB."),
    Kind.FILE: _("Tệp “%(name)s” quá lớn: mỗi tệp tối đa %(max)d MB."),
}
COUNT_ERRORS = {
    Kind.IMAGE: _("Chỉ được đính kèm tối đa %(max)d ảnh."),
    Kind.VIDEO: _("Chỉ được đính kèm tối đa %(max)d video."),
    Kind.FILE: _("Chỉ được đính kèm tối đa %(max)d tệp."),
}

# Pillow plugins allowed to parse each image type: a JPEG is never handed to
# another decoder because of what its bytes happen to contain.
_PIL_FORMATS = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WEBP",
    "image/heic": "HEIF",
    "image/heif": "HEIF",
}
# MP4 brands filetype does not know, or calls M4V (iTunes' name for MP4).
_MP4_BRANDS = {"avc1", "dash", "iso4", "iso5", "iso6", "M4V ", "mp71", "MSNV"}
# HEIF variants filetype does not know (10-bit and sequence brands from phones).
_HEIF_BRANDS = {"heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"}
# What Pillow's decoders raise on malformed input besides OSError.
_BROKEN_IMAGE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)


@dataclass(frozen=True)
class PreparedUpload:
    """An accepted upload, ready for `Attachment.file.save(name, content)`."""

    content: File
    content_type: str
    extension: str  # with the dot, decided from the content
    size: int
    original_name: str  # the client's name, kept only as data
    gps: tuple[float, float] | None = None


class RefusedUpload(UploadedFile):
    """Stands in `request.FILES` for a file the upload handler stopped storing
    while it streamed in (reports/upload_handlers.py). It holds no content;
    `inspect_upload` turns it into the error the citizen sees."""

    TOO_LARGE = "too_large"  # the file alone passed the largest per-kind limit
    TOTAL = "total"  # the request's files together passed the total cap

    def __init__(self, *, name, content_type, size, reason, total_cap=0):
        super().__init__(io.BytesIO(), name, content_type, size)
        self.reason = reason
        self.total_cap = total_cap


def count_error(kind: str, count: int) -> ValidationError | None:
    """The error for `count` attachments of `kind` on one report, or None."""
    limit = LIMITS[kind]
    if count <= limit.max_count:
        return None
    return ValidationError(COUNT_ERRORS[kind], code="too_many", params={"max": limit.max_count})


def inspect_uploads(files, *, kind: str, already: int = 0):
    """A batch of one kind: the count limit (counting `already` kept files),
    then each file. Returns (accepted PreparedUploads, ValidationErrors)."""
    too_many = count_error(kind, already + len(files))
    if too_many:
        return [], [too_many]
    accepted, errors = [], []
    for upload in files:
        try:
            accepted.append(inspect_upload(upload, kind=kind))
        except ValidationError as error:
            errors.append(error)
    return accepted, errors


def inspect_upload(uploaded_file: UploadedFile, *, kind: str) -> PreparedUpload:
    """Accept `uploaded_file` as an attachment of `kind`, or raise ValidationError
    with a message naming the file. Images are decoded and re-encoded here."""
    limit = LIMITS[kind]
    original_name = (uploaded_file.name or "")[:255]
    params = {"name": _shorten(original_name), "max": limit.max_bytes // MB}
    refused = isinstance(uploaded_file, RefusedUpload)
    if uploaded_file.size > limit.max_bytes or (
        refused and uploaded_file.reason == RefusedUpload.TOO_LARGE
    ):
        raise ValidationError(SIZE_ERRORS[kind], code="file_too_large", params=params)
    if refused:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không được nhận: tổng dung lượng các tệp gửi cùng lúc "
                "vượt quá %(max)d MB."
            ),
            code="request_too_large",
            params={**params, "max": uploaded_file.total_cap // MB},
        )
    if not uploaded_file.size:
        raise ValidationError(_("Tệp “%(name)s” rỗng."), code="file_empty", params=params)

    sniffed = _sniff(_head(uploaded_file))
    if sniffed is None or sniffed[0] not in limit.content_types:
        raise ValidationError(TYPE_ERRORS[kind], code="file_type", params=params)
    content_type, extension = sniffed

    if kind == Kind.IMAGE:
        data, content_type, extension, gps = _reencode_image(
            uploaded_file, content_type=content_type, params=params
        )
        return PreparedUpload(
            content=ContentFile(data, name=f"upload{extension}"),
            content_type=content_type,
            extension=extension,
            size=len(data),
            original_name=original_name,
            gps=gps,
        )
    # Passed through as is: File streams the upload in chunks when it is saved.
    uploaded_file.seek(0)
    return PreparedUpload(
        content=File(uploaded_file, name=f"upload{extension}"),
        content_type=content_type,
        extension=extension,
        size=uploaded_file.size,
        original_name=original_name,
    )


def make_thumbnail(attachment: Attachment) -> bool:
    """Store a JPEG THUMBNAIL_WIDTH pixels wide (never enlarged) in
    `attachment.thumbnail`. Returns False for attachments that are not images."""
    if attachment.kind != Kind.IMAGE:
        return False
    with attachment.file.open("rb") as stored, Image.open(stored, formats=["JPEG", "PNG"]) as img:
        width, height = img.size
        target = (THUMBNAIL_WIDTH, max(1, round(height * THUMBNAIL_WIDTH / width)))
        img.draft("RGB", target)  # JPEG: decode at a reduced scale, much faster
        thumb = _flatten(img.convert("RGBA")) if img.has_transparency_data else img.convert("RGB")
        if thumb.width > THUMBNAIL_WIDTH:
            thumb = thumb.resize(target, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    thumb.save(buffer, format="JPEG", quality=80, optimize=True)
    if attachment.thumbnail:
        attachment.thumbnail.delete(save=False)
    attachment.thumbnail.save("thumbnail.jpg", ContentFile(buffer.getvalue()), save=False)
    attachment.save(update_fields=["thumbnail"])
    return True


def _shorten(name: str, length: int = 60) -> str:
    return name if len(name) <= length else f"{name[: length - 1]}…"


def _head(uploaded_file: UploadedFile) -> bytes:
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    uploaded_file.seek(0)
    return head


def _sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension with dot) decided from the first bytes, or None."""
    brand = head[8:12].decode("latin-1") if head[4:8] == b"ftyp" else ""
    if brand.startswith("3g"):
        # filetype looks for the 3GP signature at the wrong offset and would
        # call phones' 3GP videos MP4 or nothing.
        return "video/3gpp", ".3gp"
    if brand in _MP4_BRANDS:
        return "video/mp4", ".mp4"
    guess = filetype.guess(head)
    if guess is not None:
        if guess.mime == "image/apng":  # an animated PNG is a PNG; its first frame is kept
            return "image/png", ".png"
        return guess.mime, f".{guess.extension}"
    if brand in _HEIF_BRANDS:
        return "image/heif", ".heic"
    return None


def _reencode_image(uploaded_file, *, content_type, params):
    """(bytes, content type, extension, gps) of the upright image without
    metadata, at most MAX_STORED_SIDE pixels long: JPEG, or PNG when it has
    transparency. One picture is held at a time (turned in place, no copy per
    step), so a 12 MP photo costs its worker tens of MB, not hundreds."""
    uploaded_file.seek(0)
    try:
        # Pillow warns (then fails) on huge images only well above our limit;
        # the warning becomes an error so no bomb gets near the decoder.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded_file, formats=[_PIL_FORMATS[content_type]]) as img:
                width, height = img.size  # from the header, nothing decoded yet
                if width * height > MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError(f"{width}x{height}")
                gps = _gps(img)
                icc_profile = img.info.get("icc_profile")
                _decode_at_most(img, MAX_STORED_SIDE)  # a truncated file fails here
                ImageOps.exif_transpose(img, in_place=True)
                if img.has_transparency_data:
                    rgba = img.convert("RGBA")
                    if rgba.getchannel("A").getextrema()[0] < 255:
                        png = _encode(_to_srgb(rgba, icc_profile), "PNG")
                        return png, "image/png", ".png", gps
                    del rgba
                picture = img if img.mode == "RGB" else img.convert("RGB")
                jpeg = _encode(_to_srgb(picture, icc_profile), "JPEG")
                return jpeg, "image/jpeg", ".jpg", gps
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("Ảnh “%(name)s” có kích thước quá lớn (tối đa %(pixels)d triệu điểm ảnh)."),
            code="image_too_many_pixels",
            params={**params, "pixels": MAX_IMAGE_PIXELS // 1_000_000},
        ) from error
    except _BROKEN_IMAGE_ERRORS as error:
        raise ValidationError(TYPE_ERRORS[Kind.IMAGE], code="file_type", params=params) from error


def _decode_at_most(img: Image.Image, side: int) -> None:
    """Decode the picture, no longer than `side` on either edge. A JPEG decodes
    straight at a reduced scale (draft), so a 48 MP photo never fills memory."""
    width, height = img.size
    scale = side / max(width, height)
    if scale < 1:
        if img.format == "JPEG":
            img.draft(img.mode, (max(1, int(width * scale)), max(1, int(height * scale))))
        img.thumbnail((side, side), Image.Resampling.LANCZOS)
    img.load()


def _encode(img: Image.Image, format: str) -> bytes:
    # A fresh info dict: nothing of the original (EXIF, XMP, ICC, comments)
    # can be carried into the new file by a plugin's defaults.
    img.info = {}
    buffer = io.BytesIO()
    if format == "JPEG":
        # No `optimize`: it holds every coefficient of the picture in memory
        # (about twice the decoded size) to save some 5% of the file.
        img.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    else:
        img.save(buffer, format="PNG")
    return buffer.getvalue()


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(img: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Bake a colour profile (iPhones shoot in Display P3) into sRGB pixels, so
    the colours stay right once the profile itself is dropped."""
    if not icc_profile:
        return img
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(img, source, _SRGB, outputMode=img.mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return img  # a broken or non-RGB profile: keep the pixels as they are


def _flatten(rgba: Image.Image) -> Image.Image:
    """Transparent areas on white, for JPEG thumbnails."""
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _gps(img: Image.Image) -> tuple[float, float] | None:
    """(latitude, longitude) from the photo's EXIF GPS block, or None. A broken
    block only loses the suggestion, never the photo."""
    try:
        gps = img.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        latitude = _degrees(gps[ExifTags.GPS.GPSLatitude], gps.get(ExifTags.GPS.GPSLatitudeRef))
        longitude = _degrees(gps[ExifTags.GPS.GPSLongitude], gps.get(ExifTags.GPS.GPSLongitudeRef))
    except (KeyError, *_BROKEN_IMAGE_ERRORS, TypeError, ZeroDivisionError):
        return None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    # (0, 0) is what cameras write without a fix, not a place in the sea.
    if latitude == 0 and longitude == 0:
        return None
    return round(latitude, 6), round(longitude, 6)


def _degrees(dms, ref) -> float:
    degrees, minutes, seconds = (float(value) for value in dms)
    value = degrees + minutes / 60 + seconds / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    return -value if str(ref or "").strip("\x00 ").upper() in {"S", "W"} else value
