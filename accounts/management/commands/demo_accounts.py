from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User

DEMO_PASSWORD = "PhanAnh@2026"  # nosec B105 # public on purpose; refused where DEBUG is off

# (phone, name, role shown to the newcomer, groups, staff, superuser, organisation)
DEMO_ACCOUNTS = [
    ("+84901000001", "Nguyễn Văn An", "Công dân", [], False, False, False),
    ("+84901000002", "Hợp tác xã Triệu Phong", "Tổ chức", [], False, False, True),
    ("+84901000003", "Trần Thị Bình", "Điều hành viên IOC", ["Điều hành IOC"], True, False, False),
    ("+84901000004", "Lê Văn Cường", "Cán bộ cơ quan xử lý", ["Cán bộ xử lý"], False, False, False),
    (
        "+84901000005",
        "Phạm Thị Dung",
        "Theo dõi địa bàn",
        ["Theo dõi địa bàn"],
        False,
        False,
        False,
    ),
    ("+84901000006", "Hoàng Văn Em", "Kiểm duyệt viên", ["Kiểm duyệt viên"], True, False, False),
    ("+84901000009", "Quản trị hệ thống", "Quản trị", [], True, True, False),
]


class Command(BaseCommand):
    help = "Create (or refresh) one activated demo account per role. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--print", action="store_true", help="Only print the demo accounts.")
        parser.add_argument(
            "--not-in-production",
            action="store_true",
            help="Create them although DEBUG is off (tests, benchmarks); never on a live portal.",
        )

    def handle(self, *args, **options):
        if not options["print"]:
            # Their password is in this file: a superuser anyone could log in as.
            if not (settings.DEBUG or options["not_in_production"]):
                raise CommandError(
                    "Tài khoản thử nghiệm có mật khẩu công khai: chỉ tạo khi DEBUG bật "
                    "(make run), hoặc với --not-in-production trên máy không phục vụ người dân."
                )
            self._create_accounts()
        self.stdout.write(
            self.style.SUCCESS(f"Tài khoản thử nghiệm (mật khẩu chung: {DEMO_PASSWORD})")
        )
        for phone, name, role, *_ in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<22} 0{phone[3:6]} {phone[6:9]} {phone[9:]}  {name}")

    @transaction.atomic
    def _create_accounts(self):
        for phone, name, _role, groups, staff, superuser, organisation in DEMO_ACCOUNTS:
            user, _created = User.objects.update_or_create(
                phone=phone,
                defaults={
                    "full_name": name,
                    "is_organization": organisation,
                    "is_staff": staff,
                    "is_superuser": superuser,
                    "phone_verified": True,
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.set(Group.objects.get_or_create(name=group)[0] for group in groups)
