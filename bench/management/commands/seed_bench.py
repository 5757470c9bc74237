"""Benchmark data in bulk: `manage.py seed_bench --reports N [--seed S] [--clean]`.

Needs `setup_roles`, `demo_accounts`, `load_admin_units` and `load_reference_data`
first. Makes about 20,000 citizens (all with the demo password), 200 agencies
with one officer each, N reports over the last three years with their history,
photos, co-processing agencies and comments, and the heavy accounts the
benchmark logs in as: the citizen +84902000000 (1,000 reports), the agency
"bench-lead" (5,000 reports across its triage tabs) and its officer
+84903000001. Written batch by batch, one transaction each, so memory stays
flat at a million reports.
"""

import math
import random
import time
from collections import Counter

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from accounts.management.commands.demo_accounts import DEMO_PASSWORD
from accounts.models import User
from bench.seed import people
from bench.seed.comments import CommentSeeder
from bench.seed.media import write_files
from bench.seed.reports import SPAN, ReportSeeder, World
from bench.seed.writer import Writer
from moderation.models import Comment, CommentLike
from reports.management.commands.setup_roles import IOC_OPERATOR, MODERATOR
from reports.models import (
    AdministrativeUnit,
    Agency,
    Attachment,
    Category,
    Report,
    ReportCodeCounter,
    ReportEvent,
)
from reports.public_cache import public_changed

AGENCIES = 200
HEAVY_AGENCY_REPORTS = 5000
PENDING_COMMENTS = 10_000
CoAgency = Report.co_agencies.through


