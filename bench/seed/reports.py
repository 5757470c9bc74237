"""Reports with their history, attachments and co-processing agencies.

Report i of n is sent at a time that grows with i (codes rise with dates, as
real submissions do), and its status depends on its age: recent reports are
still open, old ones mostly answered, with a backlog of stale ones. Steps are
simple offsets after the sending, squeezed to end before now; the working-time
calculator would cost more than the whole insert.
"""

import math
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from reports.models import AWAITING_ANSWER_STATUSES, Agency, Attachment, Report, ReportEvent

from .media import StoredFile
from .words import (
    FORWARD_NOTE,
    GENERIC,
    MORE,
    OTHER_REJECTION,
    PROBLEMS,
    RECEIVED_NOTE,
    STREETS,
    WHERE,
)

Status, Level, Reason = Report.Status, Report.Level, Report.RejectionReason
SPAN = timedelta(days=3 * 365)
# Status mixes (weights) by the age of the report.
MIX_BY_AGE = (
    (timedelta(days=1), {Status.SUBMITTED: 55, Status.RECEIVED: 20, Status.REJECTED: 5,
                         Status.FORWARDED: 15, Status.IN_PROGRESS: 5}),
    (timedelta(days=14), {Status.SUBMITTED: 6, Status.RECEIVED: 8, Status.REJECTED: 8,
                          Status.FORWARDED: 15, Status.IN_PROGRESS: 30, Status.RESOLVED: 8,
                          Status.PUBLISHED: 25}),
    (SPAN * 2, {Status.SUBMITTED: 4, Status.RECEIVED: 4, Status.REJECTED: 17,
                Status.FORWARDED: 5, Status.IN_PROGRESS: 7, Status.RESOLVED: 3,
                Status.PUBLISHED: 60}),
)  # fmt: skip
# The heavy agency's reports cycle through its triage tabs (True: overdue).
HEAVY_CYCLE = (
    (Status.FORWARDED, False), (Status.FORWARDED, True), (Status.IN_PROGRESS, False),
    (Status.IN_PROGRESS, True), (Status.IN_PROGRESS, False), (Status.RESOLVED, False),
    (Status.PUBLISHED, False), (Status.PUBLISHED, False),
)  # fmt: skip
CHAIN = (Status.RECEIVED, Status.FORWARDED, Status.IN_PROGRESS, Status.RESOLVED, Status.PUBLISHED)
# Hours a step takes after the previous one (uniform in the range).
STEP_HOURS = {
    Status.RECEIVED: (0.3, 20), Status.REJECTED: (0.5, 30), Status.FORWARDED: (0.5, 24),
    Status.IN_PROGRESS: (1, 48), Status.RESOLVED: (12, 240), Status.PUBLISHED: (1, 72),
}  # fmt: skip
POPULAR = {"giao-thong", "trat-tu-do-thi", "moi-truong", "dien-chieu-sang", "cap-thoat-nuoc"}


@dataclass
class World:
    """What the generator needs from the database, loaded once."""

    now: datetime
    categories: list
    wards: list  # with .short, .label and .radius set by the command
    citizens: list  # User objects, the heavy citizen excluded
    heavy_citizen: object
    agencies: dict  # pk -> Agency, the heavy agency excluded
    heavy_agency: Agency
    commune_of: dict  # ward pk -> commune office pk
    officers: dict  # agency pk -> user pk
    ioc: int | None  # the operator who receives, forwards and publishes
    photos: list[StoredFile]
    pdf: StoredFile
    code_numbers: dict  # year -> last code number given


@dataclass
class Batch:
    reports: list
    events: list
    attachments: list
    co_agencies: list
    commentable: list  # published public reports


