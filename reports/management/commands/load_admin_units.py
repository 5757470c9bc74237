"""Load a province and its wards/communes from the vietnamadminunits dataset (MIT).

The package ships an SQLite file; it is opened read-only and only two tables
are read: `admin_units` (after the 2025 reorganisation: province -> ward) and
`admin_units_legacy` (before it: province -> district -> ward).
"""

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import vietnamadminunits
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reports.models import AdministrativeUnit

Level = AdministrativeUnit.Level

DATA_DIR = Path(vietnamadminunits.__file__).resolve().parent / "data"

# The 2025 wards reuse the official code of one of the wards they absorbed, so
# a pre-2025 unit keeps its official code behind this prefix ("L19333").
LEGACY_PREFIX = "L"

FIELDS = ("name", "kind", "level", "parent_id", "latitude", "longitude")


def _dataset():
    # mode=ro: the file belongs to the installed package and may be read-only.
    uri = (DATA_DIR / "dataset.db").as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    connection.row_factory = sqlite3.Row
    return closing(connection)


def _legacy_province_keys(province_key: str) -> list[str]:
    """The pre-2025 provinces merged into this one (Quảng Trị = Quảng Bình + Quảng Trị)."""
    merged = json.loads((DATA_DIR / "converter_2025.json").read_text(encoding="utf-8"))
    return merged["DICT_PROVINCE"].get(province_key, [province_key])


class Counter:
    def __init__(self):
        self.created = self.updated = self.unchanged = 0

    @property
    def total(self):
        return self.created + self.updated + self.unchanged

    def describe(self, noun: str) -> str:
        return f"{self.total} {noun} ({self.created} mới, {self.updated} cập nhật)"


class Upserter:
    """update_or_create by code, but writing only rows whose data changed, so a
    second run touches nothing and the counts say what really happened."""

    def __init__(self, codes):
        self.existing = {
            unit.code: unit for unit in AdministrativeUnit.objects.filter(code__in=codes)
        }

    def __call__(self, counter: Counter, code: str, **data) -> AdministrativeUnit:
        unit = self.existing.get(code)
        if unit is None:
            unit = AdministrativeUnit.objects.create(code=code, **data)
            self.existing[code] = unit
            counter.created += 1
            return unit
        changed = [field for field in FIELDS if getattr(unit, field) != data[field]]
        if changed:
            for field in changed:
                setattr(unit, field, data[field])
            unit.save(update_fields=changed)
            counter.updated += 1
        else:
            counter.unchanged += 1
        return unit


class Command(BaseCommand):
    help = (
        "Load a province and its current wards/communes (after 2025) from vietnamadminunits; "
        "--legacy also loads the pre-2025 districts and their wards. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", required=True, help="Mã tỉnh, thành phố sau 2025 (44 = Quảng Trị)."
        )
        parser.add_argument(
            "--legacy",
            action="store_true",
            help="Nạp thêm cấp huyện và phường, xã trước 2025 (mã có tiền tố L).",
        )

    def handle(self, *args, province, legacy, **options):
        code = province.strip().zfill(2)
        with _dataset() as db:
            rows = db.execute(
                "SELECT province, provinceShort, provinceKey, provinceLat, provinceLon,"
                " ward, wardType, wardCode, wardLat, wardLon"
                " FROM admin_units WHERE provinceCode = ? ORDER BY wardCode",
                [code],
            ).fetchall()
            if not rows:
                known = ", ".join(
                    row[0]
                    for row in db.execute(
                        "SELECT DISTINCT provinceCode FROM admin_units ORDER BY provinceCode"
                    )
                )
                raise CommandError(
                    f"Không có tỉnh, thành phố mã “{province}” (unknown province code). "
                    f"Các mã hợp lệ: {known}."
                )
            legacy_rows = self._legacy_rows(db, rows[0]["provinceKey"]) if legacy else []

        with transaction.atomic():
            province_unit, wards = self._load_current(code, rows)
            self.stdout.write(
                self.style.SUCCESS(
                    f"{province_unit.name} ({code}): {wards.describe('phường, xã, đặc khu')}."
                )
            )
            if legacy:
                districts, legacy_wards = self._load_legacy(province_unit, legacy_rows)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Trước 2025: {districts.describe('quận, huyện')}; "
                        f"{legacy_wards.describe('phường, xã, thị trấn')}."
                    )
                )

    def _load_current(self, code, rows):
        upsert = Upserter([code, *(row["wardCode"] for row in rows)])
        first = rows[0]
        province_unit = upsert(
            Counter(),
            code,
            name=first["province"],
            # "Tỉnh Quảng Trị" minus "Quảng Trị": "Tỉnh" or "Thành phố".
            kind=first["province"].removesuffix(first["provinceShort"]).strip(),
            level=Level.PROVINCE,
            parent_id=None,
            latitude=first["provinceLat"],
            longitude=first["provinceLon"],
        )
        wards = Counter()
        for row in rows:
            upsert(
                wards,
                row["wardCode"],
                name=row["ward"],
                kind=row["wardType"],
                level=Level.WARD,
                parent_id=province_unit.pk,
                latitude=row["wardLat"],
                longitude=row["wardLon"],
            )
        return province_unit, wards

    def _legacy_rows(self, db, province_key):
        # json_each keeps the list of province keys a bound parameter.
        return db.execute(
            "SELECT district, districtType, districtCode, districtLat, districtLon,"
            " ward, wardType, wardCode, wardLat, wardLon FROM admin_units_legacy"
            " WHERE provinceKey IN (SELECT value FROM json_each(?))"
            " ORDER BY districtCode, wardCode",
            [json.dumps(_legacy_province_keys(province_key))],
        ).fetchall()

    def _load_legacy(self, province_unit, rows):
        """Former districts hang under today's province, their wards under them."""
        codes = {LEGACY_PREFIX + row["districtCode"] for row in rows}
        codes |= {LEGACY_PREFIX + row["wardCode"] for row in rows if row["wardCode"]}
        upsert = Upserter(codes)
        districts, wards = Counter(), Counter()
        district_units = {}
        for row in rows:
            district_code = LEGACY_PREFIX + row["districtCode"]
            if district_code not in district_units:
                district_units[district_code] = upsert(
                    districts,
                    district_code,
                    name=row["district"],
                    kind=row["districtType"],
                    level=Level.DISTRICT,
                    parent_id=province_unit.pk,
                    latitude=row["districtLat"],
                    longitude=row["districtLon"],
                )
            # A district without wards (the island district Cồn Cỏ) has one empty row.
            if row["wardCode"]:
                upsert(
                    wards,
                    LEGACY_PREFIX + row["wardCode"],
                    name=row["ward"],
                    kind=row["wardType"],
                    level=Level.WARD,
                    parent_id=district_units[district_code].pk,
                    latitude=row["wardLat"],
                    longitude=row["wardLon"],
                )
        return districts, wards