def _sizes(n: int) -> dict[str, int]:
    """Full size from 100,000 reports; smaller runs scale the rest down."""
    return {
        "citizens": min(20_000, max(50, n // 5)),
        "heavy_agency": min(HEAVY_AGENCY_REPORTS, n // 20),
        "pending": PENDING_COMMENTS if n >= 100_000 else n // 10,
    }


def _first_of(group: str) -> int | None:
    user = User.objects.filter(groups__name=group).order_by("pk").first()
    return user.pk if user else None


def _wards() -> list[AdministrativeUnit]:
    """Current wards with the labels titles use and a radius that keeps points
    inside the ward: under half the distance to the nearest other centre."""
    wards = list(
        AdministrativeUnit.objects.current_wards().filter(latitude__isnull=False).order_by("code")
    )
    for ward in wards:
        ward.short = ward.name.removeprefix(ward.kind).strip() or ward.name
        ward.label = ward.name[0].lower() + ward.name[1:]
        nearest = min(
            (
                math.dist((ward.latitude, ward.longitude), (other.latitude, other.longitude))
                for other in wards
                if other is not ward
            ),
            default=0.05,
        )
        ward.radius = min(0.4 * nearest, 0.03)
    return wards


class Command(BaseCommand):
    help = "Fill the database with benchmark data in bulk (refuses to run twice without --clean)."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, required=True, help="Số phản ánh cần tạo.")
        parser.add_argument("--seed", type=int, default=2026, help="Cùng seed, cùng dữ liệu.")
        parser.add_argument("--batch", type=int, default=5000, help="Số phản ánh mỗi lô.")
        parser.add_argument(
            "--clean", action="store_true", help="Xoá dữ liệu thử tải cũ trước khi tạo."
        )

    def handle(self, *args, reports, seed, batch, clean, **options):
        started = time.monotonic()
        if reports < 1 or batch < 1:
            raise CommandError("--reports và --batch phải lớn hơn 0.")
        exists = Q(phone=people.HEAVY_CITIZEN) | Q(phone=people.HEAVY_OFFICER)
        if (
            User.objects.filter(exists).exists()
            or Agency.objects.filter(code=people.HEAVY_AGENCY).exists()
        ):
            if not clean:
                raise CommandError(
                    "Cơ sở dữ liệu đã có dữ liệu thử tải (công dân "
                    f"{people.HEAVY_CITIZEN}). Chạy lại với --clean để xoá và tạo lại."
                )
            self._clean()
        wards = _wards()
        categories = list(Category.objects.filter(is_active=True).order_by("order", "pk"))
        if not wards or not categories:
            raise CommandError(
                "Thiếu dữ liệu danh mục: chạy `manage.py load_admin_units --province "
                f"{settings.PROVINCE_CODE}`"
                " và `manage.py load_reference_data` trước."
            )
        rng = random.Random(seed)  # noqa: S311 (test data, not secrets)  # nosec B311
        now, sizes = timezone.now(), _sizes(reports)
        world = self._world(rng, now, sizes, wards, categories, seed)
        self._reports(world, rng, reports, batch, sizes)
        public_changed()  # bulk writes send no signals: cached visitor pages must go
        self._analyze()
        self.stdout.write(self.style.SUCCESS(f"Xong sau {time.monotonic() - started:.0f} giây."))

    @transaction.atomic
    def _world(self, rng, now, sizes, wards, categories, seed) -> World:
        """The people and agencies, in one transaction."""
        password = make_password(DEMO_PASSWORD)  # hashed once for every account
        since = now - SPAN
        citizens = people.create_citizens(sizes["citizens"], password, rng, since)
        people.create_agencies(AGENCIES, rng)
        officers = people.create_officers(password, rng, since)
        agencies = {a.pk: a for a in Agency.objects.filter(is_active=True)}
        heavy = next(a for a in agencies.values() if a.code == people.HEAVY_AGENCY)
        del agencies[heavy.pk]
        communes = Agency.units.through.objects.filter(
            agency__kind=Agency.Kind.COMMUNE, agency__in=list(agencies)
        ).values_list("administrativeunit_id", "agency_id")
        photos, pdf = write_files(seed)
        self.stdout.write(
            f"Người dùng: {len(citizens):,} công dân, {len(officers)} cán bộ; "
            f"cơ quan: {Agency.objects.count()}."
        )
        return World(
            now=now,
            categories=categories,
            wards=wards,
            citizens=citizens[1:],
            heavy_citizen=citizens[0],
            agencies=agencies,
            heavy_agency=heavy,
            commune_of=dict(communes),
            officers=officers,
            ioc=_first_of(IOC_OPERATOR),
            photos=photos,
            pdf=pdf,
            code_numbers=dict(ReportCodeCounter.objects.values_list("year", "last_number")),
        )

    def _reports(self, world, rng, n, size, sizes) -> None:
        writer = Writer(Report, ReportEvent, Attachment, Comment, CommentLike)
        seeder = ReportSeeder(world, n, rng, writer, sizes["heavy_agency"])
        commenter = CommentSeeder(
            now=world.now,
            citizens=[citizen.pk for citizen in world.citizens],
            moderator=_first_of(MODERATOR),
            writer=writer,
            rng=rng,
            pending=sizes["pending"],
            n=n,
        )
        started, totals, shown = time.monotonic(), Counter(), 0
        for first in range(0, n, size):
            last = min(n, first + size)
            with transaction.atomic():
                batch = seeder.batch(first, last)
                comments, likes = commenter.batch(batch.commentable, last)
                # Parents before children, though the foreign keys are deferred anyway.
                totals["phản ánh"] += writer.insert(batch.reports)
                totals["lịch sử"] += writer.insert(batch.events)
                totals["tệp"] += writer.insert(batch.attachments)
                totals["phối hợp"] += len(CoAgency.objects.bulk_create(batch.co_agencies))
                totals["bình luận"] += writer.insert(comments)
                totals["lượt thích"] += writer.insert(likes)
                writer.reset_sequences()
            if last * 10 // n > shown or last == n:
                shown = last * 10 // n
                elapsed = time.monotonic() - started
                self.stdout.write(f"  {last:>9,}/{n:,} phản ánh, {elapsed:.0f} s")
                self.stdout.flush()  # shown as it goes, also when logged to a file
        with transaction.atomic():
            # The counter holds the last number given: real submissions go on from there.
            for year, number in world.code_numbers.items():
                ReportCodeCounter.objects.update_or_create(
                    year=year, defaults={"last_number": number}
                )
        self.stdout.write(", ".join(f"{name}: {count:,}" for name, count in totals.items()))
        pending = Comment.objects.filter(status=Comment.Status.PENDING).count()
        self.stdout.write(f"Bình luận chờ duyệt: {pending:,}.")

    def _analyze(self) -> None:
        """Fresh statistics for the planner (and, outside a transaction, the
        visibility map for index-only scans), as a long-running database has."""
        if connection.vendor != "postgresql":
            return
        statement = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        models = (User, Report, ReportEvent, Attachment, CoAgency, Comment, CommentLike)
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"{statement} {connection.ops.quote_name(model._meta.db_table)}")

    def _clean(self) -> None:
        """Delete what an earlier run made: the bench users' reports (with
        their history, files and comments), the users, then the agencies."""
        started = time.monotonic()
        users = User.objects.filter(
            Q(phone__startswith=people.CITIZEN_PREFIX) | Q(phone__startswith=people.OFFICER_PREFIX)
        )
        reports = Report.objects.filter(reporter__in=users).order_by("pk")
        deleted = 0
        while chunk := list(reports.values_list("pk", flat=True)[:5000]):
            with transaction.atomic():
                Report.objects.filter(pk__in=chunk).delete()
            deleted += len(chunk)
        try:
            with transaction.atomic():
                users.delete()
                Agency.objects.filter(code__startswith=people.AGENCY_PREFIX).delete()
        except ProtectedError as error:
            raise CommandError(
                "Không xoá được cơ quan thử tải: còn phản ánh khác do chúng xử lý "
                f"({len(error.protected_objects)})."
            ) from None
        self.stdout.write(
            f"Đã xoá dữ liệu thử tải cũ ({deleted:,} phản ánh) "
            f"sau {time.monotonic() - started:.0f} giây."
        )
