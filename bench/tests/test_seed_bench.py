"""`manage.py seed_bench` fills a database with benchmark data in bulk."""

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max, Min
from django.utils import timezone

from accounts.management.commands.demo_accounts import DEMO_PASSWORD
from accounts.models import User
from moderation.models import Comment, CommentLike
from reports.models import (
    PUBLIC_STATUSES,
    AdministrativeUnit,
    Agency,
    AgencyMembership,
    Attachment,
    Category,
    Report,
    ReportCodeCounter,
    ReportEvent,
)

pytestmark = pytest.mark.django_db

N = 300
Status = Report.Status


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def prerequisites():
    """What the brief of the command says has run before it."""
    for command, *args in (
        ("setup_roles",),
        ("demo_accounts", "--not-in-production"),
        ("load_admin_units", "--province", "44"),
        ("load_reference_data",),
    ):
        call_command(command, *args, stdout=io.StringIO())


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_bench", "--reports", str(N), "--seed", "7", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(prerequisites):
    return seed()


def bench_reports():
    return Report.objects.filter(reporter__phone__startswith="+849020")


def test_reports_cover_every_status_category_and_ward(seeded):
    reports = bench_reports()
    assert reports.count() == N == Report.objects.count()
    assert set(reports.values_list("status", flat=True)) == set(Status.values)
    assert 1 <= reports.filter(status=Status.DRAFT).count() <= N // 20
    assert set(reports.values_list("category", flat=True)) == set(
        Category.objects.values_list("pk", flat=True)
    )
    wards = AdministrativeUnit.objects.current_wards()
    assert set(reports.values_list("ward", flat=True)) == set(wards.values_list("pk", flat=True))
    assert 0.03 < reports.filter(level=Report.Level.URGENT).count() / N < 0.2

    (south, west), (north, east) = settings.PROVINCE_BOUNDS
    box = reports.aggregate(Min("latitude"), Max("latitude"), Min("longitude"), Max("longitude"))
    assert south <= box["latitude__min"] and box["latitude__max"] <= north
    assert west <= box["longitude__min"] and box["longitude__max"] <= east

    received = reports.filter(status__in=PUBLIC_STATUSES)
    assert 0.7 < received.filter(is_public=True).count() / received.count() < 0.95
    later = reports.filter(status__in=PUBLIC_STATUSES).exclude(status=Status.RECEIVED)
    assert not later.filter(lead_agency=None).exists()
    assert not reports.filter(status=Status.PUBLISHED).filter(answer="").exists()
    assert not reports.filter(status=Status.REJECTED, rejection_reason="").exists()
    assert reports.overdue().exists()
    assert Report.co_agencies.through.objects.exists()

    # Vietnamese with accents, and the search text Report.save() would keep.
    report = reports.exclude(status=Status.DRAFT).select_related("reporter").first()
    assert re.search("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", report.title)
    assert report.search_text == report.build_search_text()


def test_history_files_and_timestamps_follow_the_status(seeded):
    reports, now = bench_reports(), timezone.now()
    sent = reports.exclude(status=Status.DRAFT)
    assert sent.aggregate(Min("submitted_at"))["submitted_at__min"] < now - timedelta(days=700)
    assert not sent.filter(submitted_at__gt=now).exists()
    assert 3 <= ReportEvent.objects.count() / N <= 6
    assert 1 <= Attachment.objects.count() / N <= 2
    assert Attachment.objects.filter(is_answer=True).exists()
    assert Attachment.objects.filter(kind=Attachment.Kind.FILE).exists()
    assert Attachment.objects.values("public_id").distinct().count() == Attachment.objects.count()
    assert Attachment.objects.first().file.storage.exists(Attachment.objects.first().file.name)

    # bulk_create would have stamped every row with today's date: these keep the seed's.
    assert not sent.filter(created_at__gt=F("submitted_at")).exists()
    for report in sent.filter(status=Status.PUBLISHED)[:20]:
        events = list(report.events.order_by("created_at", "pk"))
        assert [e.to_status for e in events] == [
            Status.SUBMITTED,
            Status.RECEIVED,
            Status.FORWARDED,
            Status.IN_PROGRESS,
            Status.RESOLVED,
            Status.PUBLISHED,
        ]
        assert events[0].created_at == report.submitted_at
        assert events[-1].created_at == report.published_at
        assert [e.is_public for e in events] == [True, False, True, True, True, True]


def test_codes_are_sequential_per_year_and_the_counter_follows(seeded):
    codes = bench_reports().exclude(code=None).order_by("submitted_at")
    assert codes.count() == codes.values("code").distinct().count()
    last = {}
    for code, submitted in codes.values_list("code", "submitted_at"):
        year, number = re.fullmatch(r"PA-(\d{4})-(\d{6})", code).groups()
        assert int(year) == timezone.localtime(submitted).year
        assert int(number) == last.get(year, 0) + 1
        last[year] = int(number)
    assert dict(ReportCodeCounter.objects.values_list("year", "last_number")) == {
        int(year): number for year, number in last.items()
    }


def test_heavy_accounts_and_people(seeded):
    citizen = User.objects.get(phone="+84902000000")
    assert citizen.reports.count() == N // 10
    assert check_password(DEMO_PASSWORD, citizen.password)
    assert User.objects.filter(phone__startswith="+849020", phone_verified=True).count() == 60

    agency = Agency.objects.get(code="bench-lead")
    led = Report.objects.filter(lead_agency=agency)
    assert led.count() == N // 20
    assert {Status.FORWARDED, Status.IN_PROGRESS, Status.RESOLVED, Status.PUBLISHED} <= set(
        led.values_list("status", flat=True)
    )
    assert led.overdue().exists()
    assert Agency.objects.count() == 200
    assert not Agency.objects.annotate(n=Count("units")).filter(n=0).exists()

    officer = User.objects.get(phone="+84903000001")
    assert officer.full_name == "Cán bộ thử tải" and officer.phone_verified
    assert check_password(DEMO_PASSWORD, officer.password)
    assert AgencyMembership.objects.filter(
        user=officer, agency=agency, role=AgencyMembership.AgencyRole.OFFICER
    ).exists()
    demo_officer = User.objects.get(phone="+84901000004")
    assert set(officer.groups.all()) == set(demo_officer.groups.all())


def test_comments_and_moderation_queue(seeded):
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == N // 10
    approved = Comment.objects.filter(status=Comment.Status.APPROVED)
    assert approved.exists() and approved.filter(parent__isnull=False).exists()
    assert not Comment.objects.exclude(
        report__status=Status.PUBLISHED, report__is_public=True
    ).exists()
    assert not Comment.objects.filter(created_at__lt=F("report__published_at")).exists()
    assert not Comment.objects.exclude(author__phone__startswith="+849020").exists()
    assert CommentLike.objects.exists()


def test_refuses_a_second_run_unless_clean(seeded):
    with pytest.raises(CommandError, match="--clean"):
        seed()
    assert bench_reports().count() == N

    seed("--clean")
    assert bench_reports().count() == N
    assert User.objects.filter(phone="+84902000000").count() == 1
    assert Agency.objects.count() == 200
    # The demo accounts and agencies stay.
    assert User.objects.filter(phone="+84901000001").exists()
    assert Agency.objects.filter(code="so-xay-dung").exists()
