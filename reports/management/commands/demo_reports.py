"""Demo reports for `make run`, so that every page of the portal has something to show.

Needs `demo_accounts`, `load_admin_units` and `load_reference_data` first. The
same seed gives the same reports; a second run finds them and does nothing.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from reports import deadlines, media
from reports.management import demo_photos, demo_times
from reports.models import (
    AdministrativeUnit,
    AgencyMembership,
    Attachment,
    Category,
    Notification,
    Report,
    ReportEvent,
)
from reports.notifications import kinds
from reports.workflow import report_submit

Status = Report.Status
SEED = 2026
CITIZENS = ("+84901000001", "+84901000002")
OPERATOR, OFFICER = "+84901000003", "+84901000004"
# Town wards get most reports, as in real life; the rest go anywhere in the province.
TOWN_WARDS = ("Phường Đông Hà", "Phường Nam Đông Hà", "Phường Đồng Hới", "Phường Quảng Trị")
PLACES = [
    "đường Hùng Vương", "đường Lê Duẩn", "Quốc lộ 9", "đường Trần Hưng Đạo",
    "đường Quang Trung", "đường Lý Thường Kiệt", "đường Nguyễn Huệ", "Quốc lộ 1",
    "đường Hai Bà Trưng", "đường Lê Lợi", "đường Phan Bội Châu", "đường Nguyễn Trãi",
]  # fmt: skip
# How many demo reports end in each status (the rest stay submitted).
STATUS_SPREAD = {
    Status.DRAFT: 4, Status.SUBMITTED: 5, Status.RECEIVED: 3,
    Status.FORWARDED: 7, Status.IN_PROGRESS: 8, Status.PUBLISHED: 9,
}  # fmt: skip
# Reports waiting for the IOC: a newcomer who forwards one to the suggested
# agency finds it on the demo officer's dashboard, so they are all in that
# agency's categories.
WAITING = (Status.SUBMITTED, Status.RECEIVED)
CHAIN = [Status.RECEIVED, Status.FORWARDED, Status.IN_PROGRESS, Status.RESOLVED, Status.PUBLISHED]
# DEMO SEEDING ONLY: who takes each later step and the note in the history.
STEPS = {
    Status.RECEIVED: (OPERATOR, "Trung tâm IOC đã tiếp nhận phản ánh."),
    Status.FORWARDED: (OPERATOR, "Chuyển {agency} xử lý, hạn {deadline:%d/%m/%Y}."),
    Status.IN_PROGRESS: (OFFICER, "Cán bộ đã xuống hiện trường kiểm tra."),
    Status.RESOLVED: (OFFICER, "Đã xử lý xong, chờ Trung tâm IOC đăng tải kết quả."),
    Status.PUBLISHED: (OPERATOR, "Đăng tải kết quả xử lý."),
}
# The kinds of notice the workflow would have written (read in the reader's language).
NOTICES = {
    Status.RECEIVED: kinds.RECEIVED,
    Status.PUBLISHED: kinds.ANSWER_PUBLISHED,
}
SEEDED_FIELDS = [
    "status", "received_at", "is_public", "level", "deadline",
    "lead_agency", "forwarded_at", "resolved_at", "answer", "published_at",
]  # fmt: skip


@dataclass(frozen=True)
class Sample:
    category: str
    scene: str
    title: str
    content: str
    fix: str  # how the agency answers once it is solved
    urgent: bool = False


S = Sample
SAMPLES = [
    S("giao-thong", "pothole", "Ổ gà lớn giữa {place}",
      "Mặt đường {place} có nhiều ổ gà sâu 15–20 cm, trời mưa đọng nước nên xe máy rất dễ "
      "ngã. Đề nghị sớm vá lại mặt đường.", "vá toàn bộ ổ gà bằng bê tông nhựa"),
    S("moi-truong", "trash", "Rác thải đổ bừa bãi trên vỉa hè {place}",
      "Nhiều ngày nay rác sinh hoạt bị đổ thành đống trên vỉa hè {place}, bốc mùi hôi thối, "
      "ruồi nhặng nhiều. Mong đơn vị thu gom đến xử lý.",
      "thu gom hết rác và đặt thêm thùng rác công cộng"),
    S("cap-thoat-nuoc", "flood", "Ngập sâu sau mỗi trận mưa trên {place}",
      "Chỉ mưa khoảng 30 phút là {place} ngập 30–40 cm, nước rút rất chậm do cống bị tắc. "
      "Nhiều xe chết máy giữa đường.", "nạo vét cống và thông hố ga", True),
    S("dien-chieu-sang", "lamp", "Đèn đường hỏng cả dãy trên {place}",
      "Khoảng 6 cột đèn chiếu sáng trên {place} không sáng đã hơn hai tuần, buổi tối rất tối, "
      "người đi đường lo mất an toàn.", "thay bóng và sửa tủ điện chiếu sáng"),
    S("cay-xanh", "tree", "Cây đổ chắn ngang {place}",
      "Sau trận gió lớn đêm qua, một cây xà cừ bật gốc nằm chắn gần hết {place}, cành đè lên "
      "dây điện. Đề nghị cắt dọn khẩn cấp.", "cắt dọn cây đổ và trồng cây mới thay thế", True),
    S("trat-tu-do-thi", "stall", "Lấn chiếm vỉa hè để buôn bán trên {place}",
      "Các hộ kinh doanh bày hàng, để xe kín vỉa hè {place}, người đi bộ phải xuống lòng "
      "đường, nhất là giờ tan học.", "nhắc nhở, lập biên bản và yêu cầu trả lại vỉa hè"),
    S("dien-chieu-sang", "wire", "Dây điện võng thấp nguy hiểm trên {place}",
      "Dây điện võng xuống chỉ còn cách mặt đường khoảng 2 m, xe tải đi qua có thể vướng. "
      "Đề nghị kiểm tra, căng lại.", "căng lại dây và thay cột bị nghiêng", True),
    S("cap-thoat-nuoc", "flood", "Vỡ ống nước, nước chảy tràn {place}",
      "Đường ống cấp nước bị vỡ từ sáng, nước chảy tràn mặt đường {place}, nhiều hộ xung "
      "quanh bị mất nước.", "thay đoạn ống vỡ và cấp nước trở lại"),
    S("moi-truong", "smoke", "Đốt rác gây khói mù mịt gần {place}",
      "Chiều nào cũng có người đốt rác, lá cây ở bãi đất trống cạnh {place}, khói bay vào nhà "
      "dân, trẻ nhỏ bị ho.", "nhắc nhở các hộ và dọn sạch bãi đất trống"),
    S("xay-dung", "construction", "Công trình để vật liệu tràn ra {place}",
      "Một công trình nhà ở đổ cát, đá, gạch tràn ra lòng đường {place}, không che chắn, bụi "
      "mù, xe đi lại khó khăn.", "xử phạt chủ công trình và yêu cầu che chắn, dọn vật liệu"),
    S("giao-thong", "sign", "Biển báo nghiêng đổ, bị che khuất trên {place}",
      "Biển báo ở ngã tư trên {place} bị cây che và nghiêng hẳn sang một bên, người điều "
      "khiển phương tiện không quan sát được.", "dựng lại biển báo và tỉa cành cây che khuất"),
    S("thien-tai", "landslide", "Sạt lở bờ sông gần {place}",
      "Mưa lớn kéo dài làm bờ sông đoạn gần {place} sạt lở khoảng 20 m, sát móng nhà dân. "
      "Đề nghị khảo sát, có phương án di dời khẩn cấp.",
      "đóng cọc, kè tạm và hỗ trợ các hộ di dời", True),
    S("an-toan-thuc-pham", "shop", "Cơ sở giết mổ gia cầm mất vệ sinh trên {place}",
      "Một cơ sở trên {place} giết mổ gà vịt ngay trên vỉa hè, nước thải chảy ra đường, "
      "không rõ nguồn gốc gia cầm.", "kiểm tra, xử phạt và đình chỉ hoạt động cơ sở"),
    S("an-ninh-trat-tu", "night", "Thanh niên tụ tập đua xe, nẹt pô trên {place}",
      "Khoảng 23 giờ các tối cuối tuần, nhóm thanh niên tụ tập đua xe, nẹt pô ầm ĩ trên "
      "{place}, người dân không ngủ được.", "tăng cường tuần tra và xử lý các trường hợp vi phạm"),
    S("giao-duc", "wall", "Tường rào trường học nứt nghiêng gần {place}",
      "Đoạn tường rào trường tiểu học gần {place} nứt dài, nghiêng ra ngoài, trong khi học "
      "sinh thường đứng chờ phụ huynh ở đây.", "phá dỡ đoạn tường nguy hiểm và xây lại"),
    S("vien-thong-internet", "wire", "Cáp viễn thông chằng chịt, treo thấp trên {place}",
      "Cáp viễn thông của nhiều nhà mạng rối thành búi, có đoạn rơi xuống sát đầu người đi "
      "đường trên {place}.", "chỉnh trang, bó gọn và thu hồi cáp không sử dụng"),
    S("y-te", "trash", "Nhiều ổ lăng quăng trong khu dân cư gần {place}",
      "Khu dân cư gần {place} có nhiều vật dụng đọng nước, muỗi rất nhiều, đã có ba người bị "
      "sốt xuất huyết. Đề nghị phun thuốc diệt muỗi.", "phun hoá chất diệt muỗi và ra quân diệt "
      "lăng quăng"),
    S("nong-nghiep", "field", "Kênh mương nội đồng bị bồi lấp gần {place}",
      "Kênh dẫn nước tưới cho cánh đồng gần {place} bị bồi lấp, cỏ mọc kín, nước không về "
      "được ruộng đúng vụ.", "nạo vét kênh và khơi thông dòng chảy"),
]  # fmt: skip


def _plan():
    """(sample, place, title) of each demo report; fixed, so the marker check needs no DB."""
    plan = []
    # Each sample twice, in two different streets (5 and 12 share no factor).
    for index in range(2 * len(SAMPLES)):
        sample, place = SAMPLES[index % len(SAMPLES)], PLACES[index * 5 % len(PLACES)]
        plan.append((sample, place, sample.title.format(place=place)))
    return plan


class Command(BaseCommand):
    help = "Create a few dozen demo reports with photos and history. Does nothing the second time."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            default=getattr(settings, "PROVINCE_CODE", "44"),
            help="Mã tỉnh có các phường, xã đã nạp (mặc định PROVINCE_CODE).",
        )

    def handle(self, *args, province, **options):
        phones = [*CITIZENS, OPERATOR, OFFICER]
        users = {u.phone.as_e164: u for u in get_user_model().objects.filter(phone__in=phones)}
        if not all(phone in users for phone in CITIZENS):
            raise CommandError(
                "Chưa có tài khoản thử nghiệm: chạy `manage.py demo_accounts` trước."
            )
        plan = _plan()
        titles = [title for _sample, _place, title in plan]
        # The marker: any of the demo titles already filed by the first demo citizen.
        if Report.objects.filter(reporter=users[CITIZENS[0]], title__in=titles).exists():
            self.stdout.write("Đã có phản ánh thử nghiệm, không tạo thêm.")
            return
        wards = list(
            AdministrativeUnit.objects.filter(
                level=AdministrativeUnit.Level.WARD, parent__code=province, latitude__isnull=False
            ).order_by("code")
        )
        slugs = {sample.category for sample in SAMPLES}
        categories = Category.objects.select_related("default_agency").in_bulk(
            slugs, field_name="slug"
        )
        if not wards or len(categories) < len(slugs):
            raise CommandError(
                f"Thiếu dữ liệu danh mục: chạy `manage.py load_admin_units --province {province}`"
                " và `manage.py load_reference_data` trước."
            )

        self.rng = random.Random(SEED)  # noqa: S311 (demo data, not secrets)  # nosec B311
        self.users, self.categories, self.stored = users, categories, []
        statuses = self._statuses(plan)
        town = [ward for ward in wards if ward.name in TOWN_WARDS] or wards
        sent_at = [self._sending_moment() for _ in plan]
        try:
            with transaction.atomic():
                # Oldest first, so that codes rise with the sending dates.
                for index in sorted(range(len(plan)), key=sent_at.__getitem__):
                    ward = self.rng.choice(town if self.rng.random() < 0.65 else wards)
                    self._create(index, plan[index], statuses[index], ward, sent_at[index])
        except BaseException:
            # The rows are rolled back; the photo files already stored must go too.
            for storage, name in self.stored:
                storage.delete(name)
            raise
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {len(plan)} phản ánh thử nghiệm với {len(self.stored) // 2} ảnh."
            )
        )

    def _statuses(self, plan) -> list:
        """The status each entry of the plan ends in, shuffled, with the
        reports waiting for the IOC among the demo officer's categories."""
        officer = AgencyMembership.objects.filter(user=self.users.get(OFFICER)).first()
        officers = [
            index
            for index, (sample, _place, _title) in enumerate(plan)
            if officer and self.categories[sample.category].default_agency_id == officer.agency_id
        ]
        others = [index for index in range(len(plan)) if index not in officers]
        self.rng.shuffle(officers)
        spread = [status for status, count in STATUS_SPREAD.items() for _ in range(count)]
        waiting = [status for status in spread if status in WAITING]
        rest = [status for status in spread if status not in WAITING]
        rest += [Status.SUBMITTED] * (len(plan) - len(spread))
        self.rng.shuffle(rest)
        statuses = [None] * len(plan)
        for index, status in zip(officers + others, waiting + rest, strict=True):
            statuses[index] = status
        return statuses

    def _sending_moment(self):
        """Over the past weeks in office hours, but inside this year: the code
        carries the year."""
        now = timezone.now()
        year_start = timezone.localtime(now).replace(month=1, day=1, hour=0, minute=0, second=0)
        moment = demo_times.office_moment_before(
            now - timedelta(days=self.rng.uniform(0.2, 45)), self.rng
        )
        if moment < year_start:
            return min(deadlines.add_working_hours(year_start, self.rng.uniform(0, 2)), now)
        return moment

    def _create(self, index, entry, status, ward, submitted):
        rng, (sample, place, title) = self.rng, entry
        citizen = self.users[CITIZENS[index % len(CITIZENS)]]
        report = Report.objects.create(
            reporter=citizen,
            title=title,
            content=sample.content.format(place=place),
            category=self.categories[sample.category],
            urgent_requested=sample.urgent,
            latitude=Decimal(f"{ward.latitude + rng.uniform(-0.004, 0.004):.6f}"),
            longitude=Decimal(f"{ward.longitude + rng.uniform(-0.004, 0.004):.6f}"),
            address=f"{place[0].upper()}{place[1:]}",
            ward=ward,
            hide_name=rng.random() < 0.25,
        )
        for order in range(rng.randint(1, 3)):
            self._attach(report, sample.scene, title, order)
        if status == Status.DRAFT:
            return
        report = report_submit(report=report, actor=citizen)
        steps = CHAIN[: CHAIN.index(status) + 1] if status in CHAIN else []
        moments = demo_times.step_moments(submitted, steps, timezone.now(), rng)
        Report.objects.filter(pk=report.pk).update(
            created_at=submitted,
            submitted_at=submitted,
            deadline=deadlines.receipt_deadline(submitted),
        )
        report.events.update(created_at=submitted)
        report.notifications.update(created_at=submitted)
        for step, moment in zip(steps, moments, strict=True):
            self._seed_step(report, sample, step, moment)
        Report.objects.filter(pk=report.pk).update(updated_at=max([submitted, *moments]))

    def _attach(self, report, scene, title, order):
        image = demo_photos.photo(scene, title, self.rng)
        content = demo_photos.jpeg(image)
        attachment = Attachment(
            report=report,
            kind=Attachment.Kind.IMAGE,
            content_type="image/jpeg",
            size=len(content),
            original_name=f"IMG_{report.pk:04d}_{order + 1}.jpg",
            order=order,
        )
        attachment.file.save("photo.jpg", ContentFile(content), save=False)
        self.stored.append((attachment.file.storage, attachment.file.name))
        attachment.save()
        media.make_thumbnail(attachment)
        self.stored.append((attachment.thumbnail.storage, attachment.thumbnail.name))

    def _seed_step(self, report, sample, step, moment):
        """DEMO SEEDING ONLY. Real status changes go through reports/workflow/
        (issue 4 brings these transitions); the demo writes them directly, with
        one ReportEvent per step, so that demo reports show a full history."""
        category, agency = report.category, report.category.default_agency
        if step == Status.RECEIVED:
            report.received_at = moment
            report.is_public = self.rng.random() < 0.85
            report.level = report.requested_level
            report.deadline = None  # as report_receive: forwarding sets the next one
        elif step == Status.FORWARDED:
            report.lead_agency, report.forwarded_at = agency, moment
            report.deadline = deadlines.processing_deadline(moment, category, report.level)
        elif step == Status.RESOLVED:
            report.resolved_at = moment
            report.answer = (
                f"Ngày {timezone.localtime(moment):%d/%m/%Y}, {agency} đã kiểm tra hiện trường "
                f"và {sample.fix}. Cảm ơn bạn đã phản ánh."
            )
        elif step == Status.PUBLISHED:
            report.published_at = moment
        phone, note = STEPS[step]
        event = ReportEvent.objects.create(
            report=report,
            actor=self.users.get(phone),
            from_status=report.status,
            to_status=step,
            note=note.format(
                agency=agency, deadline=report.deadline and timezone.localtime(report.deadline)
            ),
        )
        ReportEvent.objects.filter(pk=event.pk).update(created_at=moment)
        report.status = step
        report.save(update_fields=SEEDED_FIELDS)
        if step in NOTICES:
            notice = Notification.objects.create(
                recipient=report.reporter,
                report=report,
                kind=NOTICES[step],
                params=kinds.message(NOTICES[step], code=report.code).params,
            )
            Notification.objects.filter(pk=notice.pk).update(created_at=moment)