def random_uuid(rng: random.Random) -> uuid.UUID:
    """uuid4's layout from the seeded generator: the same seed, the same data."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _sample_outside(rng, n: int, count: int, taken: set) -> set:
    chosen = set()
    while len(chosen) < min(count, n - len(taken)):
        index = rng.randrange(n)
        if index not in taken:
            chosen.add(index)
    return chosen


class ReportSeeder:
    def __init__(self, world: World, n: int, rng: random.Random, writer, heavy_reports: int):
        self.world, self.n, self.rng, self.writer = world, n, rng, writer
        self.start = world.now - SPAN
        heavy_citizen_share = 1000 if n >= 10_000 else n // 10
        self.of_heavy_citizen = set(rng.sample(range(n), heavy_citizen_share))
        self.of_heavy_agency = sorted(rng.sample(range(n), heavy_reports))
        self.heavy_rank = {index: rank for rank, index in enumerate(self.of_heavy_agency)}
        self.drafts = _sample_outside(rng, n, max(1, n // 100), set(self.heavy_rank))
        # Every status, ward and category at least once, even for a small n.
        others = [s for s in Status.values if s != Status.DRAFT]
        forced = _sample_outside(rng, n, len(others), self.drafts | set(self.heavy_rank))
        self.forced = dict(zip(sorted(forced), others, strict=False))
        self.ward_of = self._spread(world.wards)
        self.category_of = self._spread(world.categories)
        self.ward_weights = [3 if w.kind == "Phường" else 1 for w in world.wards]
        self.category_weights = [3 if c.slug in POPULAR else 1 for c in world.categories]
        self.citizen_count = len(world.citizens)
        self.agency_list = list(world.agencies.values())
        self.last_sent = None

    def _spread(self, items: list) -> dict:
        """index -> item for one report per item (as many as fit in n)."""
        count = min(self.n, len(items))
        return dict(zip(self.rng.sample(range(self.n), count), items[:count], strict=True))

    def batch(self, first: int, last: int) -> Batch:
        batch = Batch([], [], [], [], [])
        for index in range(first, last):
            self._report(index, batch)
        return batch

    # --- One report ---------------------------------------------------------------

    def _report(self, index: int, batch: Batch) -> None:
        rng, world = self.rng, self.world
        sent = self.start + SPAN * ((index + rng.random()) / self.n) ** 0.8  # more recently
        category = (
            self.category_of.get(index) or rng.choices(world.categories, self.category_weights)[0]
        )
        ward = self.ward_of.get(index) or rng.choices(world.wards, self.ward_weights)[0]
        if index in self.of_heavy_citizen:
            reporter = world.heavy_citizen
        else:  # a few citizens write a lot, most write little
            reporter = world.citizens[int(self.citizen_count * rng.random() ** 2)]
        problem, sentence, fix = rng.choice(PROBLEMS.get(category.slug, GENERIC))
        street = rng.choice(STREETS)
        where = rng.choice(WHERE).format(street=street, short=ward.short)
        latitude, longitude = self._point(ward)
        report = Report(
            pk=self.writer.pk(Report),
            title=f"{problem} {where}, {ward.label}",
            content=" ".join([sentence, *rng.sample(MORE, rng.randint(1, 3))]),
            category=category,
            urgent_requested=rng.random() < 0.12,
            latitude=latitude,
            longitude=longitude,
            address=f"Số {rng.randint(1, 250)} đường {street}, {ward.label}",
            ward=ward,
            reporter=reporter,
            hide_name=rng.random() < 0.15,
        )
        self._attach(report, batch, sent)
        if index in self.drafts:
            report.created_at = report.updated_at = sent
        else:
            status, overdue = self._status(index, sent)
            heavy = index in self.heavy_rank
            self._history(report, batch, sent, status, overdue, fix, heavy)
        # Same text as Report.save() would store (bulk writes skip save()).
        report.search_text = report.build_search_text()
        batch.reports.append(report)

    def _point(self, ward) -> tuple[Decimal, Decimal]:
        """Uniform in a disc around the ward's centre, small enough to stay in the ward."""
        (south, west), (north, east) = settings.PROVINCE_BOUNDS
        angle, distance = self.rng.uniform(0, 2 * math.pi), ward.radius * self.rng.random() ** 0.5
        latitude = min(max(ward.latitude + distance * math.sin(angle), south), north)
        longitude = min(max(ward.longitude + distance * math.cos(angle), west), east)
        return Decimal(f"{latitude:.6f}"), Decimal(f"{longitude:.6f}")

    def _status(self, index: int, sent: datetime) -> tuple[str, bool]:
        if index in self.heavy_rank:
            return HEAVY_CYCLE[self.heavy_rank[index] % len(HEAVY_CYCLE)]
        if index in self.forced:
            return self.forced[index], False
        age = self.world.now - sent
        mix = next(mix for limit, mix in MIX_BY_AGE if age < limit)
        return self.rng.choices(list(mix), list(mix.values()))[0], self.rng.random() < 0.5

    def _history(self, report, batch, sent, status, overdue, fix, heavy) -> None:
        """The fields and events the workflow would have left, step by step."""
        rng, world = self.rng, self.world
        if status == Status.REJECTED:
            steps = [Status.REJECTED] if rng.random() < 0.6 else [Status.RECEIVED, Status.REJECTED]
        else:
            steps = list(CHAIN[: CHAIN.index(status) + 1]) if status in CHAIN else []
        offsets = [rng.uniform(*STEP_HOURS[step]) for step in steps]
        # Squeezed so that a recent report's last step still happened before now.
        room = (world.now - sent).total_seconds() / 3600 * 0.98
        scale = min(1, room / sum(offsets)) if offsets else 1
        moments, moment = [], sent
        for offset in offsets:
            moment += timedelta(hours=offset * scale)
            moments.append(moment)
        at = dict(zip(steps, moments, strict=True))

        year = timezone.localtime(sent).year
        world.code_numbers[year] = world.code_numbers.get(year, 0) + 1
        report.code = f"PA-{year}-{world.code_numbers[year]:06d}"
        report.status, report.submitted_at = status, sent
        report.created_at = sent - timedelta(minutes=rng.uniform(1, 30))
        report.updated_at = moments[-1] if moments else sent
        report.deadline = sent + timedelta(days=1)  # receipt: 8 working hours
        if Status.RECEIVED in at:
            urgent = rng.random() < (0.7 if report.urgent_requested else 0.03)
            report.level = Level.URGENT if urgent else Level.NORMAL
            report.is_public = rng.random() < 0.85
            report.received_at = at[Status.RECEIVED]
            report.deadline = None  # received: forwarding sets the next one
        lead = None
        if Status.FORWARDED in at:
            lead = world.heavy_agency if heavy else self._lead(report)
            report.lead_agency, report.forwarded_at = lead, at[Status.FORWARDED]
            category = report.category
            days = (
                category.processing_days_urgent
                if report.level == Level.URGENT
                else category.processing_days_normal
            )
            report.deadline = self._deadline(report.forwarded_at, days, status, overdue)
            self._co_agencies(report, lead, batch)
        if Status.RESOLVED in at:
            report.resolved_at = at[Status.RESOLVED]
            day = timezone.localtime(report.resolved_at)
            report.answer = (
                f"Sau khi kiểm tra hiện trường, ngày {day:%d/%m/%Y} {lead.name} đã {fix}. "
                "Cảm ơn bạn đã phản ánh."
            )
            if rng.random() < 0.2:
                self._file(report, batch, rng.choice(world.photos), report.resolved_at, 0, True)
        if Status.PUBLISHED in at:
            report.published_at = at[Status.PUBLISHED]
            if report.is_public:
                batch.commentable.append(report)
        note = ""
        if status == Status.REJECTED:
            note = self._reject(report)
        self.last_sent = report
        self._events(report, batch, sent, at, lead, note)

    def _deadline(self, forwarded, days, status, overdue) -> datetime:
        """Working days as calendar days (x1.4). Awaiting an answer, about half
        are overdue; the others had theirs extended."""
        now = self.world.now
        deadline = forwarded + timedelta(days=days * 1.4)
        if status not in AWAITING_ANSWER_STATUSES:
            return deadline
        if overdue and deadline >= now:
            return forwarded + (now - forwarded) * self.rng.uniform(0.5, 0.95)
        if not overdue and deadline < now:
            return now + timedelta(days=self.rng.uniform(1, 10))
        return deadline

    def _lead(self, report) -> Agency:
        world, roll = self.world, self.rng.random()
        default = report.category.default_agency_id
        if roll < 0.65 and default in world.agencies:
            return world.agencies[default]
        if roll < 0.85 and report.ward_id in world.commune_of:
            return world.agencies[world.commune_of[report.ward_id]]
        return self.rng.choice(self.agency_list)

    def _co_agencies(self, report, lead, batch) -> None:
        if self.rng.random() < 0.15:
            for agency in self.rng.sample(self.agency_list, self.rng.randint(1, 2)):
                if agency != lead:
                    batch.co_agencies.append(
                        Report.co_agencies.through(report_id=report.pk, agency_id=agency.pk)
                    )

    def _reject(self, report) -> str:
        """The reason and the history note, as report_reject() writes them."""
        reason = self.rng.choices(Reason.values, (30, 25, 20, 15, 10))[0]
        previous = self.last_sent  # a duplicate repeats an earlier report
        if reason == Reason.DUPLICATE and previous is None:
            reason = Reason.UNCLEAR
        report.rejection_reason = reason
        explanation = str(Reason(reason).label)
        if reason == Reason.OTHER:
            explanation += f": {OTHER_REJECTION}"
        if reason == Reason.DUPLICATE:
            report.duplicate_of_id = previous.pk
            explanation += f" ({previous.code})"
        return explanation

    def _events(self, report, batch, sent, at, lead, rejection) -> None:
        """One event per step, public or not as reports/workflow/ records them."""
        world = self.world
        officer = world.officers.get(lead.pk) if lead else None
        # step -> (actor, agency, note, public)
        how = {
            Status.SUBMITTED: (report.reporter_id, None, "", True),
            Status.RECEIVED: (world.ioc, None, RECEIVED_NOTE, False),
            Status.REJECTED: (world.ioc, None, rejection, True),
            Status.FORWARDED: (world.ioc, lead, FORWARD_NOTE.format(agency=lead), True),
            Status.IN_PROGRESS: (officer, lead, "", True),
            Status.RESOLVED: (officer, lead, "", True),
            Status.PUBLISHED: (world.ioc, None, "", True),
        }
        previous = Status.DRAFT
        for step, moment in [(Status.SUBMITTED, sent), *at.items()]:
            actor, agency, note, public = how[step]
            batch.events.append(
                ReportEvent(
                    pk=self.writer.pk(ReportEvent),
                    report_id=report.pk,
                    actor_id=actor,
                    from_status=previous,
                    to_status=step,
                    kind=ReportEvent.Kind.TRANSITION,
                    agency=agency,
                    note=note,
                    is_public=public,
                    created_at=moment,
                )
            )
            previous = step

    # --- Files ------------------------------------------------------------------------

    def _attach(self, report, batch, sent) -> None:
        """The citizen's photos (about 1.3 a report) and sometimes a PDF."""
        rng = self.rng
        count = rng.choices((0, 1, 2, 3), (20, 40, 25, 15))[0]
        for order in range(count):
            self._file(report, batch, rng.choice(self.world.photos), sent, order, False)
        if rng.random() < 0.03:
            self._file(report, batch, self.world.pdf, sent, count, False)

    def _file(self, report, batch, stored: StoredFile, moment, order, is_answer) -> None:
        image = stored.content_type.startswith("image/")
        taken = timezone.localtime(moment)
        batch.attachments.append(
            Attachment(
                pk=self.writer.pk(Attachment),
                public_id=random_uuid(self.rng),
                report_id=report.pk,
                kind=Attachment.Kind.IMAGE if image else Attachment.Kind.FILE,
                file=stored.name,
                thumbnail=stored.thumbnail,
                content_type=stored.content_type,
                size=stored.size,
                original_name=f"IMG_{taken:%Y%m%d_%H%M%S}.jpg" if image else "don-phan-anh.pdf",
                order=order,
                is_answer=is_answer,
                created_at=moment,
            )
        )
