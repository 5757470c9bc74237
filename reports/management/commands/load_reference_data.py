"""Seed the categories and demo agencies of reports/reference_data.py."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from reports.models import AdministrativeUnit, Agency, AgencyMembership, Category
from reports.reference_data import AGENCIES, CATEGORIES, DEMO_MEMBERSHIPS


class Command(BaseCommand):
    help = (
        "Create or update the categories and demo agencies of reports/reference_data.py, "
        "and give the demo officer and monitor their agencies. Safe to run twice."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        agencies = self._load_agencies()
        self._load_categories(agencies)
        self._load_memberships(agencies)

    def _load_agencies(self) -> dict[str, Agency]:
        agencies, created = {}, 0
        for data in AGENCIES:
            agency, is_new = Agency.objects.update_or_create(
                code=data.code, defaults={"name": data.name, "kind": data.kind}
            )
            agencies[data.code] = agency
            created += is_new
            # Former district-level units are left out: an agency covers today's units.
            units = AdministrativeUnit.objects.filter(name__in=data.unit_names).exclude(
                parent__level=AdministrativeUnit.Level.DISTRICT
            )
            # add(), not set(): units an administrator added by hand stay.
            agency.units.add(*units)
        self.stdout.write(self.style.SUCCESS(f"Cơ quan xử lý: {len(agencies)} ({created} mới)."))
        return agencies

    def _load_categories(self, agencies):
        created = 0
        for position, data in enumerate(CATEGORIES, start=1):
            text = {"name": data.name, "description": data.description, "icon": data.icon}
            # What the admin tunes (order, agency, deadlines) is only seeded on
            # creation: `make run` reruns this command and must not undo it.
            _category, is_new = Category.objects.update_or_create(
                slug=data.slug,
                defaults=text,
                create_defaults={
                    **text,
                    "order": position * 10,
                    "default_agency": agencies.get(data.agency),
                    "processing_days_normal": data.days_normal,
                    "processing_days_urgent": data.days_urgent,
                },
            )
            created += is_new
        self.stdout.write(self.style.SUCCESS(f"Chuyên mục: {len(CATEGORIES)} ({created} mới)."))

    def _load_memberships(self, agencies):
        phones = [phone for phone, *_ in DEMO_MEMBERSHIPS]
        users = {u.phone.as_e164: u for u in get_user_model().objects.filter(phone__in=phones)}
        # Without the demo accounts (a production database) there is nothing to link.
        linked = 0
        for phone, agency_code, role in DEMO_MEMBERSHIPS:
            if phone in users:
                AgencyMembership.objects.update_or_create(
                    agency=agencies[agency_code], user=users[phone], defaults={"role": role}
                )
                linked += 1
        if linked:
            self.stdout.write(self.style.SUCCESS(f"Thành viên cơ quan (thử nghiệm): {linked}."))
