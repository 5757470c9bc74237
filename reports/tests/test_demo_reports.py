"""`make run` seeds a few dozen demo reports with photos and history, once."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from reports.management.commands import demo_reports
from reports.models import AdministrativeUnit, Attachment, Notification, Report

pytestmark = pytest.mark.django_db

Status = Report.Status


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "demo-media"
    return settings.MEDIA_ROOT


@pytest.fixture
def prerequisites(media_root):
    """What `make setup` runs before demo_reports."""
    call_command("demo_accounts", "--not-in-production", stdout=io.StringIO())
    call_command("load_admin_units", "--province", "44", stdout=io.StringIO())
    call_command("load_reference_data", stdout=io.StringIO())


def run() -> str:
    out = io.StringIO()
    call_command("demo_reports", stdout=out)
    return out.getvalue()


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_creates_varied_reports_with_codes_photos_and_history(prerequisites, media_root):
    out = run()

    reports = Report.objects.all()
    assert reports.count() == 36
    assert "Đã tạo 36 phản ánh" in out
    assert set(reports.values_list("reporter__phone", flat=True)) == {
        "+84901000001",
        "+84901000002",
    }
    assert reports.values("category").distinct().count() >= 12
    assert reports.filter(urgent_requested=True).exists()
    assert reports.filter(hide_name=True).exists()

    drafts = reports.filter(status=Status.DRAFT)
    assert drafts.count() == 4 and not drafts.filter(code__isnull=False).exists()
    sent = reports.exclude(status=Status.DRAFT).order_by("submitted_at")
    codes = [report.code for report in sent]
    assert all(re.fullmatch(r"PA-\d{4}-\d{6}", code) for code in codes)
    assert codes == sorted(set(codes)), "codes are unique and rise with the sending time"
    statuses = set(sent.values_list("status", flat=True))
    assert {Status.SUBMITTED, Status.RECEIVED, Status.IN_PROGRESS, Status.PUBLISHED} <= statuses
    assert Report.objects.public().count() >= 15

    province = AdministrativeUnit.objects.get(code="44")
    for report in reports.select_related("ward"):
        assert report.ward.parent_id == province.pk
        assert abs(float(report.latitude) - report.ward.latitude) < 0.01
        assert abs(float(report.longitude) - report.ward.longitude) < 0.01
        assert report.title and report.content and report.address


def test_each_report_has_one_to_three_small_jpeg_photos(prerequisites, media_root):
    run()

    for report in Report.objects.prefetch_related("attachments"):
        photos = list(report.attachments.all())
        assert 1 <= len(photos) <= 3
        for photo in photos:
            assert (photo.kind, photo.content_type) == (Attachment.Kind.IMAGE, "image/jpeg")
            path = Path(photo.file.path)
            assert path.is_relative_to(media_root) and path.stat().st_size == photo.size
            assert photo.size < 150_000
            with Image.open(path) as image:
                assert (image.format, image.size) == ("JPEG", (960, 640))
            with Image.open(photo.thumbnail.path) as thumbnail:
                assert thumbnail.width == 480
    assert len(stored_files(media_root)) == 2 * Attachment.objects.count()


def test_later_statuses_have_one_event_per_step(prerequisites, media_root):
    run()

    published = Report.objects.filter(status=Status.PUBLISHED)
    assert published.exists()
    for report in published:
        steps = list(report.events.values_list("from_status", "to_status"))
        assert steps == [
            (Status.DRAFT, Status.SUBMITTED),
            (Status.SUBMITTED, Status.RECEIVED),
            (Status.RECEIVED, Status.FORWARDED),
            (Status.FORWARDED, Status.IN_PROGRESS),
            (Status.IN_PROGRESS, Status.RESOLVED),
            (Status.RESOLVED, Status.PUBLISHED),
        ]
        times = list(report.events.values_list("created_at", flat=True))
        assert times == sorted(times) and times[0] == report.submitted_at
        assert report.submitted_at < report.received_at <= report.published_at
        assert report.answer and report.lead_agency and report.deadline
        assert report.notifications.count() == 3  # sent, received, result
    for report in Report.objects.filter(status=Status.SUBMITTED):
        assert list(report.events.values_list("to_status", flat=True)) == [Status.SUBMITTED]
        assert not report.is_public
    # The submission's own notification, for every report that left the draft stage.
    assert Notification.objects.values("report").distinct().count() == 32


def test_second_run_does_nothing(prerequisites, media_root):
    run()
    files = stored_files(media_root)

    out = run()

    assert "Đã có phản ánh thử nghiệm" in out
    assert Report.objects.count() == 36
    assert stored_files(media_root) == files


def test_needs_the_demo_accounts_and_reference_data(media_root):
    with pytest.raises(CommandError, match="demo_accounts"):
        run()
    call_command("demo_accounts", "--not-in-production", stdout=io.StringIO())
    with pytest.raises(CommandError, match="load_admin_units --province 44"):
        run()
    assert not Report.objects.exists()


def test_a_failure_half_way_leaves_no_reports_and_no_files(prerequisites, media_root, monkeypatch):
    submit = demo_reports.report_submit
    calls = []

    def failing_submit(**kwargs):
        calls.append(1)
        if len(calls) == 5:
            raise OSError("disk full")
        return submit(**kwargs)

    monkeypatch.setattr(demo_reports, "report_submit", failing_submit)
    with pytest.raises(OSError, match="disk full"):
        run()

    assert not Report.objects.exists() and not Attachment.objects.exists()
    assert stored_files(media_root) == []
