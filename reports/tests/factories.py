"""Factories for the reports tests."""

import io
import os
import struct
import zipfile
import zlib
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image

from accounts import second_factor
from accounts.tests.factories import UserFactory
from reports import deadlines
from reports.models import (
    AdministrativeUnit,
    Agency,
    AgencyMembership,
    ApiKey,
    Attachment,
    Category,
    ExtensionRequest,
    Notification,
    Report,
)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")


class ReportFactory(factory.django.DjangoModelFactory):
    """A citizen's draft; the traits put it in later states directly (tests
    only: the application changes states through reports/workflow/)."""

    class Meta:
        model = Report

    title = "Ổ gà lớn trước chợ Đông Hà"
    content = "Mặt đường bị sụt lún, xe máy dễ ngã vào ban đêm."
    category = factory.SubFactory(CategoryFactory)
    reporter = factory.SubFactory(UserFactory)
    address = "12 Lê Duẩn, phường Đông Hà"

    class Params:
        submitted = factory.Trait(
            status=Report.Status.SUBMITTED,
            code=factory.Sequence(lambda n: f"PA-2026-{n + 1:06d}"),
            submitted_at=factory.LazyFunction(timezone.now),
        )
        published = factory.Trait(
            status=Report.Status.PUBLISHED,
            is_public=True,
            code=factory.Sequence(lambda n: f"PA-2026-{n + 500_001:06d}"),
            submitted_at=factory.LazyFunction(timezone.now),
            published_at=factory.LazyFunction(timezone.now),
        )


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A stored JPEG photo; `document=True` for a PDF."""

    class Meta:
        model = Attachment

    report = factory.SubFactory(ReportFactory)
    kind = Attachment.Kind.IMAGE
    file = factory.django.FileField(
        filename="upload.jpg", data=factory.LazyFunction(lambda: image_bytes())
    )
    content_type = "image/jpeg"
    size = factory.LazyAttribute(lambda o: o.file.size)
    original_name = "anh-hien-truong.jpg"

    class Params:
        document = factory.Trait(
            kind=Attachment.Kind.FILE,
            file=factory.django.FileField(filename="upload.pdf", data=b"%PDF-1.4\n%%EOF\n"),
            content_type="application/pdf",
            original_name="Biên bản hiện trường.pdf",
        )


# --- Added for the submission, drafts and personal-area tests ---------------


def jpeg_with_gps_bytes(latitude_dms, longitude_dms, *, north=True, east=True) -> bytes:
    """A small JPEG whose EXIF GPS block says (degrees, minutes, seconds)."""
    exif = Image.Exif()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N" if north else "S"
    gps[ExifTags.GPS.GPSLatitude] = tuple(float(value) for value in latitude_dms)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E" if east else "W"
    gps[ExifTags.GPS.GPSLongitude] = tuple(float(value) for value in longitude_dms)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


class ProvinceFactory(factory.django.DjangoModelFactory):
    """Quảng Trị (code 44), shared by every ward a test makes."""

    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code",)

    code = "44"
    name = "Quảng Trị"
    kind = "Tỉnh"
    level = AdministrativeUnit.Level.PROVINCE
    latitude = 17.24
    longitude = 106.53


class WardFactory(factory.django.DjangoModelFactory):
    """A ward with a centre point; test codes start with T, unlike official ones."""

    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Phường Thử Nghiệm {n}")
    kind = "Phường"
    level = AdministrativeUnit.Level.WARD
    parent = factory.SubFactory(ProvinceFactory)
    latitude = 16.8167
    longitude = 107.1000


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Sở Giao thông vận tải {n}")
    code = factory.Sequence(lambda n: f"co-quan-thu-{n}")
    kind = Agency.Kind.DEPARTMENT


class AgencyMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyMembership
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    user = factory.SubFactory(UserFactory)
    role = AgencyMembership.AgencyRole.OFFICER

    @factory.post_generation
    def authenticator_app(membership, create, extracted, **kwargs):
        """Agency members are staff: they have set up their authenticator app
        (`authenticator_app=False` for one who has not)."""
        if create and extracted is not False and second_factor.secret_of(membership.user) is None:
            second_factor.enrol(membership.user)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    message = factory.Sequence(lambda n: f"Thông báo thử số {n}")


# --- Upload samples, built in code ------------------------------------------
# Each is the smallest thing that carries the signature of its type.

MB = 1024 * 1024


def upload(name, data, content_type="application/octet-stream") -> SimpleUploadedFile:
    """What a browser would send: the name and content type are the client's word."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def image_bytes(format="JPEG", size=(64, 48), color="green", mode="RGB", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=format, **save_options)
    return buffer.getvalue()


