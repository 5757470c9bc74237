"""Citizens, agencies and their officers, in bulk."""

import itertools
import random
from datetime import datetime, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from accounts.text import fold
from reports.management.commands.setup_roles import AGENCY_OFFICER
from reports.models import AdministrativeUnit, Agency, AgencyMembership

from .words import AGENCY_NAMES, FAMILY, GIVEN, HEAVY_AGENCY_NAME, MIDDLE

BATCH = 5000
# E.164 ranges no demo account uses (+849010000xx, +84899999999).
CITIZEN_PREFIX = "+849020"  # +84902000000 … +84902099999
HEAVY_CITIZEN = "+84902000000"
OFFICER_PREFIX = "+849030"
HEAVY_OFFICER = "+84903000001"
AGENCY_PREFIX = "bench-"
HEAVY_AGENCY = "bench-lead"
AgencyRole = AgencyMembership.AgencyRole


def full_name(rng: random.Random) -> str:
    sex = rng.choice("mf")
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def _user(phone: str, name: str, password: str, joined: datetime) -> User:
    # bulk_create skips save(), which keeps the folded name for searches.
    return User(
        phone=phone,
        full_name=name,
        full_name_folded=fold(name),
        password=password,
        phone_verified=True,
        date_joined=joined,
    )


def create_citizens(count: int, password: str, rng: random.Random, since: datetime) -> list:
    """The heavy citizen first, then the others; all share one password hash."""
    span = (timezone.now() - since).total_seconds()

    def joined():
        return since + timedelta(seconds=span * rng.random())

    users = [_user(HEAVY_CITIZEN, "Công dân thử tải", password, since)]
    users += [
        _user(f"{CITIZEN_PREFIX}{number:05d}", full_name(rng), password, joined())
        for number in range(1, count)
    ]
    return User.objects.bulk_create(users, batch_size=BATCH)


def create_agencies(total: int, rng: random.Random) -> list[Agency]:
    """Up to `total` agencies with the existing ones: the heavy agency, then
    ward offices (police, health station, school, commune office where none
    exists yet), each covering its ward."""
    wards = list(AdministrativeUnit.objects.current_wards().order_by("code"))
    covered = set(
        AdministrativeUnit.objects.filter(agencies__kind=Agency.Kind.COMMUNE).values_list(
            "pk", flat=True
        )
    )
    candidates = (
        (template, kind, ward)
        for template, kind in AGENCY_NAMES
        for ward in wards
        if not (kind == Agency.Kind.COMMUNE and ward.pk in covered)
    )
    missing = max(1, total - Agency.objects.count())
    heavy = Agency(code=HEAVY_AGENCY, name=HEAVY_AGENCY_NAME, kind=Agency.Kind.OTHER)
    agencies, units = [heavy], {heavy.code: rng.sample(wards, min(6, len(wards)))}
    for number, (template, kind, ward) in enumerate(itertools.islice(candidates, missing - 1), 1):
        short = ward.name.removeprefix(ward.kind).strip()
        name = template.format(ward=ward.name[0].lower() + ward.name[1:], short=short)
        agencies.append(Agency(code=f"{AGENCY_PREFIX}{number:04d}", name=name, kind=kind))
        units[agencies[-1].code] = [ward]
    agencies = Agency.objects.bulk_create(agencies)
    Agency.units.through.objects.bulk_create(
        Agency.units.through(agency_id=agency.pk, administrativeunit_id=unit.pk)
        for agency in agencies
        for unit in units[agency.code]
    )
    return agencies


def create_officers(password: str, rng: random.Random, since: datetime) -> dict[int, int]:
    """agency pk -> an officer's user pk, for every agency: one new officer in
    each agency that has none (the heavy agency's is HEAVY_OFFICER, "Cán bộ
    thử tải"), in the group demo officers have."""
    handlers = AgencyMembership.objects.filter(role__in=(AgencyRole.OFFICER, AgencyRole.LEADER))
    officers = dict(handlers.order_by("-pk").values_list("agency_id", "user_id"))
    agencies = list(Agency.objects.exclude(pk__in=officers).order_by("pk"))
    users = []
    for number, agency in enumerate(agencies, 2):
        if agency.code == HEAVY_AGENCY:
            users.append(_user(HEAVY_OFFICER, "Cán bộ thử tải", password, since))
        else:
            phone = f"{OFFICER_PREFIX}{number:05d}"
            users.append(_user(phone, full_name(rng), password, since))
    users = User.objects.bulk_create(users, batch_size=BATCH)
    AgencyMembership.objects.bulk_create(
        AgencyMembership(agency=agency, user=user, role=AgencyRole.OFFICER)
        for agency, user in zip(agencies, users, strict=True)
    )
    group, _created = Group.objects.get_or_create(name=AGENCY_OFFICER)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=group.pk) for user in users
    )
    officers.update((agency.pk, user.pk) for agency, user in zip(agencies, users, strict=True))
    return officers
