"""The accounts and files of the soak run: `manage.py soak_seed --out DIR`.

Runs after `seed_bench` (which made the citizens, agencies and officers).
Adds IOC operators, gives the officers of a few agencies an authenticator
secret, and writes DIR/accounts.json (phones, the shared password, TOTP
secrets, categories, places in the province) and the photo and PDF the
simulated citizens attach. Benchmark machines only: the secrets are public.
"""

import io
import json
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from PIL import Image

from accounts import second_factor
from accounts.management.commands.demo_accounts import DEMO_PASSWORD, demo_secret
from accounts.models import User
from bench.seed.people import AGENCY_PREFIX, CITIZEN_PREFIX, HEAVY_CITIZEN
from reports.management.commands.setup_roles import IOC_OPERATOR
from reports.models import AdministrativeUnit, AgencyMembership, Category

IOC_PREFIX = "+849040000"
# The smallest PDF readers open: one empty page.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class Command(BaseCommand):
    help = "Accounts, secrets and files for `make soak` (after seed_bench)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True)
        parser.add_argument("--ioc", type=int, default=5)
        parser.add_argument("--officers", type=int, default=10)
        parser.add_argument("--citizens", type=int, default=300)

    def handle(self, *args, out, ioc, officers, citizens, **options):
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        accounts = {
            "password": DEMO_PASSWORD,
            "ioc": [self._staff(user) for user in self._operators(ioc)],
            "officers": [
                {**self._staff(member.user), "agency": member.agency_id}
                for member in self._officers(officers)
            ],
            "citizens": list(
                User.objects.filter(phone__startswith=CITIZEN_PREFIX, is_active=True)
                .exclude(phone=HEAVY_CITIZEN)
                .order_by("phone")
                .values_list("phone", flat=True)[:citizens]
            ),
            "categories": list(
                Category.objects.filter(is_active=True).values_list("pk", flat=True)
            ),
            "places": [
                [float(lat), float(lng)]
                for lat, lng in AdministrativeUnit.objects.filter(latitude__isnull=False)
                .order_by("pk")
                .values_list("latitude", "longitude")[:50]
            ],
        }
        accounts["citizens"] = [str(phone) for phone in accounts["citizens"]]
        (folder / "accounts.json").write_text(json.dumps(accounts, indent=1))
        photo = io.BytesIO()
        Image.new("RGB", (640, 480), "darkgreen").save(photo, format="JPEG", quality=80)
        (folder / "photo.jpg").write_bytes(photo.getvalue())
        (folder / "doc.pdf").write_bytes(PDF)
        self.stdout.write(
            f"Soak: {len(accounts['ioc'])} IOC, {len(accounts['officers'])} officers, "
            f"{len(accounts['citizens'])} citizens -> {folder / 'accounts.json'}"
        )

    def _operators(self, count: int) -> list[User]:
        group = Group.objects.get(name=IOC_OPERATOR)
        users = []
        for number in range(1, count + 1):
            user, _created = User.objects.update_or_create(
                phone=f"{IOC_PREFIX}{number:02d}",
                defaults={
                    "full_name": f"Điều hành viên thử tải {number}",
                    "is_staff": True,
                    "phone_verified": True,
                    "password": make_password(DEMO_PASSWORD),
                },
            )
            user.groups.add(group)
            users.append(user)
        return users

    def _officers(self, count: int) -> list[AgencyMembership]:
        members = (
            AgencyMembership.objects.filter(
                agency__code__startswith=AGENCY_PREFIX,
                agency__is_active=True,
                role=AgencyMembership.AgencyRole.OFFICER,
            )
            .select_related("user")
            .order_by("agency_id")
        )
        return list(members[:count])

    @staticmethod
    def _staff(user: User) -> dict:
        secret = second_factor.enrol(user, demo_secret(str(user.phone)))  # replaces any app
        return {"phone": str(user.phone), "secret": secret}