def noisy_jpeg(size=(200, 200)) -> bytes:
    """Random pixels, so that the compressed data is long enough to cut."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, format="JPEG")
    return buffer.getvalue()


def png_bomb(width, height) -> bytes:
    """A real PNG of width x height black pixels: a few hundred KB that would
    decode to width * height bytes or more."""

    def chunk(tag, data):
        crc = zlib.crc32(tag + data)
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + 1 bit per pixel
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def iso_media(major: bytes, *compatible: bytes, body=b"\x00" * 256) -> bytes:
    """An ISO base media file (MP4, MOV, 3GP): an ftyp box, then an mdat box."""
    ftyp = b"ftyp" + major + b"\x00\x00\x00\x00" + b"".join(compatible)
    mdat = b"mdat" + body
    return struct.pack(">I", 4 + len(ftyp)) + ftyp + struct.pack(">I", 4 + len(mdat)) + mdat


def webm_bytes() -> bytes:
    # EBML header whose DocType element says "webm".
    return b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + bytes(64)


def pdf_bytes() -> bytes:
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def ooxml_bytes(folder: str) -> bytes:
    """A .docx (folder "word"), .xlsx ("xl") or .pptx ("ppt") as Office writes it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(f"{folder}/document.xml", '<?xml version="1.0"?><document/>')
    return buffer.getvalue()


def opendocument_bytes(mime: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The uncompressed "mimetype" entry first, as the standard requires.
        archive.writestr("mimetype", mime, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
    return buffer.getvalue()


def ole_bytes(marker: bytes) -> bytes:
    """An Office 97-2003 compound file whose first sector starts with `marker`."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00")
    return header + marker.ljust(512, b"\x00")


# --- Added for the workflow, notification and outbox tests ------------------
# Reports are put in each state directly (no workflow calls), with the fields a
# real report in that state has, so a test can start from any state cheaply.

STATES_WITH_AGENCIES = (
    Report.Status.FORWARDED,
    Report.Status.IN_PROGRESS,
    Report.Status.RESOLVED,
    Report.Status.PUBLISHED,
)


_test_codes = iter(range(1, 1_000_000))


def report_in_state(status, *, lead_agency=None, co_agencies=(), **fields) -> Report:
    """A report in `status` as the workflow would have left it. Codes use the year
    2025, so they never collide with those the workflow gives out now."""
    now = timezone.now()
    values = {"status": status}
    if status != Report.Status.DRAFT:
        values.update(
            code=f"PA-2025-{next(_test_codes):06d}",
            submitted_at=now - timedelta(hours=2),
            deadline=deadlines.receipt_deadline(now - timedelta(hours=2)),
        )
    if status in (Report.Status.RECEIVED, *STATES_WITH_AGENCIES):
        values["received_at"] = now - timedelta(hours=1)
    if status == Report.Status.REJECTED:
        values["rejection_reason"] = Report.RejectionReason.SPAM
    if status in STATES_WITH_AGENCIES:
        values.update(
            lead_agency=lead_agency or AgencyFactory(),
            forwarded_at=now - timedelta(minutes=30),
            deadline=now + timedelta(days=7),
        )
    if status in (Report.Status.RESOLVED, Report.Status.PUBLISHED):
        values.update(answer="Đã vá ổ gà, mặt đường thông thoáng.", resolved_at=now)
    if status == Report.Status.PUBLISHED:
        values["published_at"] = now
    values.update(fields)
    report = ReportFactory(**values)
    if co_agencies:
        report.co_agencies.set(co_agencies)
    return report


def ioc_group():
    """A group holding what IOC operators need (the permission of README §4 and the
    full history); a test-only name, apart from any group the project creates."""
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name="IOC (thử nghiệm)")
    if created:
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="reports",
                codename__in=(
                    "process_report",
                    "view_report",
                    "view_all_reports",
                    "view_reporter_contact",
                    "view_reportevent",
                ),
            )
        )
    return group


class IocOperatorFactory(UserFactory):
    """An IOC operator: a member of `ioc_group()`, not a superuser."""

    full_name = "Cán bộ Trung tâm IOC"
    is_staff = True

    @factory.post_generation
    def ioc(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(ioc_group())


class ExtensionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtensionRequest

    report = factory.SubFactory(ReportFactory)
    agency = factory.LazyAttribute(lambda o: o.report.lead_agency or AgencyFactory())
    requested_by = factory.SubFactory(UserFactory)
    new_deadline = factory.LazyAttribute(
        lambda o: (o.report.deadline or timezone.now()) + timedelta(days=5)
    )
    reason = "Cần thêm thời gian khảo sát hiện trường."


def issue_api_key(*, name: str, partner: str) -> tuple[ApiKey, str]:
    """A partner's key as the admin issues one (ApiKeyAdmin.save_model): the
    raw key is returned, the only time it is seen."""
    api_key = ApiKey(name=name, partner=partner)
    raw_key = api_key.set_new_key()
    api_key.save()
    return api_key, raw_key
