import base64

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import second_factor
from accounts.models import User
from accounts.templatetags.phone import national_phone

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


def is_demo_staff(groups, staff) -> bool:
    """IOC, moderator, officer, monitor and superuser: all sign in with a second factor."""
    return staff or bool(groups)


def demo_secret(phone: str) -> str:
    """A fixed authenticator secret per demo staff account (public, like the
    password): 20 bytes, so base32 needs no padding."""
    return base64.b32encode(f"pa-demo-{phone}".encode()).decode()


def _workplaces() -> dict[str, list[str]]:
    """Where each demo officer and monitor works, once `load_reference_data`
    gave them their agencies: "Sở Xây dựng", or "UBND phường Đông Hà ·
    địa bàn Phường Đông Hà" for an agency that covers an area."""
    members = User.objects.filter(phone__in=[phone for phone, *_ in DEMO_ACCOUNTS])
    found = {}
    for user in members.prefetch_related("agency_memberships__agency__units"):
        for membership in user.agency_memberships.all():
            agency = membership.agency
            units = ", ".join(unit.name for unit in agency.units.all())
            area = f" · địa bàn {units}" if units else ""
            line = f"{membership.get_role_display()} của {agency.name}{area}"
            found.setdefault(user.phone.as_e164, []).append(line)
    return found


class Command(BaseCommand):
    help = "Create (or refresh) one activated demo account per role. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--print", action="store_true", help="Only print the demo accounts.")
        parser.add_argument(
            "--codes",
            action="store_true",
            help="Only print the current authenticator code of each demo staff account.",
        )
        parser.add_argument(
            "--not-in-production",
            action="store_true",
            help="Create them although DEBUG is off (tests, benchmarks); never on a live portal.",
        )

    def handle(self, *args, **options):
        if options["codes"]:
            return self._print_codes()
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
        workplaces = _workplaces()
        for phone, name, role, groups, staff, *_ in DEMO_ACCOUNTS:
            secret = f"  khoá TOTP {demo_secret(phone)}" if is_demo_staff(groups, staff) else ""
            self.stdout.write(f"  {role:<22} {national_phone(phone)}  {name}{secret}")
            for workplace in workplaces.get(phone, []):
                self.stdout.write(f"  {'':<22} {workplace}")
        self.stdout.write(
            "Tài khoản cán bộ đăng nhập với mã xác thực hai lớp: thêm khoá TOTP vào một ứng dụng "
            "xác thực, hoặc xem mã hiện tại bằng `make demo-codes`."
        )

    def _print_codes(self):
        for phone, _name, role, *_ in DEMO_ACCOUNTS:
            user = User.objects.filter(phone=phone).first()
            # Only an account that still has its public demo secret.
            if user and second_factor.secret_of(user) == demo_secret(phone):
                code = second_factor.current_code(demo_secret(phone))
                self.stdout.write(f"  {role:<22} {national_phone(phone)}  mã {code}")

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
            if is_demo_staff(groups, staff) and second_factor.secret_of(user) != demo_secret(phone):
                second_factor.enrol(user, demo_secret(phone))
